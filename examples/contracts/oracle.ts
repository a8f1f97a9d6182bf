/**
 * An oracle: a query fetches a URL from inside the enclave (ctx.http.fetch: queries only, with
 * time and size limits) and signs what it saw with the contract's own key, so anyone can check the
 * answer came from this contract.
 */
interface Ctx {
  storage: { get(key: string): unknown; set(key: string, value: unknown): void };
  caller: string;
  http: { fetch(url: string, options?: unknown): Promise<{ status: number; text(): string }> };
  crypto: { deriveKey(salt: string): { publicKey: string; sign(m: string): string } };
}

export default {
  init(ctx: Ctx, url: string) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error('url must be http(s)');
    ctx.storage.set('url', url);
    ctx.storage.set('owner', ctx.caller);
  },
  tx: {
    setUrl(ctx: Ctx, url: string) {
      if (ctx.caller !== ctx.storage.get('owner')) throw new Error('only the owner may change the url');
      ctx.storage.set('url', url);
    },
  },
  query: {
    async fetch(ctx: Ctx) {
      const url = ctx.storage.get('url') as string;
      const response = await ctx.http.fetch(url);
      const body = response.text().slice(0, 1024);
      const key = ctx.crypto.deriveKey('oracle');
      const report = JSON.stringify({ url, status: response.status, body });
      return { report, signature: key.sign(report), signer: key.publicKey };
    },
  },
};
