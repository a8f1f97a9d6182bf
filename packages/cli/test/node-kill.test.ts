// Fault test: a real `phalanx node` child process under transfer load is killed with SIGKILL at
// arbitrary moments, again and again. After every restart the database must open, and every block
// the node had reported as imported (a newHeads notification, sent only after the atomic commit)
// must still be there with the same hash. The verdict never depends on timing: only the kill
// moments vary between runs.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, type Keypair, toHex } from '@phalanx/crypto';
import { signExtrinsic } from '@phalanx/primitives';
import { Extrinsic, RuntimeCall } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { startNodeProcess } from './helpers.js';

const ROUNDS = 6;
const BLOCKS_PER_ROUND = 3;

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Fires signed transfers from several accounts until `stop()`; errors (e.g. the kill) are ignored. */
function load(client: PhalanxClient, senders: Keypair[], to: Uint8Array): { stop(): void } {
  let running = true;
  for (const sender of senders) {
    void (async () => {
      let nonce = await client.nextNonce(sender.publicKey).catch(() => 0);
      while (running) {
        const call: RuntimeCall = { tag: 'Balances', value: { tag: 'transfer', value: { dest: to, value: 10_000_000_000n } } };
        const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, sender, client.genesisHash, { nonce, call }));
        const outcome = await client.rpc.request('author_submitExtrinsic', [toHex(bytes)]).then(
          () => 'ok' as const,
          (error: { code?: string }) => (error.code === 'CONNECTION' ? ('gone' as const) : ('refused' as const)),
        );
        if (outcome === 'gone') return; // the node was killed: this sender's part is over
        if (outcome === 'ok') nonce++;
        else nonce = await client.nextNonce(sender.publicKey).catch(() => nonce);
      }
    })();
  }
  return {
    stop: () => {
      running = false;
    },
  };
}

describe('node survives kill -9 under load', { timeout: 240_000 }, () => {
  let dataDir: string;
  before(async () => {
    await cryptoReady();
    dataDir = mkdtempSync(join(tmpdir(), 'phalanx-kill-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every reported block across ${ROUNDS} SIGKILLs`, async () => {
    const reported = new Map<number, string>();
    const senders = ['Alice', 'Bob', 'Charlie', 'Dave'].map((name) => devKeypair(name));
    const to = devKeypair('Ferdie').publicKey;
    for (let round = 0; round <= ROUNDS; round++) {
      const { child, rpc } = await startNodeProcess(dataDir);
      const client = await connect(rpc);
      try {
        for (const [number, hash] of reported) {
          assert.equal(await client.rpc.request('chain_getBlockHash', [number]), hash, `block #${number} survived the kill`);
        }
        if (round === ROUNDS) break;
        const start = (await client.header())?.number ?? 0;
        const target = start + BLOCKS_PER_ROUND;
        const enough = new Promise<void>((resolve) => {
          void client.rpc.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads', (header) => {
            const { number, hash } = header as { number: number; hash: string };
            reported.set(number, hash);
            if (number >= target) resolve();
          });
        });
        const traffic = load(client, senders, to);
        await enough;
        await killed(child); // mid-load: blocks are being built and committed right now
        traffic.stop();
      } finally {
        await killed(child);
        await client.close().catch(() => undefined);
      }
    }
    assert.ok(reported.size >= ROUNDS * BLOCKS_PER_ROUND, 'the load produced blocks in every round');
  });
});
