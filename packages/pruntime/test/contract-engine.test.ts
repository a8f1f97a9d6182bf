// The JS contract engine: module format and ctx, determinism (same gas and outcomes in a fresh
// session, as after a restart), and limits that fail one call with a clear error.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { CallHost } from '../src/contracts/call-host.js';
import type { CallKind, ContractEngine, EngineSession } from '../src/contracts/engine.js';
import { DEFAULT_GAS_LIMIT } from '../src/contracts/gas.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractState } from '../src/contracts/state.js';

const CODE = `export default {
  init(ctx, supply) { ctx.storage.set('bal:' + ctx.caller, supply); },
  tx: {
    transfer(ctx, to, amount) {
      const from = ctx.storage.get('bal:' + ctx.caller) ?? 0;
      if (from < amount) throw new Error('insufficient balance');
      ctx.storage.set('bal:' + ctx.caller, from - amount);
      ctx.storage.set('bal:' + to, (ctx.storage.get('bal:' + to) ?? 0) + amount);
      ctx.emit('Transfer', { amount });
      return from - amount;
    },
    work(ctx, n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; },
    loop() { for (;;) {} },
    date() { return Date.now(); },
    random() { return Math.random(); },
    memory() { const a = []; for (;;) a.push({ a: a.length }); },
    recurse() { const f = (n) => f(n + 1) + 1; return f(0); },
    weak() { return [typeof WeakRef, typeof setTimeout, Object.isFrozen(Array.prototype)]; },
    rand(ctx) { return ctx.random(16); },
    key(ctx) { return ctx.crypto.deriveKey('a').publicKey; },
    fetch(ctx) { return ctx.http.fetch('http://example.com'); },
    search(ctx, n) { const s = 'a'.repeat(4e6); let c = 0; for (let i = 0; i < n; i++) c += s.indexOf('b'); return c; },
    hoard(ctx, n) { const a = []; try { for (let i = 0; i < n; i++) a.push('x'.repeat(1 << 20) + i); } catch { return a.length; } return a.length; },
  },
  query: {
    balance(ctx, who) { return ctx.storage.get('bal:' + who) ?? 0; },
    write(ctx) { ctx.storage.set('x', 1); },
    async slow(ctx) { return (await ctx.http.fetch('http://slow/')).text(); },
    odd() { return '\ud800' + 'é'.repeat(20000); },
    async fetchMany(ctx, n) { const out = []; for (let i = 0; i < n; i++) out.push((await ctx.http.fetch('http://x/' + i)).text()); return out; },
  },
};`;

function harness(engine: ContractEngine) {
  const seed = new Uint8Array(32).fill(1);
  const state = new ContractState({
    contract: new Uint8Array(32),
    storageKey: new Uint8Array(32).fill(2),
    storageNameKey: new Uint8Array(32).fill(3),
  });
  let session: EngineSession | undefined;
  let position = 0n;
  return {
    state,
    async call(kind: CallKind, method: string | undefined, args: unknown[], gasLimit = 200_000_000) {
      if (session === undefined || session.broken) session = await engine.open(CODE);
      const env = { kind, caller: 'alice', self: 'contract', block: { number: 1, timestamp: 1_000 } };
      const host = new CallHost(env, state, seed, { kind: 'derived', key: seed, position });
      const outcome = await session.call({ method, args: JSON.stringify(args), gasLimit }, host);
      if (outcome.ok && kind !== 'query') state.apply(host.writes, position);
      position++;
      return outcome;
    },
    async restart() {
      session?.dispose();
      session = await engine.open(CODE);
    },
    /** As after a crash: a new session and the state rebuilt from its sealed export. */
    async restartFromCheckpoint() {
      const saved = state.export();
      state.load(saved.entries, saved.dirty);
      session?.dispose();
      session = await engine.open(CODE);
    },
  };
}

