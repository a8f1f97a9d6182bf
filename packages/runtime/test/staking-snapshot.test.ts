// The voter snapshot (pallets/staking/snapshot.ts) over a nominator list larger than one chunk and
// than the electing-voter cap, written straight into state: it starts just early enough, reads at
// most a chunk per block, keeps the highest stakes (ties in list order), and survives the list
// changing under its cursor.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blake2_256, equalBytes, utf8 } from '@phalanx/crypto';
import { MapState, Overlay, STAKING_LIMITS, Staking } from '../src/index.js';
import { readNominators, removeNomination, setNomination } from '../src/pallets/staking/nominator-list.js';
import { keepHighest, progressSnapshot, takeSnapshot } from '../src/pallets/staking/snapshot.js';

const who = (i: number) => blake2_256(utf8(`snapshot-nominator-${i}`));
const target = blake2_256(utf8('snapshot-target'));
/** Stakes repeat every 700 nominators, so ties are many. */
const stakeOf = (i: number) => BigInt(1 + ((i * 7919) % 700));

function listOf(count: number): Overlay {
  const state = new Overlay(new MapState());
  for (let i = 0; i < count; i++) {
    setNomination(state, who(i), [target]);
    Staking.Ledger.set(state, who(i), { total: stakeOf(i), active: stakeOf(i), unlocking: [] });
  }
  return state;
}

describe('staking snapshot', () => {
  const count = STAKING_LIMITS.maxElectingVoters + STAKING_LIMITS.snapshotChunk + 123;
  const chunks = Math.ceil(count / STAKING_LIMITS.snapshotChunk);

  test('starts ceil(count / chunk) + 1 blocks before the election, a chunk per block, keeps the highest stakes', () => {
    const state = listOf(count);
    const election = 1000;
    const start = election - chunks - 1;
    progressSnapshot(state, start - 1, election);
    assert.equal(Staking.SnapshotProgress.get(state), undefined, 'not started too early');
    for (let block = start; block < election; block++) progressSnapshot(state, block, election);
    assert.equal(Staking.SnapshotProgress.get(state)?.done, true);
    const voters = takeSnapshot(state);
    assert.equal(voters.length, STAKING_LIMITS.maxElectingVoters);
    // The expected top: all nominators by stake descending, ties in list (insertion) order.
    const expected = Array.from({ length: count }, (_, i) => i)
      .sort((a, b) => Number(stakeOf(b) - stakeOf(a)) || a - b)
      .slice(0, STAKING_LIMITS.maxElectingVoters);
    assert.deepEqual(
      voters.map((v) => v.stake),
      expected.map(stakeOf),
    );
    assert.ok(voters.every((v, k) => equalBytes(v.who, who(expected[k] as number))));
    assert.equal(Staking.SnapshotVoters.get(state), undefined, 'the snapshot is cleared once taken');
  });

  test('one block reads at most one chunk', () => {
    const state = listOf(count);
    progressSnapshot(state, 0, 1);
    const progress = Staking.SnapshotProgress.get(state);
    assert.ok(progress?.cursor !== undefined);
    assert.equal(
      readNominators(state, Staking.NominatorHead.get(state), STAKING_LIMITS.snapshotChunk).next?.toString(),
      progress.cursor.toString(),
    );
  });

  test('a nominator removed under the cursor moves it on; the election block reads what is left', () => {
    const state = listOf(count);
    progressSnapshot(state, 0, 1);
    const cursor = Staking.SnapshotProgress.get(state)?.cursor as Uint8Array;
    const next = Staking.Nominators.get(state, cursor)?.next;
    removeNomination(state, cursor);
    assert.deepEqual(Staking.SnapshotProgress.get(state)?.cursor, next);
    const voters = takeSnapshot(state);
    assert.equal(voters.length, STAKING_LIMITS.maxElectingVoters);
    assert.ok(!voters.some((v) => equalBytes(v.who, cursor)));
    assert.equal(Staking.NominatorCount.get(state), count - 1);
  });

  test('keepHighest: kept voters win ties over later ones', () => {
    const v = (i: number, stake: bigint) => ({ who: who(i), stake, targets: [] });
    const merged = keepHighest([v(0, 5n), v(1, 3n)], [v(2, 5n), v(3, 4n)]);
    assert.deepEqual(
      merged.map((x) => x.who),
      [who(0), who(2), who(3), who(1)],
    );
  });
});
