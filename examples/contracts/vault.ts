/**
 * A secret vault (spec 000: contracts that own private keys). The contract derives its own key
 * pair — the same on every worker — and keeps a secret note. Only the owner may retrieve them, and
 * they come back encrypted to the owner's account key by key agreement: the owner computes
 * blake2(agree(ownerSecret, vaultPublicKey)) and decrypts; nobody else, not even the worker that
 * answered, can open a copy that leaks.
 */
interface Ctx {
  caller: string;
  storage: { get(key: string): unknown; set(key: string, value: unknown): void };
  crypto: {
    deriveKey(salt: string): { publicKey: string; sign(m: string): string; agree(peer: string): string; exportSecret(): string };
    blake2(data: string): string;
    encrypt(key: string, plaintext: string): string;
  };
}

const owner = (ctx: Ctx) => ctx.storage.get('owner') as string;

export default {
  init(ctx: Ctx) {
    ctx.storage.set('owner', ctx.caller);
  },
  tx: {
    store(ctx: Ctx, note: string) {
      if (ctx.caller !== owner(ctx)) throw new Error('only the owner may store a note');
      ctx.storage.set('note', note);
    },
  },
  query: {
    publicKey(ctx: Ctx) {
      return ctx.crypto.deriveKey('vault').publicKey;
    },
    /** The vault key's secret and the note, encrypted to the caller (the owner) by key agreement. */
    reveal(ctx: Ctx) {
      if (ctx.caller !== owner(ctx)) throw new Error('only the owner may reveal the vault');
      const key = ctx.crypto.deriveKey('vault');
      const shared = ctx.crypto.blake2(key.agree(ctx.caller));
      return {
        vaultPublicKey: key.publicKey,
        secret: ctx.crypto.encrypt(shared, key.exportSecret()),
        note: ctx.crypto.encrypt(shared, String(ctx.storage.get('note') ?? '')),
      };
    },
    sign(ctx: Ctx, message: string) {
      if (ctx.caller !== owner(ctx)) throw new Error('only the owner may sign with the vault key');
      return ctx.crypto.deriveKey('vault').sign(message);
    },
  },
};