describe('QuickJS contract engine', () => {
  let engine: QuickJsEngine;
  before(async () => {
    await cryptoReady();
    engine = await QuickJsEngine.create();
  });

  test('init, commands and queries follow the module format; a throw rolls back and reaches the caller', async () => {
    const h = harness(engine);
    assert.equal((await h.call('init', undefined, [100])).ok, true);
    const sent = await h.call('tx', 'transfer', ['bob', 30]);
    assert.deepEqual([sent.ok, sent.result], [true, '70']);
    const refused = await h.call('tx', 'transfer', ['bob', 1000]);
    assert.deepEqual([refused.ok, refused.error], [false, 'insufficient balance']);
    assert.equal((await h.call('query', 'balance', ['bob'])).result, '30');
    const readOnly = await h.call('query', 'write', []);
    assert.equal(readOnly.ok, false);
    assert.match(readOnly.error, /read-only/);
    const unknown = await h.call('tx', 'nope', []);
    assert.match(unknown.error, /no tx method "nope"/);
  });

  test('replicas, one restarted from its checkpoint at a block boundary, reach the same gas, outcomes and state', async () => {
    // Commands of a block share one session; a restart (like every checkpoint) happens between blocks.
    const stream: [string, unknown[]][][] = [
      [
        ['work', [30_000]],
        ['transfer', ['bob', 10]],
        ['work', [5]],
      ],
      [
        ['transfer', ['carol', 20]],
        ['work', [90_000]],
        ['transfer', ['bob', 1_000]],
      ],
      [
        ['work', [1_000_000]],
        ['transfer', ['bob', 5]],
      ],
      [
        ['work', [12_345]],
        ['transfer', ['dave', 1]],
      ],
    ];
    const run = async (h: ReturnType<typeof harness>, restartBefore: number) => {
      const figures: [boolean, number, string][] = [];
      await h.call('init', undefined, [100]);
      for (const [index, block] of stream.entries()) {
        if (index === restartBefore) await h.restartFromCheckpoint();
        else await h.restart(); // a fresh session per block, as the worker does
        for (const [method, args] of block) {
          const o = await h.call('tx', method, args, 100_000_000);
          figures.push([o.ok, o.gasUsed, o.error]);
        }
      }
      return figures;
    };
    const a = harness(engine);
    const b = harness(engine);
    const [fa, fb] = [await run(a, -1), await run(b, 2)];
    assert.deepEqual(fa, fb);
    assert.ok(
      fa.some(([ok, , error]) => !ok && /out of gas/.test(error)),
      'an out-of-gas outcome, on both',
    );
    assert.deepEqual(a.state.export().entries, b.state.export().entries, 'byte-identical encrypted state');
  });

  test('nondeterministic globals and broken limits fail the call with a clear error; the engine keeps serving', async () => {
    const h = harness(engine);
    await h.call('init', undefined, [5]);
    assert.match((await h.call('tx', 'date', [])).error, /Date is not available.*ctx\.block\.timestamp/);
    assert.match((await h.call('tx', 'random', [])).error, /Math\.random is not available.*ctx\.random/);
    assert.match((await h.call('tx', 'loop', [])).error, /out of gas/);
    assert.match((await h.call('tx', 'memory', [], 1e12)).error, /out of memory/);
    assert.match((await h.call('tx', 'recurse', [])).error, /stack overflow/);
    assert.match((await h.call('tx', 'fetch', [])).error, /queries only/);
    assert.deepEqual(JSON.parse((await h.call('tx', 'weak', [])).result), ['undefined', 'undefined', true]);
    assert.equal((await h.call('query', 'balance', ['alice'])).result, '5', 'still serving');
  });

  test('the audit (issue 10): built-ins pay for their work, and the heap limit is the memory of the instance', async () => {
    const h = harness(engine);
    await h.call('init', undefined, [1]);
    // One pass searches 4 MB: before metering by instrumentation it cost 3 gas.
    const one = await h.call('tx', 'search', [1], 1e12);
    const two = await h.call('tx', 'search', [2], 1e12);
    assert.ok(two.gasUsed - one.gasUsed > 4_000_000, `a 4 MB search costs ${two.gasUsed - one.gasUsed} gas`);
    assert.match((await h.call('tx', 'search', [300], DEFAULT_GAS_LIMIT)).error, /out of gas/);
    // 2,042 strings of 1 MiB were held before (2.1 GB); the instance's memory now stops it near 16 MiB.
    const hoard = await h.call('tx', 'hoard', [2042], 1e12);
    assert.equal(hoard.ok, true, hoard.error);
    assert.ok(Number(hoard.result) < 17, `held ${hoard.result} MiB strings`);
    assert.equal((await h.call('query', 'balance', ['alice'])).result, '1', 'still serving');
  });

  test('ctx.http.fetch in queries: awaited through the host, capped per query', async () => {
    const state = new ContractState({
      contract: new Uint8Array(32),
      storageKey: new Uint8Array(32),
      storageNameKey: new Uint8Array(32),
    });
    const fetched: string[] = [];
    const fetcher = async (url: string) => {
      fetched.push(url);
      return { status: 200, headers: {}, body: `body of ${url}` };
    };
    const session = await engine.open(CODE);
    const env = { kind: 'query' as const, caller: 'alice', self: 'contract', block: { number: 1, timestamp: 1 } };
    const call = (n: number) =>
      session.call(
        { method: 'fetchMany', args: JSON.stringify([n]), gasLimit: 200_000_000, timeoutMs: 2_000 },
        new CallHost(env, state, new Uint8Array(32), { kind: 'real' }, fetcher),
      );
    const two = await call(2);
    assert.deepEqual(JSON.parse(two.result), ['body of http://x/0', 'body of http://x/1']);
    const tooMany = await call(5);
    assert.equal(tooMany.ok, false);
    assert.match(tooMany.error, /at most 4 ctx\.http\.fetch/);
  });

  test('the query time limit holds while awaiting a fetch; disposing with a fetch in flight is safe', async () => {
    const state = new ContractState({
      contract: new Uint8Array(32),
      storageKey: new Uint8Array(32),
      storageNameKey: new Uint8Array(32),
    });
    let release: () => void = () => undefined;
    const fetcher = () =>
      new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) => {
        release = () => resolve({ status: 200, headers: {}, body: 'late' });
      });
    const session = await engine.openForQueries(CODE);
    const env = { kind: 'query' as const, caller: 'alice', self: 'contract', block: { number: 1, timestamp: 1 } };
    const outcome = await session.call(
      { method: 'slow', args: '[]', gasLimit: 200_000_000, timeoutMs: 50 },
      new CallHost(env, state, new Uint8Array(32), { kind: 'real' }, fetcher),
    );
    assert.equal(outcome.ok, false);
    assert.match(outcome.error, /time limit of 50 ms/);
    assert.equal(session.broken, true);
    session.dispose(); // the fetch is still pending: freeing waits for it
    release();
    await new Promise((resolve) => setImmediate(resolve));
  });

  test('results are cut to well-formed UTF-8 within the receipt limits', async () => {
    const { wellFormed } = await import('../src/contracts/instance.js');
    assert.equal(wellFormed('\ud800x', 10), '\ufffdx');
    assert.equal(Buffer.byteLength(wellFormed('é'.repeat(10), 5)), 4, 'never splits a character');
    const h = harness(engine);
    const odd = await h.call('query', 'odd', []);
    assert.equal(odd.ok, true, odd.error);
  });

  test('the commit budget is the same after a checkpoint restore (it decides whether a call succeeds)', () => {
    const keys = {
      contract: new Uint8Array(32),
      storageKey: new Uint8Array(32).fill(2),
      storageNameKey: new Uint8Array(32).fill(3),
    };
    const live = new ContractState(keys);
    for (let i = 0; i < 40; i++) live.apply(new Map([[`k${i}`, JSON.stringify('v'.repeat(i * 100))]]), BigInt(i + 1));
    live.apply(new Map([['k3', undefined]]), 50n);
    const restored = new ContractState(keys);
    const saved = live.export();
    restored.load(saved.entries, saved.dirty, saved.window);
    for (const size of [1_000, 300_000, 380_000, 800_000]) {
      const writes = new Map([['big', 'x'.repeat(size)]]);
      assert.equal(restored.overBudget(writes), live.overBudget(writes), `a write of ${size} bytes`);
    }
    assert.match(live.overBudget(new Map([['big', 'x'.repeat(800_000)]])) ?? '', /more state in this commit interval/);
    const many = new Map(Array.from({ length: 600 }, (_, i) => [`m${i}`, '1'] as [string, string]));
    assert.match(live.overBudget(many) ?? '', /512 entries/);
    live.startWindow(live.windowIndex + 1);
    assert.equal(live.overBudget(new Map([['small', '1']])), undefined, 'a new interval starts empty');

    // Intervals pass with no commit landing (workers stalled): what is pending must still fit in one commit.
    for (let w = 0; w < 2; w++) {
      live.startWindow(live.windowIndex + 1);
      live.apply(new Map([[`w${w}`, 'y'.repeat(300_000)]]), BigInt(100 + w));
    }
    const again = live.export();
    restored.load(again.entries, again.dirty, again.window);
    const next = new Map([['next', 'z'.repeat(110_000)]]); // fits in an interval, not in the commit: ~680 + 110 KB > 768 KiB
    live.startWindow(live.windowIndex + 1);
    restored.startWindow(live.windowIndex);
    assert.match(live.overBudget(next) ?? '', /since the last commit on chain fills a whole commit/);
    assert.equal(restored.overBudget(next), live.overBudget(next), 'the same after a restore');
    live.pruneCommitted(200n); // a commit lands
    assert.equal(live.overBudget(next), undefined);
  });

  test('ctx.random is derived in commands (same on replicas) and ctx.crypto keys are the contract’s own', async () => {
    const [a, b] = [harness(engine), harness(engine)];
    assert.equal((await a.call('tx', 'rand', [])).result, (await b.call('tx', 'rand', [])).result);
    const key = JSON.parse((await a.call('tx', 'key', [])).result) as string;
    assert.match(key, /^0x[0-9a-f]{64}$/);
    assert.equal((await b.call('tx', 'key', [])).result, JSON.stringify(key));
  });
});
