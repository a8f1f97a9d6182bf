// StakePool value flow: the share price after a value change and its rounding; the withdrawal
// queue paid at once, on later contributions, on a release, and by a forced stop at the deadline;
// and the eligibility of workers for clusters.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import {
  Balances,
  type EventRecord,
  type MapState,
  Overlay,
  Phat,
  poolInfo,
  StakePool,
  System,
  workerEligible,
} from '../src/index.js';
import { dev, eventsOf, expectFailure, expectSudoFailure, names, phat, root, type TestChain } from './pallet-helpers.js';
import { checkConservation, ok, pool, poolChain, poolWithWorkers } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

/** What a reward (issue 12 item 2) will do: mint `amount` into a pool's free value. */
function reward(state: MapState, pid: number, amount: bigint): void {
  const overlay = new Overlay(state);
  const record = StakePool.Pools.get(overlay, pid);
  assert.ok(record !== undefined);
  StakePool.Pools.set(overlay, pid, { ...record, totalValue: record.totalValue + amount, freeValue: record.freeValue + amount });
  StakePool.TotalValue.set(overlay, (StakePool.TotalValue.get(overlay) ?? 0n) + amount);
  Balances.TotalIssuance.set(overlay, (Balances.TotalIssuance.get(overlay) ?? 0n) + amount);
  state.apply(overlay.changes());
}

/** Every event of the chain's last block (hooks included). */
function lastBlockEvents(chain: TestChain): EventRecord[] {
  return System.Events.get(chain.state) ?? [];
}

function idle(chain: TestChain, blocks: number): void {
  for (let i = 0; i < blocks; i++) chain.block([]);
}

const keyOf = (w: { identity: { publicKey: Uint8Array } }) => w.identity.publicKey;

describe('StakePool: share price', () => {
  test('contributions after a value change buy at the new price, rounding down; dust stays in the pool', () => {
    const chain = poolChain();
    const { pid } = poolWithWorkers(chain, 0);
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    reward(chain.state, pid, 500n); // price 1.5
    const eve = ok(chain, dev.eve, pool.contribute(pid, 101n));
    assert.deepEqual(eventsOf(eve.events, 'StakePool', 'Contributed'), [
      { pid, who: dev.eve.publicKey, amount: 101n, shares: 67n }, // floor(101 × 1000 / 1500)
    ]);
    checkConservation(chain.state);
    // Dave redeems at floor(1000 × 1601 / 1067) = 1500 (1500.47 exactly): the 0.47 stays.
    const dave = ok(chain, dev.dave, pool.withdraw(pid, 1000n));
    assert.deepEqual(eventsOf(dave.events, 'StakePool', 'Withdrawn'), [
      { pid, who: dev.dave.publicKey, shares: 1000n, amount: 1500n },
    ]);
    assert.deepEqual(StakePool.Pools.get(chain.state, pid)?.totalValue, 101n);
    // The last holder takes the rest, dust included: no value is left behind unowned or created.
    const last = ok(chain, dev.eve, pool.withdraw(pid, 67n));
    assert.deepEqual(eventsOf(last.events, 'StakePool', 'Withdrawn'), [
      { pid, who: dev.eve.publicKey, shares: 67n, amount: 101n },
    ]);
    const info = poolInfo(chain.state, pid);
    assert.deepEqual([info.pool.totalValue, info.pool.totalShares, info.contributors.length], [0n, 0n, 0]);
    checkConservation(chain.state);
  });

  test('a partial redemption rounds down and leaves the remainder to the holders left', () => {
    const chain = poolChain();
    const { pid } = poolWithWorkers(chain, 0);
    ok(chain, dev.dave, pool.contribute(pid, 3n));
    reward(chain.state, pid, 7n); // 3 shares worth 10
    const first = ok(chain, dev.dave, pool.withdraw(pid, 1n));
    assert.deepEqual(eventsOf(first.events, 'StakePool', 'Withdrawn')[0]?.amount, 3n); // floor(10 / 3)
    assert.equal(StakePool.Pools.get(chain.state, pid)?.totalValue, 7n); // 2 shares now worth 3.5 each
    checkConservation(chain.state);
  });
});

