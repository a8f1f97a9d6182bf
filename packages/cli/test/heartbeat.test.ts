// Heartbeats end to end: a registered worker answers the chain's challenges through the message
// queue; stopped, it is marked offline once its window passes; restarted, it answers and is online.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { startWorkerHost } from '@phalanx/host';
import { Mq, Registry } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { quiet, startNodeProcess, until } from './helpers.js';

describe('heartbeats', { timeout: 180_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-hb-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
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

  it('restarted from an older checkpoint (a crash mid-sync), it neither loses nor repeats a message', async () => {
    const dataDir = join(dir, 'w2');
    mkdirSync(dataDir);
    const start = () =>
      startWorkerHost({
        rpc,
        dataDir,
        tee: 'sim',
        port: 0,
        publicUrl: 'http://w2.local',
        operator: devKeypair('Alice'),
        log: quiet,
      });
    let host = await start();
    const identity = (await host.registered()).info.identityPubkey;
    const early = readFileSync(join(dataDir, 'pruntime.sealed')); // the checkpoint right after registration
    const sequence = async () => {
      const raw = await client.storage(Mq.Sequences.keyOf({ tag: 'Worker', value: identity }));
      return Mq.Sequences.get({ get: () => raw }, { tag: 'Worker', value: identity }) ?? 0n;
    };
    await blocks(12);
    await until('the first answer accepted', async () => (await sequence()) >= 1n);
    await host.stop();

    // As if the host crashed before writing any later checkpoint: the pRuntime replays those blocks.
    writeFileSync(join(dataDir, 'pruntime.sealed'), early);
    host = await start();
    await blocks(10);
    const current = async () => {
      const raw = await client.storage(Registry.Challenge.key);
      return Registry.Challenge.get({ get: () => raw })?.block ?? 0;
    };
    const lastHeartbeat = async () => {
      const raw = await client.storage(Registry.Workers.keyOf(identity));
      return Registry.Workers.get({ get: () => raw }, identity)?.lastHeartbeat ?? 0;
    };
    await until('the current challenge answered', async () => (await lastHeartbeat()) >= (await current()));

    // Nothing lost, nothing repeated: every accepted message is one heartbeat received, and the
    // answers replayed from the old checkpoint were dropped as duplicates.
    let received = 0;
    let duplicates = 0;
    const head = (await client.header())?.number ?? 0;
    for (let number = 1; number <= head; number++) {
      const hash = await client.rpc.request<string>('chain_getBlockHash', [number]);
      for (const { event } of (await client.blockEvents(hash)).events) {
        if (
          event.tag === 'Registry' &&
          event.value.tag === 'HeartbeatReceived' &&
          Buffer.compare(event.value.value.identity, identity) === 0
        )
          received++;
        if (
          event.tag === 'Mq' &&
          event.value.tag === 'MessageDuplicate' &&
          Buffer.compare(event.value.value.origin.value as Uint8Array, identity) === 0
        )
          duplicates++;
      }
    }
    assert.equal(BigInt(received), await sequence(), 'each accepted message counted once');
    assert.ok(duplicates >= 1, 'the replayed answer was dropped as a duplicate');
    await host.stop();
  });
});
