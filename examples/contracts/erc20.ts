/**
 * A private ERC-20: balances live in the contract's encrypted storage; transfers are encrypted
 * commands, so the chain sees neither amounts nor parties; a holder can query only their own
 * balance (the query is signed, so `ctx.caller` is proven).
 */
interface Ctx {
  caller: string;
  storage: { get(key: string): unknown; set(key: string, value: unknown): void };
  emit(name: string, data: unknown): void;
}

const balanceKey = (who: string) => `balance:${who}`;
const balanceOf = (ctx: Ctx, who: string) => (ctx.storage.get(balanceKey(who)) as number | undefined) ?? 0;

function assertAmount(amount: unknown): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new Error('amount must be a positive integer');
  }
}

export default {
  init(ctx: Ctx, supply: number, name = 'Private Token') {
    assertAmount(supply);
    ctx.storage.set('meta', { name, supply, owner: ctx.caller });
    ctx.storage.set(balanceKey(ctx.caller), supply);
  },
  tx: {
    transfer(ctx: Ctx, to: string, amount: number) {
      assertAmount(amount);
      if (typeof to !== 'string' || to.length === 0) throw new Error('to must be an address');
      const from = balanceOf(ctx, ctx.caller);
      if (from < amount) throw new Error('insufficient balance');
      ctx.storage.set(balanceKey(ctx.caller), from - amount);
      ctx.storage.set(balanceKey(to), balanceOf(ctx, to) + amount);
      ctx.emit('Transfer', { amount });
      return from - amount;
    },
  },
  query: {
    /** Your own balance only. */
    balanceOf(ctx: Ctx, who?: string) {
      if (who !== undefined && who !== ctx.caller) throw new Error('you may only query your own balance');
      return balanceOf(ctx, ctx.caller);
    },
    meta(ctx: Ctx) {
      const meta = ctx.storage.get('meta') as { name: string; supply: number };
      return { name: meta.name, supply: meta.supply };
    },
  },
};
