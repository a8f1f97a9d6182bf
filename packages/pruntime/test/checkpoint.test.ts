// A refused checkpoint says why, through the ecall API: modified or corrupted (authentication
// failed), not a checkpoint at all, sealed by another build, sealed on another machine, or written
// in a format this build does not read.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, seal, utf8 } from '@phalanx/crypto';
import { ECALL_API_VERSION, type EcallRequest, PRuntime } from '../src/index.js';
import { ChainBuilder } from './chain-builder.js';
import { call, initRequest, simTee } from './ecall-helpers.js';

const tee = simTee;
const resume = (sealed: Uint8Array): EcallRequest => ({
  tag: 'Resume',
  value: { apiVersion: ECALL_API_VERSION, sealed, endpoints: ['http://w1.local:8000'] },
});

describe('checkpoint refusals', () => {
  let sealed: Uint8Array;
  before(async () => {
    await cryptoReady();
    const chain = new ChainBuilder();
    const pruntime = new PRuntime(tee('machine-a'));
    await call(pruntime, initRequest(chain));
    const response = await call(pruntime, { tag: 'Checkpoint', value: null });
    assert.ok(response.tag === 'Sealed');
    sealed = response.value;
  });

  const refusal = async (file: Uint8Array, machine = 'machine-a', build = 'build') => {
    const response = await call(new PRuntime(tee(machine, build)), resume(file));
    assert.ok(response.tag === 'Error', 'the checkpoint is refused');
    assert.equal(response.value.code, 'SEAL_INVALID');
    return { reason: response.value.reason, message: response.value.message };
  };

  test('the same machine and build resume it', async () => {
    assert.equal((await call(new PRuntime(tee('machine-a')), resume(sealed))).tag, 'Ok');
  });

  test('a flipped byte in the sealed body: tampered (authentication failed)', async () => {
    for (const at of [sealed.length - 1, sealed.length - 20, 80]) {
      const tampered = sealed.slice();
      tampered[at] = (tampered[at] as number) ^ 1;
      const { reason, message } = await refusal(tampered);
      assert.equal(reason, 'tampered', `byte ${at}`);
      assert.match(message, /modified or corrupted/);
    }
  });

  test('another build or another machine: said so, not "tampered"', async () => {
    const build = await refusal(sealed, 'machine-a', 'build-2');
    assert.equal(build.reason, 'other-build');
    assert.match(build.message, /another pRuntime build \(measurement 0x/);
    const machine = await refusal(sealed, 'machine-b');
    assert.equal(machine.reason, 'other-machine');
    assert.match(machine.message, /another machine/);
  });

  test('an unknown format version, a format-1 file, or something that is not a checkpoint', async () => {
    const future = sealed.slice();
    future[8] = 9;
    assert.deepEqual(await refusal(future), {
      reason: 'unknown-version',
      message: 'the checkpoint is in format 9; this build reads format 4 (written by another pRuntime version)',
    });
    const formatOne = seal(blake2_256(utf8('any key')), 'pruntime-checkpoint', utf8('old body'));
    assert.equal((await refusal(formatOne)).reason, 'unknown-version');
    assert.equal((await refusal(sealed.subarray(0, sealed.length - 7))).reason, 'not-a-checkpoint');
    assert.equal((await refusal(sealed.subarray(0, 20))).reason, 'not-a-checkpoint');
    assert.equal((await refusal(utf8('{"not": "a checkpoint"}'))).reason, 'not-a-checkpoint');
    assert.equal((await refusal(new Uint8Array())).reason, 'not-a-checkpoint');
  });
});
