// Item: a bad worker checkpoint says what happened (modified or corrupted, another build, another
// machine, unknown format) and what to do, and the worker process exits with its own code (65), so a
// supervisor knows restarting will not help. Moving the file aside, as the message says, works.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { HOST_EXIT_CODES, startWorkerHost } from '../src/index.js';
import { type Child, freePort, killed, phalanx, quiet, startNode, startWorker, until, workerInfo } from './helpers.js';

describe('a worker with a bad checkpoint', { timeout: 180_000 }, () => {
  let dir: string;
  let node: Child & { rpc: string };
  let sealed: Buffer;
  const workerDir = () => join(dir, 'worker');
  const sealedPath = () => join(workerDir(), 'pruntime.sealed');

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-bad-checkpoint-'));
    node = await startNode(dir, await freePort());
    const worker = await startWorker(['--rpc', node.rpc, '--data-dir', workerDir()]);
    await until('registered', async () => typeof (await workerInfo(worker.info))?.registeredAt === 'number');
    worker.child.kill('SIGTERM');
    assert.equal((await worker.exited).code, HOST_EXIT_CODES.stopped, 'a stopped worker exits 0');
    sealed = readFileSync(sealedPath());
  });
  after(async () => {
    await killed(node);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (dataDir: string) =>
    startWorkerHost({
      rpc: node.rpc,
      dataDir,
      tee: 'sim',
      port: 0,
      publicUrl: 'http://127.0.0.1:8000',
      operator: devKeypair('Alice'),
      log: quiet,
    });
  const refusedWith = (reason: string, what: RegExp) => (error: unknown) =>
    isPhalanxError(error, 'SEAL_INVALID') &&
    error.details.reason === reason &&
    what.test(error.message) &&
    error.message.includes(`move it aside (mv ${sealedPath()}`);
  const withFile = (bytes: Uint8Array) => writeFileSync(sealedPath(), bytes);

  it('a modified checkpoint: the process exits 65 saying it was modified or corrupted, and what to do', async () => {
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 1;
    withFile(tampered);
    const worker = phalanx(['worker', '--rpc', node.rpc, '--data-dir', workerDir(), '--port', '0']);
    const { code, stderr } = await worker.exited;
    assert.equal(code, HOST_EXIT_CODES.badCheckpoint);
    assert.match(stderr, /error\[SEAL_INVALID\]: cannot resume from .*pruntime\.sealed: it was modified or corrupted/);
    assert.match(stderr, /move it aside \(mv .*pruntime\.sealed .*pruntime\.sealed\.bad\)/);
    assert.doesNotMatch(stderr, /upgrade/, 'a tampered file is not blamed on an upgrade');
  });

  it('another build, another machine, an unknown format, a truncated file: each said so', async () => {
    const otherBuild = Buffer.from(sealed);
    otherBuild[9] = (otherBuild[9] as number) ^ 0xff; // the header's measurement: what another build writes
    withFile(otherBuild);
    await assert.rejects(start(workerDir()), refusedWith('other-build', /sealed by another pRuntime build/));
    const future = Buffer.from(sealed);
    future[8] = 7;
    withFile(future);
    await assert.rejects(start(workerDir()), refusedWith('unknown-version', /format this build does not read/));
    withFile(sealed.subarray(0, 100));
    await assert.rejects(start(workerDir()), refusedWith('not-a-checkpoint', /truncated or damaged/));
    withFile(sealed);

    const otherMachine = join(dir, 'other-machine');
    mkdirSync(otherMachine);
    copyFileSync(sealedPath(), join(otherMachine, 'pruntime.sealed'));
    await assert.rejects(start(otherMachine), (error: unknown) => {
      return (
        isPhalanxError(error, 'SEAL_INVALID') && error.details.reason === 'other-machine' && /another machine/.test(error.message)
      );
    });
  });

  it('moved aside as the message says, the worker starts anew', async () => {
    withFile(Buffer.from(sealed).fill(0, sealed.length - 40));
    await assert.rejects(start(workerDir()), refusedWith('tampered', /modified or corrupted/));
    renameSync(sealedPath(), `${sealedPath()}.bad`);
    const host = await start(workerDir());
    try {
      assert.equal(typeof (await host.registered()).registered, 'number');
    } finally {
      await host.stop();
    }
  });
});
