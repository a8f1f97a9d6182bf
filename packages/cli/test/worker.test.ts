// A worker end to end: a real node process, the worker host with its pRuntime thread (sim TEE).
// The pRuntime makes its keys, registers through the host (attested report over its WorkerInfo),
// follows the chain, seals a checkpoint, resumes from it after a restart — and refuses a checkpoint
// that was modified or comes from another machine.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { startWorkerHost } from '@phalanx/host';
import { WorkerInfo } from '@phalanx/primitives';
import { Registry } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { connect, type PhalanxClient, queryWorker } from '@phalanx/sdk';
import { quiet, startNodeProcess } from './helpers.js';

describe('worker host + pRuntime (sim TEE) against a real node', { timeout: 120_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-worker-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
  });

  after(async () => {
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (dataDir: string) =>
    startWorkerHost({
      rpc,
      dataDir,
      tee: 'sim',
      port: 0,
      publicUrl: 'http://127.0.0.1:8000',
      operator: devKeypair('Alice'),
      log: quiet,
    });

  it('registers, resumes from its sealed checkpoint, and refuses a tampered or foreign one', async () => {
    const workerDir = join(dir, 'worker');
    mkdirSync(workerDir);
    let host = await start(workerDir);
    const registered = await host.registered();
    const identity = registered.info.identityPubkey;
    assert.equal(registered.tee, 'sim');
    assert.match(registered.insecure ?? '', /INSECURE/);
    const raw = await client.storage(Registry.Workers.keyOf(identity));
    const record = Registry.Workers.get({ get: () => raw }, identity);
    assert.equal(record?.confidenceLevel, 5, 'a simulator is the worst confidence level');
    assert.equal(record?.tee.tag, 'Sim');
    assert.deepEqual(record?.operator, devKeypair('Alice').publicKey);
    const publicInfo = (await (await fetch(`http://127.0.0.1:${host.port}/info`)).json()) as { identity: string };
    assert.equal(publicInfo.identity, toHex(identity));
    // A signed, encrypted query through the host's public endpoint; only the caller can read the answer.
    const answer = await queryWorker(client, devKeypair('Bob'), identity, {
      method: 'info',
      endpoint: `http://127.0.0.1:${host.port}`,
    });
    assert.equal(answer.ok, true);
    assert.deepEqual(decode(WorkerInfo, answer.result), registered.info);
    await host.stop();

    // The chain moves on while the worker is down; on restart it resumes and catches up.
    await client.transfer(devKeypair('Alice'), devKeypair('Bob').publicKey, 10_000_000_000_000n);
    host = await start(workerDir);
    const resumed = await host.info();
    assert.deepEqual(resumed.info.identityPubkey, identity, 'same keys after restart');
    assert.equal(resumed.bestNumber, (await client.header())?.number);
    assert.equal(resumed.registered, registered.registered, 'no second registration');
    await host.stop();

    // A modified checkpoint is refused.
    const sealedPath = join(workerDir, 'pruntime.sealed');
    const sealed = readFileSync(sealedPath);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 1;
    writeFileSync(sealedPath, tampered);
    await assert.rejects(start(workerDir), (error: unknown) => isPhalanxError(error, 'SEAL_INVALID'));
    writeFileSync(sealedPath, sealed);

    // The same checkpoint on another machine (another machine secret) is refused.
    const otherDir = join(dir, 'other-machine');
    mkdirSync(otherDir);
    copyFileSync(sealedPath, join(otherDir, 'pruntime.sealed'));
    await assert.rejects(start(otherDir), (error: unknown) => isPhalanxError(error, 'SEAL_INVALID'));
  });
});