describe('StakePool: the withdrawal queue', () => {
  test('paid at once when the free value suffices', () => {
    const chain = poolChain();
    const { pid } = poolWithWorkers(chain, 0);
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    const before = System.Account.get(chain.state, dev.dave.publicKey)?.free ?? 0n;
    const result = ok(chain, dev.dave, pool.withdraw(pid, 400n));
    assert.deepEqual(
      names(result.events).filter((n) => n.startsWith('StakePool')),
      ['StakePool.Withdrawn'],
    );
    assert.equal(System.Account.get(chain.state, dev.dave.publicKey)?.free, before - result.fee + 400n);
    assert.equal(StakePool.Withdrawals.get(chain.state, pid), undefined);
    checkConservation(chain.state);
  });

  test('queued while stake is locked, paid oldest first by a later contribution and by the release', () => {
    const chain = poolChain(0n, 10);
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = keyOf(workers[0] as never);
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 800n));
    const q1 = ok(chain, dev.dave, pool.withdraw(pid, 500n));
    const dueAt = chain.number + 10;
    assert.deepEqual(eventsOf(q1.events, 'StakePool', 'WithdrawalQueued'), [
      { pid, who: dev.dave.publicKey, shares: 500n, dueAt },
    ]);
    assert.deepEqual(StakePool.Deadlines.get(chain.state, dueAt), [pid]);
    ok(chain, dev.dave, pool.withdraw(pid, 100n)); // behind the first, though the free value would cover it
    const due2 = chain.number + 10;
    assert.equal(poolInfo(chain.state, pid).withdrawals.length, 2);
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 1n), 'StakePool', 'WorkerNotIdle');
    checkConservation(chain.state);
    // Eve's 300 brings the free value to 500: the first request is paid, the second waits.
    const eve = ok(chain, dev.eve, pool.contribute(pid, 300n));
    assert.deepEqual(eventsOf(eve.events, 'StakePool', 'Withdrawn'), [
      { pid, who: dev.dave.publicKey, shares: 500n, amount: 500n },
    ]);
    assert.deepEqual(
      poolInfo(chain.state, pid).withdrawals.map((w) => w.shares),
      [100n],
    );
    // The owner stops the worker: its release, a (now shorter) cooldown later and before the
    // request's deadline, pays the rest.
    root(chain, pool.setParams(0n, 2));
    ok(chain, dev.bob, pool.stopWorker(pid, a));
    const releaseAt = chain.number + 2;
    assert.ok(releaseAt < due2, 'released before the second deadline: no forced stop');
    idle(chain, releaseAt - chain.number - 1);
    assert.equal(poolInfo(chain.state, pid).withdrawals.length, 1, 'nothing before the release');
    chain.block([]);
    const events = lastBlockEvents(chain);
    assert.deepEqual(eventsOf(events, 'StakePool', 'StakeReleased'), [{ pid, worker: a, amount: 800n }]);
    assert.deepEqual(eventsOf(events, 'StakePool', 'Withdrawn'), [{ pid, who: dev.dave.publicKey, shares: 100n, amount: 100n }]);
    assert.equal(StakePool.Withdrawals.get(chain.state, pid), undefined);
    assert.equal(StakePool.Releases.get(chain.state, releaseAt), undefined);
    checkConservation(chain.state);
  });

  test('unpaid at its deadline, a request stops only as many workers as it needs; stale releases are skipped', () => {
    const chain = poolChain(0n, 4);
    const { pid, workers } = poolWithWorkers(chain, 3);
    const [a, b, c] = workers.map((w) => keyOf(w)) as [Uint8Array, Uint8Array, Uint8Array];
    ok(chain, dev.dave, pool.contribute(pid, 1400n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 400n));
    ok(chain, dev.bob, pool.startWorker(pid, b, 400n));
    ok(chain, dev.bob, pool.startWorker(pid, c, 400n)); // free 200
    ok(chain, dev.bob, pool.stopWorker(pid, b)); // b's release is due later than the withdrawal's deadline
    const bRelease = chain.number + 4;
    ok(chain, dev.dave, pool.withdraw(pid, 500n));
    const dueAt = chain.number + 4;
    idle(chain, bRelease - chain.number - 1);
    assert.equal(poolInfo(chain.state, pid).withdrawals.length, 1, 'waits for the stake to free');
    // b's release (before the deadline) brings the free value to 600: the request is paid.
    chain.block([]);
    assert.ok(bRelease < dueAt);
    checkConservation(chain.state);
    assert.equal(StakePool.Withdrawals.get(chain.state, pid), undefined, "b's release paid the request");

    // A second request that nothing frees: the deadline stops a (first in binding order) only.
    ok(chain, dev.dave, pool.withdraw(pid, 500n)); // free 100, locked 800
    const due2 = chain.number + 4;
    idle(chain, due2 - chain.number);
    const events = lastBlockEvents(chain);
    assert.deepEqual(eventsOf(events, 'StakePool', 'WorkerStopped'), [{ pid, worker: a, releaseAt: due2, forced: true }]);
    assert.deepEqual(eventsOf(events, 'StakePool', 'StakeReleased'), [{ pid, worker: a, amount: 400n }]);
    assert.deepEqual(eventsOf(events, 'StakePool', 'Withdrawn'), [{ pid, who: dev.dave.publicKey, shares: 500n, amount: 500n }]);
    assert.equal(StakePool.Workers.get(chain.state, c)?.status.tag, 'Running', 'c keeps running');
    assert.equal(StakePool.Deadlines.get(chain.state, due2), undefined);
    checkConservation(chain.state);
  });

  test('a forced stop also releases a worker already stopping, whose later release entry is then skipped', () => {
    const chain = poolChain(0n, 3);
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = keyOf(workers[0] as never);
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 1000n));
    ok(chain, dev.dave, pool.withdraw(pid, 300n));
    const dueAt = chain.number + 3;
    root(chain, pool.setParams(0n, 50)); // a long cooldown for the stop that follows
    ok(chain, dev.bob, pool.stopWorker(pid, a));
    const releaseAt = chain.number + 50;
    idle(chain, dueAt - chain.number);
    assert.deepEqual(eventsOf(lastBlockEvents(chain), 'StakePool', 'StakeReleased'), [{ pid, worker: a, amount: 1000n }]);
    assert.equal(StakePool.Workers.get(chain.state, a)?.status.tag, 'Idle');
    ok(chain, dev.bob, pool.startWorker(pid, a, 500n)); // restarted before the stale release entry
    idle(chain, releaseAt - chain.number);
    assert.deepEqual(eventsOf(lastBlockEvents(chain), 'StakePool', 'StakeReleased'), [], 'the stale entry releases nothing');
    assert.equal(StakePool.Workers.get(chain.state, a)?.locked, 500n);
    checkConservation(chain.state);
  });

  test('with a cooldown of 0 an unpaid withdrawal stops workers within the call', () => {
    const chain = poolChain(0n, 0);
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = keyOf(workers[0] as never);
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 1000n));
    const result = ok(chain, dev.dave, pool.withdraw(pid, 1000n));
    assert.deepEqual(
      names(result.events).filter((n) => n.startsWith('StakePool')),
      ['StakePool.WithdrawalQueued', 'StakePool.WorkerStopped', 'StakePool.StakeReleased', 'StakePool.Withdrawn'],
    );
    checkConservation(chain.state);
  });
});

