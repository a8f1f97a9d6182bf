// `npm run bench -- consensus`: confidential ERC-20 transfers on (a) the dev-engine devnet and
// (b) a devnet of N CometBFT validators (default 4), one after the other in the same run:
// finalized transfers/s and receipts/s with sr25519 and with ed25519 signers, p50/p99 from
// submission to finality and to the decrypted receipt, and the CPU-ms per transfer of each role
// (validator app, CometBFT, gatekeeper, workers, launcher, this client) from /proc over each window,
// and what each role spends per second with no transactions (3 s idle before the load).
// Env: BENCH_SIGNERS (per key type), BENCH_IN_FLIGHT (per signer), BENCH_TRANSFERS (per signer),
// BENCH_VALIDATORS, BENCH_COMET_BLOCK_TIME (ms, CometBFT's timeout_commit), BENCH_DEV_BLOCK_TIME
// (unset: the devnet's default), BENCH_MODES (dev,cometbft).
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundleContract } from '@phalanx/cli';
import * as c from '@phalanx/crypto';
import { connect, deploy } from '@phalanx/sdk';
import { startDevnet, stopDevnet } from './consensus/devnet.mjs';
import { prepareSigners, transferLoad } from './consensus/load.mjs';
import { aims, notes } from './consensus/notes.mjs';
import { cpuMsBetween, machineTicks, snapshot } from './consensus/proc-cpu.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const SIGNERS = env('BENCH_SIGNERS', 32);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 16);
const PER_SIGNER = env('BENCH_TRANSFERS', 64);
const VALIDATORS = env('BENCH_VALIDATORS', 4);
const COMET_BLOCK_TIME = env('BENCH_COMET_BLOCK_TIME', 300);
const DEV_BLOCK_TIME = process.env.BENCH_DEV_BLOCK_TIME === undefined ? undefined : Number(process.env.BENCH_DEV_BLOCK_TIME);
const IDLE_MS = 3_000;
const MODES = (process.env.BENCH_MODES ?? 'dev,cometbft').split(',');

async function fund(client, signers) {
  const alice = c.devKeypair('Alice');
  const base = await client.nextNonce(alice.publicKey);
  await Promise.all(signers.map((s, i) => client.transfer(alice, s.publicKey, 10n ** 15n, { nonce: base + i })));
}

/** The load with one key type, and what every role spent on it. */
async function measured(devnet, client, token, scheme) {
  const keys = Array.from({ length: SIGNERS }, (_, i) => c.keypairFromUri(`//bench-${scheme}//${i}`, scheme));
  const signers = await prepareSigners(token, keys, devnet.rpcs);
  try {
    const headBefore = (await client.header()).number;
    const cpuBefore = snapshot(devnet.pids, devnet.child.pid);
    const clientBefore = process.cpuUsage();
    const machineBefore = machineTicks();
    const load = await transferLoad(signers.handles, { inFlight: IN_FLIGHT, perSigner: PER_SIGNER });
    const clientCpu = process.cpuUsage(clientBefore);
    const machineAfter = machineTicks();
    const roles = cpuMsBetween(cpuBefore, snapshot(devnet.pids, devnet.child.pid));
    roles.client = { processes: 1, cpuMs: Math.round((clientCpu.user + clientCpu.system) / 1000) };
    const per = (cpuMs) => Number((cpuMs / Math.max(1, load.transfers)).toFixed(3));
    const cpuMsPerTransfer = Object.fromEntries(Object.entries(roles).map(([role, r]) => [role, per(r.cpuMs)]));
    const chainNodes = Math.max(1, roles.app.processes);
    cpuMsPerTransfer.perValidator = per((roles.app.cpuMs + roles.cometbft.cpuMs) / chainNodes);
    const totalCpuMs = Object.values(roles).reduce((sum, r) => sum + r.cpuMs, 0);
    const blocks = (await client.header()).number - headBefore;
    return {
      ...load,
      blocks,
      transfersPerBlock: Number((load.transfers / Math.max(1, blocks)).toFixed(1)),
      cpuMsPerTransfer,
      cpuMsInWindow: Object.fromEntries(Object.entries(roles).map(([role, r]) => [role, r.cpuMs])),
      // Of all the machine's cores × wall time: what the devnet and client used, and what everything
      // used (other agents share the machine: the difference is theirs).
      cpuShareOurs: Number((totalCpuMs / (load.seconds * 1000 * cpus().length)).toFixed(2)),
      cpuShareMachineBusy: Number(
        ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)).toFixed(2),
      ),
    };
  } finally {
    await signers.close();
  }
}

async function mode(name, options) {
  const devnet = await startDevnet(options);
  // Ctrl-C: stop the devnet and remove its dir before exiting.
  const interrupted = () => stopDevnet(devnet).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let client;
  try {
    client = await connect(devnet.summary.rpc);
    const code = await bundleContract(new URL('../examples/contracts/erc20.ts', import.meta.url).pathname);
    const keys = ['sr25519', 'ed25519'].flatMap((scheme) =>
      Array.from({ length: SIGNERS }, (_, i) => c.keypairFromUri(`//bench-${scheme}//${i}`, scheme)),
    );
    await fund(client, keys);
    const token = await deploy(client, c.devKeypair('Bob'), code, [1_000_000_000]);
    // What the devnet spends with no transactions (empty blocks, consensus rounds, workers syncing).
    const idleBefore = snapshot(devnet.pids, devnet.child.pid);
    await sleep(IDLE_MS);
    const idle = cpuMsBetween(idleBefore, snapshot(devnet.pids, devnet.child.pid));
    const idleCpuMsPerSecond = Object.fromEntries(
      Object.entries(idle).map(([role, r]) => [role, Math.round((r.cpuMs * 1000) / IDLE_MS)]),
    );
    return {
      engine: name,
      validators: options.validators,
      blockTimeMs: options.blockTimeMs ?? 'devnet default (250)',
      bootSeconds: devnet.bootSeconds,
      idleCpuMsPerSecond,
      sr25519: await measured(devnet, client, token, 'sr25519'),
      ed25519: await measured(devnet, client, token, 'ed25519'),
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await client?.close();
    await stopDevnet(devnet);
  }
}

export async function run() {
  await c.cryptoReady();
  const results = [];
  if (MODES.includes('dev')) results.push(await mode('dev', { validators: 0, blockTimeMs: DEV_BLOCK_TIME }));
  if (MODES.includes('cometbft')) results.push(await mode('cometbft', { validators: VALIDATORS, blockTimeMs: COMET_BLOCK_TIME }));
  return {
    parameters: { signersPerKeyType: SIGNERS, inFlightPerSigner: IN_FLIGHT, transfersPerSigner: PER_SIGNER },
    runs: results,
    aims: aims(results),
    notes: notes(results, { validators: VALIDATORS, cometBlockTimeMs: COMET_BLOCK_TIME }),
  };
}
