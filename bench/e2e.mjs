// `npm run bench -- e2e`: a devnet it starts (`phalanx devnet`: node, gatekeeper, two workers,
// each a process, sim TEE) and a confidential ERC-20 on it, measured from the outside as a user
// sees it: transfers/s from submission to the decrypted receipt with concurrent clients (sr25519
// and ed25519 signers), query latency under an offered load of 1,000 queries/s, devnet boot
// time, and the peak RSS of every process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundleContract } from '@phalanx/cli';
import * as c from '@phalanx/crypto';
import { Contract, connect, deploy } from '@phalanx/sdk';
import { freePorts } from './harness.mjs';

const BIN = fileURLToPath(new URL('../packages/cli/bin/phalanx.js', import.meta.url));
const SIGNERS = 24;
const IN_FLIGHT_PER_SIGNER = Number(process.env.BENCH_IN_FLIGHT ?? 32);
const TRANSFERS_PER_SIGNER = Number(process.env.BENCH_TRANSFERS ?? 64);

function startDevnet(dir, rpcPort) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'devnet',
      '--data-dir',
      dir,
      '--rpc-port',
      String(rpcPort),
      '--json',
      '--log-level',
      'warn',
      '--block-time',
      process.env.BENCH_BLOCK_TIME ?? '250',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`devnet exited with ${code}`)));
    let text = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      text += line;
      if (line !== '}') return;
      child.removeAllListeners('exit');
      const summary = JSON.parse(text);
      if (summary.ready !== true) reject(new Error(`the devnet did not start: ${JSON.stringify(summary.error ?? summary)}`));
      else resolve({ child, summary });
    });
  });
}

/** User + system CPU seconds a process has used (from /proc; Linux clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function peakRssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

async function fund(client, signers) {
  const alice = c.devKeypair('Alice');
  const base = await client.nextNonce(alice.publicKey);
  await Promise.all(signers.map((s, i) => client.transfer(alice, s.publicKey, 10n ** 15n, { nonce: base + i })));
}

async function transfers(token, signers, rpc) {
  // One connection per client (a node allows 128 subscriptions per connection).
  const clients = await Promise.all(signers.map(() => connect(rpc)));
  const handles = await Promise.all(signers.map((s, i) => Contract.at(clients[i], token.address, s)));
  // Give every signer tokens (not timed).
  await Promise.all(signers.map((s) => token.call('transfer', [c.toSs58(s.publicKey), 1_000_000])));
  let done = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    handles.map(async (handle) => {
      let left = TRANSFERS_PER_SIGNER;
      await Promise.all(
        Array.from({ length: IN_FLIGHT_PER_SIGNER }, async () => {
          while (left > 0) {
            left--;
            const outcome = await handle.call('transfer', ['bench-recipient', 1]);
            if (outcome.ok) done++;
            else failed++;
          }
        }),
      );
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  return {
    signers: signers.length,
    inFlight: signers.length * IN_FLIGHT_PER_SIGNER,
    transfers: done,
    failed,
    transfersPerSecond: Math.round(done / seconds),
  };
}

async function queryLoad(token, { rate = 1_000, seconds = 5 } = {}) {
  const latencies = [];
  let errors = 0;
  const inFlight = new Set();
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      const t0 = performance.now();
      const p = token.query
        .balanceOf()
        .then(() => latencies.push(performance.now() - t0))
        .catch(() => errors++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2));
  return {
    offeredPerSecond: rate,
    answeredPerSecond: Math.round(latencies.length / elapsed),
    errors,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

export async function run() {
  await c.cryptoReady();
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-e2e-'));
  const rpcPort = await freePorts(4);
  const bootStart = performance.now();
  const { child, summary } = await startDevnet(dir, rpcPort);
  const bootSeconds = Number(((performance.now() - bootStart) / 1000).toFixed(1));
  const client = await connect(summary.rpc);
  try {
    const code = await bundleContract(new URL('../examples/contracts/erc20.ts', import.meta.url).pathname);
    const sr = Array.from({ length: SIGNERS }, (_, i) => c.keypairFromUri(`//bench-sr//${i}`, 'sr25519'));
    const ed = Array.from({ length: SIGNERS }, (_, i) => c.keypairFromUri(`//bench-ed//${i}`, 'ed25519'));
    await fund(client, [...sr, ...ed]);
    const token = await deploy(client, c.devKeypair('Bob'), code, [1_000_000_000]);
    const pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8'));
    pids.benchClient = process.pid;
    const cpu = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const before = cpu();
    const t0 = performance.now();
    const sr25519 = await transfers(token, sr, summary.rpc);
    const ed25519 = await transfers(token, ed, summary.rpc);
    const wall = (performance.now() - t0) / 1000;
    const after = cpu();
    // Where the time goes: CPU seconds each process spent during the two transfer runs.
    const cpuDuringTransfers = Object.fromEntries(
      Object.keys(after).map((name) => [name, Number(((after[name] ?? 0) - (before[name] ?? 0)).toFixed(1))]),
    );
    cpuDuringTransfers.wallSeconds = Number(wall.toFixed(1));
    // The target load, and a lighter one that shows the latency when the worker is not saturated.
    const queries = [await queryLoad(token, { rate: 1_000 }), await queryLoad(token, { rate: 200 })];
    const peakRss = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, peakRssMiB(pid)]));
    return { devnetBootSeconds: bootSeconds, transfers: { sr25519, ed25519 }, cpuDuringTransfers, queries, peakRssMiB: peakRss };
  } finally {
    await client.close();
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
