// The ink! engine (`npm run bench -- ink`): erc20 transfers per second through the engine with the
// real host (CallHost over an encrypted ContractState, writes applied per call, a session per block
// of 64 commands) next to the JS erc20 example on the QuickJS engine in the same run; the cost of
// the gas and stack instrumentation (instrumented against bare modules on the same calls); and
// deploy time (parse, validate, instrument, compile) per KiB of wasm.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleContract } from '@phalanx/cli';
import { cryptoReady, devKeypair, toSs58 } from '@phalanx/crypto';
import { CallHost } from '../packages/pruntime/dist/src/contracts/call-host.js';
import { FuelMeter } from '../packages/pruntime/dist/src/contracts/fuel.js';
import { InkAbi } from '../packages/pruntime/dist/src/contracts/ink/abi.js';
import { parseBundle } from '../packages/pruntime/dist/src/contracts/ink/bundle.js';
import { compileInk, instrumentInk } from '../packages/pruntime/dist/src/contracts/ink/code.js';
import { InkEngine } from '../packages/pruntime/dist/src/contracts/ink/engine.js';
import { importObject } from '../packages/pruntime/dist/src/contracts/ink/host-api.js';
import { runInk } from '../packages/pruntime/dist/src/contracts/ink/run.js';
import { InkExit, Sandbox } from '../packages/pruntime/dist/src/contracts/ink/sandbox.js';
import { QuickJsEngine } from '../packages/pruntime/dist/src/contracts/quickjs-engine.js';
import { ContractState } from '../packages/pruntime/dist/src/contracts/state.js';

const FIXTURES =
  process.env.PHALANX_INK_FIXTURES ??
  ['../../shared/fixtures/ink', '../../../shared/fixtures/ink']
    .map((dir) => new URL(dir, import.meta.url).pathname)
    .find((dir) => existsSync(dir));
const BLOCK = 64;

