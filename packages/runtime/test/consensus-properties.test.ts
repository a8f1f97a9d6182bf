// Consensus pallet: a fast-check model of random set_validator sequences over several blocks
// (storage stays consistent, the caps hold, refusals change nothing, ValidatorUpdates is exactly
// the block's net change), and SCALE round trips of the new call and events at appended indexes.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, equalBytes } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import fc from 'fast-check';
import {
  Consensus,
  changeValidator,
  DispatchError,
  MAX_TOTAL_VOTING_POWER,
  type MapState,
  Overlay,
  RuntimeCall,
  RuntimeEvent,
  validatorAddress,
  validatorUpdatesOf,
} from '../src/index.js';
import { addressOf, genesisWith, SMALL_ORDER, setValidator, validators, vkey } from './consensus-setup.js';
import { cloneState, snapshot } from './helpers.js';
import { dev } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const POOL = 6;
const operators = () => [dev.bob.publicKey, dev.charlie.publicKey];
const keyOf = (i: number) => (i === POOL ? SMALL_ORDER : vkey(i));

/** Checks every invariant over the pool of keys; returns the set as key index → power. */
function checkInvariants(state: MapState): Map<number, bigint> {
  const set = new Map<number, bigint>();
  for (let i = 0; i < POOL; i++) {
    const record = Consensus.Validators.get(state, vkey(i));
    const byAddress = Consensus.ValidatorByAddress.get(state, addressOf(i));
    if (record === undefined) {
      assert.equal(byAddress, undefined, `no address entry for non-validator ${i}`);
      continue;
    }
    assert.ok(byAddress !== undefined && equalBytes(byAddress, vkey(i)), `address of ${i} maps to its key`);
    assert.ok(record.power >= 1n && record.power <= MAX_TOTAL_VOTING_POWER);
    set.set(i, record.power);
  }
  assert.equal(Consensus.Validators.get(state, SMALL_ORDER), undefined);
  assert.equal(Consensus.ValidatorCount.get(state), set.size);
  const total = [...set.values()].reduce((a, b) => a + b, 0n);
  assert.equal(Consensus.TotalPower.get(state), total);
  assert.ok(total <= MAX_TOTAL_VOTING_POWER && set.size >= 1);
  return set;
}

const power = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1n, max: 100n }),
  fc.constant(MAX_TOTAL_VOTING_POWER / 3n),
  fc.constant(MAX_TOTAL_VOTING_POWER),
  fc.constant(MAX_TOTAL_VOTING_POWER + 1n),
);
const change = fc.record({ key: fc.integer({ min: 0, max: POOL }), power, operator: fc.integer({ min: 0, max: 1 }) });

const genesisCache = new Map<number, MapState>();
/** The dev genesis with validators 0..n-1 (built once per n: dev key derivation is slow). */
function genesisOf(n: number): MapState {
  let state = genesisCache.get(n);
  if (state === undefined) {
    state = genesisWith(validators(n));
    genesisCache.set(n, state);
  }
  return state;
}

/** What the call should do to the set `model` (key index → power): the new set, or why it is refused. */
function expectedOutcome(model: Map<number, bigint>, key: number, power: bigint): Map<number, bigint> | string {
  if (key === POOL) return 'InvalidConsensusKey';
  const next = new Map(model);
  if (power === 0n) {
    if (!model.has(key)) return 'NotAValidator';
    if (model.size === 1) return 'LastValidator';
    next.delete(key);
    return next;
  }
  if (power > MAX_TOTAL_VOTING_POWER) return 'PowerTooHigh';
  next.set(key, power);
  if ([...next.values()].reduce((a, b) => a + b, 0n) > MAX_TOTAL_VOTING_POWER) return 'TotalPowerTooHigh';
  return next;
}

