// Shared by the CLI's end-to-end tests: a real `phalanx node --dev` child process, and waiting.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../bin/phalanx.js', import.meta.url));
export const quiet = { error() {}, warn() {}, info() {} };

/** Starts `phalanx node --dev` in `dir` on a free port; resolves once it printed its RPC URL. */
export function startNodeProcess(dir: string): Promise<{ child: ChildProcess; rpc: string }> {
  const child = spawn(
    process.execPath,
    [bin, 'node', '--dev', '--data-dir', join(dir, 'node'), '--rpc-port', '0', '--json', '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code} before it was ready: ${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      child.removeAllListeners('exit');
      resolve({ child, rpc: (JSON.parse(line) as { rpc: string }).rpc });
    });
  });
}

/** Polls until `check` holds; the deadline only bounds the wait, the assertions decide. */
export async function until(what: string, check: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