/** Transfers per second: blocks of BLOCK commands, one session per block, writes applied as a worker does. */
async function transfers(engine, code, init, transfer, seconds) {
  const state = new ContractState({
    contract: new Uint8Array(32).fill(7),
    storageKey: new Uint8Array(32).fill(2),
    storageNameKey: new Uint8Array(32).fill(3),
  });
  const seed = new Uint8Array(32).fill(1);
  const self = toSs58(new Uint8Array(32).fill(7));
  let position = 0n;
  const call = async (session, kind, caller, method, args) => {
    const env = { kind, caller, self, block: { number: 1, timestamp: 1000 } };
    const host = new CallHost(env, state, seed, { kind: 'derived', key: seed, position });
    const outcome = await session.call({ method, args: JSON.stringify(args), gasLimit: 1e9 }, host);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error}`);
    state.apply(host.writes, position, host.rawWrites);
    position++;
    return outcome;
  };
  await call(await engine.open(code), 'init', init.caller, init.method, init.args);
  let count = 0;
  let gas = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const session = await engine.open(code);
    for (let i = 0; i < BLOCK; i++) gas += (await call(session, 'tx', transfer.caller, transfer.method, transfer.args)).gasUsed;
    session.dispose();
    count += BLOCK;
  }
  return { perSecond: Math.round((count / (performance.now() - start)) * 1000), gasPerTransfer: Math.round(gas / count) };
}

/** One call of a compiled module without the gas and stack instrumentation (host functions as usual). */
function runBare(module, info, input, storage) {
  const memory = new WebAssembly.Memory({ initial: info.memory.initial, maximum: info.memory.maximum });
  const sandbox = new Sandbox(memory);
  const meter = new FuelMeter(new WebAssembly.Global({ value: 'i64', mutable: true }, 0n));
  meter.begin(1e15);
  sandbox.attach(meter);
  const env = {
    caller: new Uint8Array(32).fill(1),
    address: new Uint8Array(32).fill(2),
    codeHash: new Uint8Array(32),
    blockNumber: 1,
    timestamp: 1,
    gasPrice: 0n,
    query: false,
  };
  const ctx = { sandbox, input, env, storage, events: [], debug: '', gasLeft: () => 1n, verifySr25519: () => false };
  const instance = new WebAssembly.Instance(module, importObject(info, ctx, {}));
  try {
    instance.exports.call();
  } catch (error) {
    if (!(error instanceof InkExit)) throw error;
  }
}

async function instrumentationOverhead(seconds) {
  const bundle = parseBundle(readFileSync(join(FIXTURES, 'smartbench_ink4_computation.contract'), 'utf8'));
  const abi = new InkAbi(bundle.metadata);
  const input = abi.encode(abi.message('odd_product'), '[200000]');
  const code = await compileInk(bundle.wasm);
  const bare = new WebAssembly.Module(bundle.wasm);
  const entries = new Map();
  const storage = {
    get: (key) => entries.get(Buffer.from(key).toString('hex')),
    set: (key, value) => entries.set(Buffer.from(key).toString('hex'), value),
  };
  const env = {
    caller: new Uint8Array(32),
    address: new Uint8Array(32),
    codeHash: code.codeHash,
    blockNumber: 1,
    timestamp: 1,
    gasPrice: 0n,
    query: false,
  };
  const deploy = abi.encode(abi.constructorFor('new'), '[]');
  runInk(code, { entry: 'deploy', input: deploy, env, storage, gasLimit: 1e9, verifySr25519: () => false });
  const time = (fn) => {
    for (let i = 0; i < 20; i++) fn();
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      fn();
      n++;
    }
    return (performance.now() - start) / n;
  };
  let gas = 0;
  const instrumentedMs = time(() => {
    const result = runInk(code, { entry: 'call', input, env, storage, gasLimit: 1e12, verifySr25519: () => false });
    if (result.kind !== 'returned') throw new Error(`the workload failed: ${result.message}`);
    gas = result.gasUsed;
  });
  const bareMs = time(() => runBare(bare, code.info, input, storage));
  return {
    workload: 'smart-bench computation odd_product(200000)',
    instrumentedMsPerCall: instrumentedMs,
    bareMsPerCall: bareMs,
    overhead: instrumentedMs / bareMs,
    gasPerCall: gas,
    gasPerCpuMs: Math.round(gas / instrumentedMs),
    instrumentedBytesOverOriginal: code.instrumentedBytes / bundle.wasm.length,
  };
}

async function deployTimes() {
  const rows = [];
  for (const name of readdirSync(FIXTURES).filter((file) => file.includes('.contract'))) {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const start = performance.now();
    const bundle = parseBundle(text);
    new InkAbi(bundle.metadata);
    const { bytes } = instrumentInk(bundle.wasm);
    await WebAssembly.compile(bytes);
    const ms = performance.now() - start;
    rows.push({
      name,
      wasmKiB: +(bundle.wasm.length / 1024).toFixed(1),
      ms: +ms.toFixed(2),
      msPerKiB: +(ms / (bundle.wasm.length / 1024)).toFixed(3),
    });
  }
  return rows;
}

export async function run(argv = []) {
  const seconds = Number(argv[0] ?? 2);
  await cryptoReady();
  const [alice, bob] = ['Alice', 'Bob'].map((name) => toSs58(devKeypair(name).publicKey));
  const inkBundle = readFileSync(join(FIXTURES, 'polkadotjs_ink_v5_erc20.contract.json'), 'utf8');
  const ink = await transfers(
    new InkEngine(),
    inkBundle,
    { caller: alice, method: 'new', args: [1e12] },
    { caller: alice, method: 'transfer', args: [bob, 1] },
    seconds,
  );
  const jsCode = await bundleContract(new URL('../examples/contracts/erc20.ts', import.meta.url).pathname);
  const js = await transfers(
    await QuickJsEngine.create(),
    jsCode,
    { caller: alice, method: undefined, args: [1e12] },
    { caller: alice, method: 'transfer', args: [bob, 1] },
    seconds,
  );
  return {
    erc20_transfers_per_second: { ink: ink.perSecond, js: js.perSecond, inkOverJs: +(ink.perSecond / js.perSecond).toFixed(2) },
    gas_per_transfer: { ink: ink.gasPerTransfer, js: js.gasPerTransfer },
    instrumentation: await instrumentationOverhead(seconds),
    deploy: await deployTimes(),
    note: `blocks of ${BLOCK} transfers, one session per block, encrypted state; ink! = the ink! 5 erc20 fixture`,
  };
}
