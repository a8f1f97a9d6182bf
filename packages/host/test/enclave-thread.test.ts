// Item: the enclave thread cannot die silently. Every pending ecall and every later one fails with
// ENCLAVE_LOST when the thread exits or crashes; error codes from the enclave are checked against
// the code table; a worker host whose enclave dies stops by itself and reports the exit code 70.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { Envelope } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import { EnclaveThread, HOST_EXIT_CODES, startWorkerHost } from '../src/index.js';
import { type Child, freePort, killed, quiet, startNode } from './helpers.js';

const standIn = new URL('./stand-in-enclave.js', import.meta.url);
const options = { machineSecret: new Uint8Array(32).fill(1), allowPrivateFetch: false };
const lost = (error: unknown) => isPhalanxError(error, 'ENCLAVE_LOST');
const envelope: Envelope = { senderPubkey: new Uint8Array(32), iv: new Uint8Array(12), ciphertext: new Uint8Array(16) };

describe('the enclave thread', { timeout: 120_000 }, () => {
  before(() => cryptoReady());

  it('rejects every pending ecall, and later ones, when the thread exits', async () => {
    const enclave = await EnclaveThread.start(options, standIn);
    const pending = [1, 2, 3].map(() => enclave.call({ tag: 'GetInfo', value: null }));
    const exiting = enclave.call({ tag: 'TakeEgress', value: null });
    for (const call of [...pending, exiting]) await assert.rejects(call, lost);
    const error = await enclave.lost;
    assert.match(error.message, /exited with code 3/);
    await assert.rejects(enclave.call({ tag: 'GetInfo', value: null }), lost);
    await enclave.stop();
  });

  it('rejects them when the thread crashes, without passing on what the enclave said', async () => {
    const enclave = await EnclaveThread.start(options, standIn);
    const pending = enclave.call({ tag: 'GetInfo', value: null });
    const crashing = enclave.call({ tag: 'Checkpoint', value: null });
    await assert.rejects(pending, lost);
    await assert.rejects(crashing, lost);
    const error = await enclave.lost;
    assert.match(error.message, /crashed \(uncaught RangeError\)/);
    assert.doesNotMatch(error.message, /must not reach/);
    await enclave.stop();
  });

  it('checks error codes from the enclave against the code table', async () => {
    const enclave = await EnclaveThread.start(options, standIn);
    await assert.rejects(enclave.call({ tag: 'Query', value: envelope }), (error: unknown) => {
      return isPhalanxError(error, 'INTERNAL') && error.details.enclaveCode === 'NOT_A_CODE';
    });
    await enclave.stop();
  });

  it('stopping it on purpose is not a loss', async () => {
    const enclave = await EnclaveThread.start(options, standIn);
    let announced = false;
    void enclave.lost.then(() => {
      announced = true;
    });
    const pending = enclave.call({ tag: 'GetInfo', value: null });
    await enclave.stop();
    await assert.rejects(pending, lost);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(announced, false);
  });
});

describe('a worker host whose enclave dies', { timeout: 120_000 }, () => {
  let dir: string;
  let node: Child & { rpc: string };
  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-enclave-lost-'));
    node = await startNode(dir, await freePort());
  });
  after(async () => {
    await killed(node);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the pending query 503 ENCLAVE_LOST, stops, and reports exit code 70', async () => {
    const host = await startWorkerHost({
      rpc: node.rpc,
      dataDir: dir,
      tee: 'sim',
      port: 0,
      publicUrl: 'http://127.0.0.1:8000',
      operator: devKeypair('Alice'),
      log: quiet,
      enclaveEntry: new URL('./exiting-enclave.js', import.meta.url),
    });
    await host.registered();
    const answer = await fetch(`http://127.0.0.1:${host.port}/query`, { method: 'POST', body: encode(Envelope, envelope) });
    assert.equal(answer.status, 503);
    assert.equal(((await answer.json()) as { code: string }).code, 'ENCLAVE_LOST');
    const failure = await host.failed;
    assert.equal(failure.exitCode, HOST_EXIT_CODES.enclaveLost);
    assert.ok(isPhalanxError(failure.error, 'ENCLAVE_LOST'));
    await assert.rejects(fetch(`http://127.0.0.1:${host.port}/info`), 'the host stopped serving');
    await host.stop();
  });
});
