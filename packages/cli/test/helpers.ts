// Shared by the CLI's end-to-end tests: a real `phalanx node --dev` child process, and waiting.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
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

/**
 * `size` consecutive free ports starting somewhere in [from, from + span), below the OS's ephemeral
 * range (32768+) where other tests' port-0 listeners land, so a process can stop and start again on them.
 */
export async function freePorts(size: number, from: number, span: number): Promise<number> {
  for (;;) {
    const base = from + Math.floor(Math.random() * span);
    const free = await Promise.all(
      Array.from({ length: size }, (_, i) => {
        const server = createServer();
        return new Promise<boolean>((resolve) => {
          server.once('error', () => resolve(false));
          server.listen(base + i, '127.0.0.1', () => server.close(() => resolve(true)));
        });
      }),
    );
    if (free.every(Boolean)) return base;
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Runs the `phalanx` command as a real process; resolves with its exit code and both outputs. */
export function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