describe('Consensus: random set_validator sequences', () => {
  test('match a model, keep Validators, ValidatorByAddress, ValidatorCount and TotalPower consistent within the caps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(change, { maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        (initial, blocks) => {
          const state = cloneState(genesisOf(initial));
          let model = checkInvariants(state);
          for (const block of blocks) {
            const overlay = new Overlay(state);
            Consensus.ValidatorUpdates.remove(overlay); // what block initialisation does
            Consensus.AddedThisBlock.remove(overlay);
            const start = model;
            const touched = new Set<number>();
            for (const { key, power, operator } of block) {
              const expected = expectedOutcome(model, key, power);
              const before = snapshot(applied(state, overlay));
              try {
                overlay.transaction(() =>
                  changeValidator(overlay, { consensusKey: keyOf(key), power, operator: operators()[operator] as Uint8Array }),
                );
                assert.ok(typeof expected !== 'string', `expected ${String(expected)}, but the change was accepted`);
                model = expected;
                touched.add(key);
              } catch (error) {
                assert.ok(error instanceof DispatchError, `only dispatch errors, got ${String(error)}`);
                assert.equal(error.error, expected, error.message);
                assert.deepEqual(snapshot(applied(state, overlay)), before, 'a refused change writes nothing');
              }
              assert.deepEqual(checkInvariants(applied(state, overlay)), model);
            }
            state.apply(overlay.changes());
            // The updates: one per key changed in the block, its final power (0: removed), except
            // keys that were validators neither at the block's start nor at its end.
            const expectedUpdates = [...touched].filter((i) => start.has(i) || model.has(i)).map((i) => [i, model.get(i) ?? 0n]);
            const actual = validatorUpdatesOf(state).map(([k, p]) => [indexOf(k), p]);
            assert.equal(actual.length, new Set(actual.map(([i]) => i)).size, 'one update per key');
            assert.deepEqual(sortPairs(actual), sortPairs(expectedUpdates));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The state `overlay` (outside a transaction) would leave on top of `base`, as a MapState. */
function applied(base: MapState, overlay: Overlay): MapState {
  const copy = cloneState(base);
  copy.apply(overlay.changes());
  return copy;
}

function indexOf(key: Uint8Array): number {
  for (let i = 0; i < POOL; i++) if (equalBytes(vkey(i), key)) return i;
  return -1;
}

function sortPairs(pairs: unknown[][]): unknown[][] {
  return [...pairs].sort((a, b) => (a[0] as number) - (b[0] as number));
}

describe('Consensus: SCALE encodings', () => {
  test('setValidator round trips as RuntimeCall variant 6 (appended after Phat = 5), inner variant 0', () => {
    const call = setValidator(vkey(0), 1234n, dev.bob.publicKey);
    const bytes = encode(RuntimeCall, call);
    assert.deepEqual([bytes[0], bytes[1], bytes.length], [6, 0, 2 + 32 + 8 + 32]);
    assert.deepEqual(decode(RuntimeCall, bytes), call);
    const phat = encode(RuntimeCall, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: new Uint8Array([1]) } } });
    assert.equal(phat[0], 5, 'earlier variants keep their indexes');
  });

  test('ValidatorSet and Offence round trip as RuntimeEvent variant 6', () => {
    const events: RuntimeEvent[] = [
      {
        tag: 'Consensus',
        value: { tag: 'ValidatorSet', value: { consensusKey: vkey(1), power: 0n, operator: dev.bob.publicKey } },
      },
      {
        tag: 'Consensus',
        value: {
          tag: 'Offence',
          value: {
            kind: { tag: 'LightClientAttack', value: null },
            address: validatorAddress(vkey(2)),
            validator: vkey(2),
            offender: dev.charlie.publicKey,
            height: 77n,
            totalVotingPower: 300n,
          },
        },
      },
      {
        tag: 'Consensus',
        value: {
          tag: 'Offence',
          value: {
            kind: { tag: 'DuplicateVote', value: null },
            address: new Uint8Array(20).fill(9),
            validator: undefined,
            offender: undefined,
            height: 1n,
            totalVotingPower: 0n,
          },
        },
      },
    ];
    const indexes = events.map((event) => {
      const bytes = encode(RuntimeEvent, event);
      assert.deepEqual(decode(RuntimeEvent, bytes), event);
      return [bytes[0], bytes[1]];
    });
    assert.deepEqual(indexes, [
      [6, 0],
      [6, 1],
      [6, 1],
    ]);
  });
});
