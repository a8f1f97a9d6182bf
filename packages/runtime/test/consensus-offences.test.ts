// Consensus pallet, misbehaviour: evidence CometBFT delivers in the BlockEnv becomes
// Consensus.Offence events (block initialisation) and Consensus.Offences records, for known and
// since-removed validators; identical reports count once; the per-block cap; pruning after
// OFFENCE_HISTORY blocks; malformed input refused; nothing happens without misbehaviour.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, equalBytes } from '@phalanx/crypto';
import {
  Consensus,
  MAX_OFFENCES_PER_BLOCK,
  type Misbehaviour,
  OFFENCE_HISTORY,
  type OffenceRecord,
  storagePrefix,
} from '../src/index.js';
import { addressOf, genesisWith, runEvidenceBlock, validators, vkey } from './consensus-setup.js';
import { expectCode } from './helpers.js';
import { dev, eventsOf, names } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const duplicateVote = (address: Uint8Array, height = 3): Misbehaviour => ({
  kind: 'DuplicateVote',
  validatorAddress: address,
  height,
  totalVotingPower: 20n,
});

const offences = (events: Parameters<typeof eventsOf>[0]) => eventsOf<OffenceRecord>(events, 'Consensus', 'Offence');

describe('Consensus: misbehaviour becomes offences', () => {
  test('a known validator: Offence with its key and operator, at initialisation, recorded under the block number', () => {
    const state = genesisWith(validators(2));
    const { events } = runEvidenceBlock(state, 1, [duplicateVote(addressOf(1))]);
    const expected: OffenceRecord = {
      kind: { tag: 'DuplicateVote', value: null },
      address: addressOf(1),
      validator: vkey(1),
      offender: dev.bob.publicKey,
      height: 3n,
      totalVotingPower: 20n,
    };
    assert.deepEqual(offences(events), [expected]);
    const record = events.find((r) => r.event.tag === 'Consensus');
    assert.equal(record?.phase.tag, 'Initialization');
    assert.deepEqual(Consensus.Offences.get(state, 1), [expected]);
  });

  test('an address of no current validator (removed since) is reported without key and operator', () => {
    const state = genesisWith(validators(1));
    const light: Misbehaviour = { kind: 'LightClientAttack', validatorAddress: addressOf(7), height: 9, totalVotingPower: 30n };
    const { events } = runEvidenceBlock(state, 1, [light]);
    const expected: OffenceRecord = {
      kind: { tag: 'LightClientAttack', value: null },
      address: addressOf(7),
      validator: undefined,
      offender: undefined,
      height: 9n,
      totalVotingPower: 30n,
    };
    assert.deepEqual(offences(events), [expected]);
    assert.deepEqual(Consensus.Offences.get(state, 1), [expected]);
  });

  test('identical reports in one block count once; another height or kind is another offence', () => {
    const state = genesisWith(validators(2));
    const { events } = runEvidenceBlock(state, 1, [
      duplicateVote(addressOf(0)),
      duplicateVote(addressOf(0)),
      duplicateVote(addressOf(0).slice()),
      duplicateVote(addressOf(0), 4),
      { ...duplicateVote(addressOf(0)), kind: 'LightClientAttack' },
      duplicateVote(addressOf(1)),
    ]);
    assert.deepEqual(
      offences(events).map((o) => [o.kind.tag, o.height, equalBytes(o.address, addressOf(0)) ? 0 : 1]),
      [
        ['DuplicateVote', 3n, 0],
        ['DuplicateVote', 4n, 0],
        ['LightClientAttack', 3n, 0],
        ['DuplicateVote', 3n, 1],
      ],
    );
    assert.equal(Consensus.Offences.get(state, 1)?.length, 4);
  });

  test(`at most ${MAX_OFFENCES_PER_BLOCK} offences per block: the rest are dropped, the block still executes`, () => {
    const state = genesisWith(validators(1));
    const many = Array.from({ length: MAX_OFFENCES_PER_BLOCK + 5 }, (_, h) => duplicateVote(addressOf(0), h + 1));
    const { events } = runEvidenceBlock(state, 1, many);
    assert.equal(offences(events).length, MAX_OFFENCES_PER_BLOCK);
    const kept = Consensus.Offences.get(state, 1) ?? [];
    assert.equal(kept.length, MAX_OFFENCES_PER_BLOCK);
    assert.equal(kept.at(-1)?.height, BigInt(MAX_OFFENCES_PER_BLOCK));
  });

  test(`a block's offences are kept ${OFFENCE_HISTORY} blocks, then pruned`, () => {
    const state = genesisWith(validators(1));
    runEvidenceBlock(state, 1, [duplicateVote(addressOf(0))]);
    runEvidenceBlock(state, OFFENCE_HISTORY, []);
    assert.equal(Consensus.Offences.get(state, 1)?.length, 1);
    runEvidenceBlock(state, OFFENCE_HISTORY + 1, []);
    assert.equal(Consensus.Offences.get(state, 1), undefined);
  });

  test('without misbehaviour (the dev engine) or with none, the pallet writes nothing and emits nothing', () => {
    const prefix = storagePrefix('Consensus', 'x').subarray(0, 16);
    for (const misbehaviour of [undefined, []]) {
      const state = genesisWith(validators(1));
      const { events, changes } = runEvidenceBlock(state, 1, misbehaviour);
      assert.deepEqual(names(events), []);
      assert.deepEqual(
        changes.filter(([key]) => equalBytes(key.subarray(0, 16), prefix)),
        [],
      );
    }
  });

  test('refuses malformed misbehaviour (a bug of the caller, not evidence): INVALID_INPUT, block initialisation fails', () => {
    const bad: Array<[string, unknown]> = [
      ['kind', { ...duplicateVote(addressOf(0)), kind: 'Equivocation' }],
      ['validatorAddress', duplicateVote(addressOf(0).subarray(1))],
      ['validatorAddress', { ...duplicateVote(addressOf(0)), validatorAddress: 'ab'.repeat(20) }],
      ['height', duplicateVote(addressOf(0), -1)],
      ['height', duplicateVote(addressOf(0), 1.5)],
      ['totalVotingPower', { ...duplicateVote(addressOf(0)), totalVotingPower: 20 }],
      ['totalVotingPower', { ...duplicateVote(addressOf(0)), totalVotingPower: 1n << 63n }],
      ['object', null],
    ];
    for (const [field, item] of bad) {
      const state = genesisWith(validators(1));
      expectCode(
        () => runEvidenceBlock(state, 1, [duplicateVote(addressOf(0)), item as Misbehaviour]),
        'INVALID_INPUT',
        new RegExp(`misbehaviour\\[1\\]${field === 'object' ? '' : `\\.${field}`}`),
      );
    }
    expectCode(() => runEvidenceBlock(genesisWith(validators(1)), 1, {} as Misbehaviour[]), 'INVALID_INPUT', /array/);
  });
});
