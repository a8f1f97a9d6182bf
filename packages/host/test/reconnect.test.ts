// Item: a worker survives its node's restart. Real processes: a node, a worker host; the node is
// killed with SIGKILL and restarted on the same data dir and port, and the worker must follow the
// chain past where it was. A node that stays away makes the worker exit with its own code, so a
// supervisor restarts it. Only events and polls decide; no verdict depends on how long anything took.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { connect } from '@phalanx/sdk';
import { HOST_EXIT_CODES } from '../src/index.js';
import { type Child, freePort, killed, startNode, startWorker, until, workerInfo } from './helpers.js';

describe('worker host across node restarts', { timeout: 180_000 }, () => {
  let dir: string;
  const children: Child[] = [];
  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-reconnect-'));
  });
  after(async () => {
    for (const child of children) await killed(child);
    rmSync(dir, { recursive: true, force: true });
  });

  /** One transfer from Bob: a new block on an instant-seal node. */
  const newBlock = async (rpc: string) => {
    const client = await connect(rpc);
    try {
      await client.transfer(devKeypair('Bob'), devKeypair('Charlie').publicKey, 1_000_000_000n);
      return (await client.header())?.number ?? 0;
    } finally {
      await client.close();
    }
  };

  it('reconnects after kill -9 of the node and syncs past its previous block', async () => {
    const port = await freePort();
    let node = await startNode(dir, port);
    children.push(node);
    const worker = await startWorker(['--rpc', node.rpc, '--data-dir', join(dir, 'worker')]);
    children.push(worker);
    const head = await newBlock(node.rpc);
    await until('the worker at the head', async () => ((await workerInfo(worker.info))?.best ?? -1) >= head);
    const before = (await workerInfo(worker.info))?.best as number;

    await killed(node);
    node = await startNode(dir, port);
    children.push(node);
    const later = await newBlock(node.rpc);
    assert.ok(later > before, 'the restarted node continues the same chain');
    await until('the worker past its previous block', async () => ((await workerInfo(worker.info))?.best ?? -1) >= later);
    assert.equal(worker.child.exitCode, null, 'the worker kept running');
    // And it keeps following: one more block after the reconnect.
    const last = await newBlock(node.rpc);
    await until('the worker following on', async () => ((await workerInfo(worker.info))?.best ?? -1) >= last);
  });

  it('exits with the node-unreachable code once the give-up time passes without a node', async () => {
    const port = await freePort();
    const node = await startNode(join(dir, 'two'), port);
    children.push(node);
    const worker = await startWorker(['--rpc', node.rpc, '--data-dir', join(dir, 'two', 'worker'), '--reconnect-give-up', '2']);
    children.push(worker);
    await killed(node);
    const { code, stderr } = await worker.exited;
    assert.equal(code, HOST_EXIT_CODES.nodeUnreachable);
    assert.match(
      stderr,
      /CONNECTION: lost the node at .* could not reconnect within \d+ s: stopping so a supervisor can restart/,
    );
  });
});
