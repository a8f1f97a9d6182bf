// Starting and stopping `phalanx devnet` as a real process, for the end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { bin, freePorts, runCli } from './helpers.js';

/** Starts `phalanx devnet --json` (plus `extra` flags); resolves with the child once it printed its ready summary. */
export function startDevnet(
  dir: string,
  rpcPort: number,
  extra: readonly string[] = [],
): Promise<{ child: ChildProcess; rpc: string }> {
  const child = spawn(process.execPath, [bin, 'devnet', '--data-dir', dir, '--rpc-port', String(rpcPort), '--json', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => reject(new Error(`devnet exited with ${code} before it was ready: ${stderr}`)));
    let text = '';
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      text += line;
      if (line !== '}') return;
      child.removeAllListeners('exit');
      const summary = JSON.parse(text) as { ready?: boolean; rpc: string; error?: { message: string } };
      if (summary.ready === true) resolve({ child, rpc: summary.rpc });
      else reject(new Error(`the devnet did not start: ${summary.error?.message ?? text}`));
    });
  });
}

export async function stopDevnet(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

/** Whether the pinned CometBFT build is installed (npm run setup:cometbft); tests that need it skip without. */
export const cometbftInstalled = existsSync(new URL('../../../../.cometbft/bin/cometbft', import.meta.url));

/**
 * Starts a devnet on free ports: four from 20000 for our RPC and the three workers, and, when
 * `extra` asks for CometBFT ports (it is called with their base), forty from 25000. Other tests
 * run beside this one and take ports too: on a collision it takes other ports, five times at most.
 */
export async function startDevnetOnFreePorts(
  dir: string,
  extra: (cometbftPort: number) => readonly string[] = () => [],
): Promise<{ child: ChildProcess; rpc: string; rpcPort: number; cometbftPort: number }> {
  for (let attempt = 1; ; attempt++) {
    const rpcPort = await freePorts(4, 20_000, 5_000);
    const cometbftPort = await freePorts(40, 25_000, 5_000);
    try {
      return { ...(await startDevnet(dir, rpcPort, extra(cometbftPort))), rpcPort, cometbftPort };
    } catch (error) {
      if (attempt >= 5 || !/in use/.test(String(error))) throw error;
    }
  }
}

/**
 * `phalanx testnet init --dev` of `validators` validators into `dir` on free ports (our RPC from
 * 20000, forty CometBFT ports from 25000; 200 ms blocks), with `extra` flags; returns the ports.
 */
export async function initTestnetOnFreePorts(
  dir: string,
  validators: number,
  extra: readonly string[] = [],
): Promise<{ rpcPort: number; cometbftPort: number }> {
  const rpcPort = await freePorts(1, 20_000, 5_000);
  const cometbftPort = await freePorts(10 * validators + 10, 25_000, 5_000);
  const ports = ['--rpc-port', String(rpcPort), '--cometbft-port', String(cometbftPort), '--block-time', '200'];
  const made = await runCli(['testnet', 'init', '--validators', String(validators), '--out', dir, '--dev', ...ports, ...extra]);
  if (made.code !== 0) throw new Error(`testnet init failed: ${made.stderr}`);
  return { rpcPort, cometbftPort };
}