describe('StakePool: eligibility for clusters', () => {
  const CLUSTER = blake2_256(utf8('stake-cluster'));
  const OTHER = blake2_256(utf8('stake-cluster-2'));

  test('with a minimum stake, only workers running with it may join a cluster', () => {
    const chain = poolChain(100n, 2);
    const { pid, workers } = poolWithWorkers(chain, 2);
    const [a, b] = workers.map((w) => keyOf(w)) as [Uint8Array, Uint8Array];
    assert.equal(workerEligible(chain.state, a), false);
    expectSudoFailure(chain, phat.createCluster(CLUSTER, [a]), 'Phat', 'WorkerNotStaked');
    ok(chain, dev.dave, pool.contribute(pid, 300n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 100n));
    assert.equal(workerEligible(chain.state, a), true);
    root(chain, phat.createCluster(CLUSTER, [a]));
    expectSudoFailure(chain, phat.addWorkerToCluster(CLUSTER, b), 'Phat', 'WorkerNotStaked');
    expectSudoFailure(chain, phat.createCluster(OTHER, [a, b]), 'Phat', 'WorkerNotStaked');
    ok(chain, dev.bob, pool.startWorker(pid, b, 200n));
    root(chain, phat.addWorkerToCluster(CLUSTER, b));
    assert.equal(Phat.Clusters.get(chain.state, CLUSTER)?.workers.length, 2);
    ok(chain, dev.bob, pool.stopWorker(pid, b));
    assert.equal(workerEligible(chain.state, b), false, 'a stopping worker is not eligible');
    root(chain, pool.setParams(101n, 2));
    assert.equal(workerEligible(chain.state, a), false, 'below a raised minimum');
  });

  test('with no minimum (the dev chain) every registered worker qualifies, staked or not', () => {
    const chain = poolChain(0n, 2);
    const { workers } = poolWithWorkers(chain, 1);
    const a = keyOf(workers[0] as never);
    assert.equal(workerEligible(chain.state, a), true);
    assert.equal(workerEligible(chain.state, new Uint8Array(32)), true);
    root(chain, phat.createCluster(CLUSTER, [a]));
  });
});
