// Real processes for the host's tests: `phalanx node --dev` and `phalanx worker` children, and waiting.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../../cli/bin/phalanx.js', import.meta.url));
export const quiet = { error() {}, warn() {}, info() {} };

export interface Child {
  readonly child: ChildProcess;
  /** The first line it printed on stdout (its --json start line). */
  readonly first: Promise<string>;
  /** Resolves when it exits: its exit code (null if killed by a signal) and what it wrote on stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function phalanx(args: readonly string[]): Child {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const first = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    void exited.then(({ code, stderr }) =>
      reject(new Error(`phalanx ${args[0]} exited (${code}) before it was ready: ${stderr}`)),
    );
  });
  first.catch(() => undefined);
  return { child, first, exited };
}

/** `phalanx node --dev` on `port` (instant seal) with its data under `dir`; resolves once it serves. */
export async function startNode(dir: string, port: number): Promise<Child & { rpc: string }> {
  const node = phalanx([
    'node',
    '--dev',
    '--data-dir',
    join(dir, 'node'),
    '--rpc-port',
    String(port),
    '--json',
    '--log-level',
    'warn',
  ]);
  const { rpc } = JSON.parse(await node.first) as { rpc: string };
  return { ...node, rpc };
}

/** `phalanx worker` with `args`; resolves once it serves, with its GET /info URL. */
export async function startWorker(args: readonly string[]): Promise<Child & { info: string }> {
  const worker = phalanx(['worker', '--json', '--port', '0', '--log-level', 'warn', ...args]);
  const { info } = JSON.parse(await worker.first) as { info: string };
  return { ...worker, info };
}

export async function killed(child: Child): Promise<void> {
  if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
  await child.exited;
}

/** GET /info of a worker, or undefined while it does not answer. */
export async function workerInfo(url: string): Promise<{ best: number; registeredAt: number | null } | undefined> {
  try {
    return (await (await fetch(url)).json()) as { best: number; registeredAt: number | null };
  } catch {
    return undefined;
  }
}

/** Polls until `check` holds; the deadline only bounds the wait, the assertions decide. */
export async function until(what: string, check: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A port that was free a moment ago, below the ephemeral range so a restarted node gets it back. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
