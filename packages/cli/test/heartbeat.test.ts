// Heartbeats end to end: a registered worker answers the chain's challenges through the message
// queue; stopped, it is marked offline once its window passes; restarted, it answers and is online.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { startWorkerHost } from '@phalanx/host';
import { Registry } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';

const bin = fileURLToPath(new URL('../../bin/phalanx.js', import.meta.url));
const quiet = { error() {}, warn() {}, info() {} };

async function until(what: string, check: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('heartbeats', { timeout: 180_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-hb-'));
    node = spawn(
      process.execPath,
      [bin, 'node', '--dev', '--data-dir', join(dir, 'node'), '--rpc-port', '0', '--json', '--log-level', 'warn'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    rpc = await new Promise((resolve) =>
      createInterface({ input: node.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve(JSON.parse(line).rpc)),
    );
    client = await connect(rpc);
  });

  after(async () => {
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const record = async (identity: Uint8Array) => {
    const raw = await client.storage(Registry.Workers.keyOf(identity));
    return Registry.Workers.get({ get: () => raw }, identity);
  };
  /** Moves the chain on by `count` blocks (instant seal: one transfer, one block). */
  const blocks = async (count: number) => {
    for (let i = 0; i < count; i++) await client.transfer(devKeypair('Bob'), devKeypair('Charlie').publicKey, 10_000_000_000n);
  };

  it('answers challenges; goes offline when silent past the window; comes back online', async () => {
    const dataDir = join(dir, 'w1');
    mkdirSync(dataDir);
    const start = () =>
      startWorkerHost({
        rpc,
        dataDir,
        tee: 'sim',
        port: 0,
        publicUrl: 'http://w1.local',
        operator: devKeypair('Alice'),
        log: quiet,
      });
    let host = await start();
    const identity = (await host.registered()).info.identityPubkey;
    await blocks(12); // past the first challenge (every 10 blocks on the dev chain)
    await until('a heartbeat answer on chain', async () => {
      const current = await client.storage(Registry.Challenge.key);
      const block = Registry.Challenge.get({ get: () => current })?.block ?? Number.POSITIVE_INFINITY;
      return ((await record(identity))?.lastHeartbeat ?? 0) >= block;
    });
    assert.equal((await record(identity))?.online, true);
    await host.stop();

    await blocks(45); // silent for more than the 30-block window
    assert.equal((await record(identity))?.online, false, 'marked offline');

    host = await start();
    await blocks(11);
    await until('back online', async () => (await record(identity))?.online === true);
    await host.stop();
  });
});
