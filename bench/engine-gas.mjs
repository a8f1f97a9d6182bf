// Gas against CPU time for the contract engine: the audit's workloads of issue 10 (built-ins that
// scan or allocate megabytes) next to plain interpretation, JSON, regular expressions, sorting and
// storage, all in one run. Gas per CPU-millisecond should stay within a small factor across rows;
// a row far below the others is under-priced.
import { cryptoReady } from '@phalanx/crypto';
import { CallHost } from '../packages/pruntime/dist/src/contracts/call-host.js';
import { QuickJsEngine } from '../packages/pruntime/dist/src/contracts/quickjs-engine.js';
import { ContractState } from '../packages/pruntime/dist/src/contracts/state.js';

const CODE = `export default { tx: {
  noop() { return 1; },
  arith(ctx, n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; },
  indexOf(ctx, n) { const s = 'a'.repeat(4e6); let c = 0; for (let i = 0; i < n; i++) c += s.indexOf('b'); return c; },
  alloc(ctx, n) { const a = []; try { for (let i = 0; i < n; i++) a.push('x'.repeat(1 << 20) + i); } catch { return a.length; } return a.length; },
  json(ctx, n) { const o = []; for (let i = 0; i < 1000; i++) o.push({ i, s: 'v' + i }); let t = 0; for (let i = 0; i < n; i++) t += JSON.stringify(o).length; return t; },
  regex(ctx, n) { const s = 'ab'.repeat(50000); let c = 0; for (let i = 0; i < n; i++) c += (s.match(/b/g) || []).length; return c; },
  sort(ctx, n) { let t = 0; for (let k = 0; k < n; k++) { const a = []; for (let i = 0; i < 20000; i++) a.push((i * 7919) % 10007); a.sort((x, y) => x - y); t += a[5]; } return t; },
  store(ctx, n) { for (let i = 0; i < n; i++) ctx.storage.set('k' + (i % 50), i); return n; },
}};`;

const WORKLOADS = [
  ['noop', []],
  ['arith', [1e6]],
  ['indexOf', [20]],
  ['alloc', [100]],
  ['json', [50]],
  ['regex', [20]],
  ['sort', [5]],
  ['store', [1000]],
];

export async function run() {
  await cryptoReady();
  const engine = await QuickJsEngine.create();
  const state = new ContractState({
    contract: new Uint8Array(32),
    storageKey: new Uint8Array(32).fill(2),
    storageNameKey: new Uint8Array(32).fill(3),
  });
  const seed = new Uint8Array(32).fill(1);
  const opened = performance.now();
  for (let i = 0; i < 20; i++) await engine.open(CODE);
  const sessionOpenMs = (performance.now() - opened) / 20;
  const rows = [];
  for (const [method, args] of WORKLOADS) {
    const session = await engine.open(CODE);
    const env = { kind: 'tx', caller: 'alice', self: 'contract', block: { number: 1, timestamp: 1000 } };
    const host = new CallHost(env, state, seed, { kind: 'derived', key: seed, position: 0n });
    const before = process.cpuUsage();
    const outcome = await session.call({ method, args: JSON.stringify(args), gasLimit: 1e12 }, host);
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    rows.push({ method, args, ok: outcome.ok, gas: outcome.gasUsed, cpuMs, gasPerCpuMs: Math.round(outcome.gasUsed / cpuMs) });
  }
  const ratios = rows.filter((r) => r.method !== 'noop').map((r) => r.gasPerCpuMs);
  return { sessionOpenMs, rows, spread: Math.max(...ratios) / Math.min(...ratios) };
}
