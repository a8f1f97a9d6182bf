// Fault tests' control of a node process (node-process.ts): start it on a data directory, optionally
// under strace to learn what reached the disk, and kill it with -9. A power loss keeps of each file
// only what was synced (fsync/fdatasync) before it; `syncedLogBytes` reads that from the trace.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { WsClient } from './helpers.js';

const NODE_PROCESS = fileURLToPath(new URL('./node-process.js', import.meta.url));

export type Started = { child: ChildProcess; port: number; pid: number } | { error: { code: string; message: string } };

/** Whether `strace` can trace a child here (it is installed and ptrace is allowed). */
export function canTrace(): boolean {
  const probe = spawnSync('strace', ['-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * Starts the node process on `dataDir`; resolves once it serves, or with the error it stopped on.
 * With `trace`, it runs under strace, which writes the writes and syncs of every file to that path.
 */
export function startProcess(dataDir: string, trace?: string): Promise<Started> {
  const [command, args] =
    trace === undefined
      ? [process.execPath, [NODE_PROCESS, dataDir]]
      : [
          'strace',
          [
            '-f',
            '-qq',
            '-y',
            '-s',
            '0',
            '-e',
            'trace=write,fsync,fdatasync',
            '-o',
            trace,
            process.execPath,
            NODE_PROCESS,
            dataDir,
          ],
        ];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      const said = JSON.parse(line) as { port?: number; pid?: number; error?: { code: string; message: string } };
      if (said.error !== undefined) resolve({ error: said.error });
      else resolve({ child, port: said.port as number, pid: said.pid as number });
    });
  });
}

/** Kills the node with -9 (its pid, not strace's) and waits until the process started is gone. */
export async function kill9(started: { child: ChildProcess; pid: number }): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  process.kill(started.pid, 'SIGKILL');
  await exited;
}

export interface HeadJson {
  number: number;
  hash: string;
  parentHash: string;
}

/** Waits on a finalized-heads subscription until block `number` or later is announced. */
export async function finalizedHead(ws: WsClient, number: number): Promise<HeadJson> {
  const subscription = await ws.request<string>('chain_subscribeFinalizedHeads');
  let head = await ws.next<HeadJson>(subscription);
  while (head.number < number) head = await ws.next<HeadJson>(subscription);
  return head;
}

/** The LevelDB write-ahead logs (`NNNNNN.log`) of a node's data directory, oldest first. */
export function writeAheadLogs(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'chain'))
    .filter((name) => /^\d+\.log$/.test(name))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((name) => join(dataDir, 'chain', name));
}

/**
 * Bytes of each write-ahead log (by file name) that were on disk for sure when the node died: those
 * written before the last sync of that file started. A log never synced is absent (0 bytes survive).
 */
export function syncedLogBytes(trace: string): Map<string, number> {
  const written = new Map<string, number>();
  const synced = new Map<string, number>();
  const pendingWrite = new Map<string, string>(); // thread → log file of its unfinished write
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    const call = /^(\d+) +(write|fsync|fdatasync)\(\d+<([^>]*\/chain\/\d+\.log)>/.exec(line);
    const resumed = /^(\d+) +<\.\.\. write resumed>.*= (\d+)$/.exec(line);
    if (call !== null) {
      const [, thread, name, path] = call as unknown as [string, string, string, string];
      const file = basename(path);
      if (name !== 'write') {
        synced.set(file, written.get(file) ?? 0);
      } else if (line.endsWith('<unfinished ...>')) {
        pendingWrite.set(thread, file);
      } else {
        const result = /= (\d+)$/.exec(line);
        if (result !== null) written.set(file, (written.get(file) ?? 0) + Number(result[1]));
      }
    } else if (resumed !== null) {
      const file = pendingWrite.get(resumed[1] as string);
      pendingWrite.delete(resumed[1] as string);
      if (file !== undefined) written.set(file, (written.get(file) ?? 0) + Number(resumed[2]));
    }
  }
  assert.ok(written.size > 0, `the trace shows the node writing its log (${trace})`);
  return synced;
}
