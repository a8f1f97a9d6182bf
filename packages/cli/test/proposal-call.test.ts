// The calls `phalanx gov propose` takes by name: each builds the call sudo used to make, `hex` takes
// any encoded call, and a bad argument is a usage error naming what to fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cryptoReady, devKeypair, toHex, toSs58 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { RuntimeCall } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { callName } from '@phalanx/sdk';
import { proposalCall } from '../src/commands/proposal-call.js';

const H = `0x${'ab'.repeat(32)}`;

test('named calls build the calls governance needs', async () => {
  await cryptoReady();
  assert.deepEqual(proposalCall(['add-measurement', H]), {
    tag: 'Registry',
    value: { tag: 'addMeasurement', value: { measurement: new Uint8Array(32).fill(0xab) } },
  });
  const bob = devKeypair('Bob').publicKey;
  const validator = proposalCall(['set-validator', H, '10', toSs58(bob)]);
  assert.deepEqual(validator, {
    tag: 'Consensus',
    value: { tag: 'setValidator', value: { consensusKey: new Uint8Array(32).fill(0xab), power: 10n, operator: bob } },
  });
  const encoded = encode(RuntimeCall, validator);
  assert.deepEqual(proposalCall(['hex', toHex(encoded)]), validator, 'hex round-trips');
  assert.equal(callName(encoded), 'Consensus.setValidator');
  assert.equal(callName(new Uint8Array([0xff])), '?');
  const shares = proposalCall(['set-threshold', '2', '3', '10', '600']);
  assert.deepEqual(shares, {
    tag: 'Threshold',
    value: { tag: 'setParams', value: { params: { t: 2, n: 3, phaseBlocks: 10, refreshPeriod: 600 } } },
  });
  assert.equal(callName(encode(RuntimeCall, shares)), 'Threshold.setParams');
  assert.equal(callName(encode(RuntimeCall, proposalCall(['restart-dkg']))), 'Threshold.restartDkg');
  const migration = proposalCall(['start-migration', H, `0x${'cd'.repeat(32)}`, H]);
  assert.equal(callName(encode(RuntimeCall, migration)), 'Registry.startMigration');
});

test('bad arguments are usage errors that say what to fix', () => {
  for (const [words, message] of [
    [['add-measurement', '0x12'], /HASH must be 0x and 64 hex digits/],
    [['add-measurement'], /takes 1 argument/],
    [['set-validator', H, '-1', H], /POWER/],
    [['hex', 'zz'], /SCALE-encoded/],
    [['launch-rockets'], /unknown call "launch-rockets"/],
  ] as const) {
    assert.throws(
      () => proposalCall(words),
      (error) => isPhalanxError(error) && error.code === 'USAGE' && message.test(error.message),
    );
  }
});
