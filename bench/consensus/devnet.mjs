// Starts a devnet (`phalanx devnet --json`) in a temp dir and stops it for good: every process it
// started and the dir are gone afterwards, also when the bench fails halfway.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../harness.mjs';
import { livePids } from './proc-cpu.mjs';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/phalanx.js', import.meta.url));
const BOOT_TIMEOUT_MS = 180_000;

/**
 * `validators`: 0 for the dev engine, N for N CometBFT validators. `blockTimeMs`: undefined for
 * the devnet's default. Resolves with the launcher, its summary, the pids by name and the RPC
 * URL of every chain node (validator i's our-RPC port per testnet.ts: base + 10·(i−1) + 3).
 */
export async function startDevnet({ validators, blockTimeMs }) {
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-bench-consensus-'));
  const rpcPort = await freePorts(4);
  const cometbftPort = validators > 0 ? await freePorts(10 * validators) : undefined;
  const args = [BIN, 'devnet', '--data-dir', dir, '--rpc-port', String(rpcPort), '--json', '--log-level', 'warn'];
  if (blockTimeMs !== undefined) args.push('--block-time', String(blockTimeMs));
  if (validators > 0) args.push('--validators', String(validators), '--cometbft-port', String(cometbftPort));
  const started = performance.now();
  // Its stdin is a pipe only we hold, and it is told to stop when that closes: should this bench
  // die (even by kill -9), the launcher stops and takes the devnet with it.
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PHALANX_EXIT_WITH_PARENT: '1' },
  });
  const devnet = { dir, child, pids: {}, rpcs: [] };
  try {
    const summary = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the devnet did not start within ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`devnet exited with ${code}; logs in ${dir}/logs`)));
      let text = '';
      createInterface({ input: child.stdout }).on('line', (line) => {
        text += line;
        if (line !== '}') return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const parsed = JSON.parse(text);
        if (parsed.ready !== true) reject(new Error(`the devnet did not start: ${JSON.stringify(parsed.error ?? parsed)}`));
        else resolve(parsed);
      });
    });
    devnet.bootSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    devnet.summary = summary;
    devnet.pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8'));
    devnet.rpcs =
      validators === 0
        ? [summary.rpc]
        : Array.from({ length: validators }, (_, i) => (i === 0 ? summary.rpc : `ws://127.0.0.1:${cometbftPort + 10 * i + 3}`));
    return devnet;
  } catch (error) {
    await stopDevnet(devnet);
    throw error;
  }
}

/** SIGINT (a clean stop), SIGKILL after 15 s; then any survivor by pid, then the dir. */
export async function stopDevnet(devnet) {
  const { child } = devnet;
  // Read the pid file again: the supervisor rewrites it when it restarts a process.
  try {
    devnet.pids = JSON.parse(readFileSync(join(devnet.dir, 'devnet.pids.json'), 'utf8'));
  } catch {
    // not written yet (the devnet failed early): only the launcher and its children are known
  }
  const everything = livePids(devnet.pids, child.pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  // Its children exit with it (their stdin closes); give them a moment, then make sure.
  for (let i = 0; i < 30 && everything.some(alive); i++) await sleep(100);
  for (const pid of everything.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  rmSync(devnet.dir, { recursive: true, force: true });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
