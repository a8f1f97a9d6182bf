// StakePool calls: each call's success, and each precondition's failure as a typed error that
// leaves no state change (fee and nonce aside). Caps are reached by writing state directly.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { Balances, type MapState, Overlay, STAKE_POOL_LIMITS, StakePool } from '../src/index.js';
import { dev, eventsOf, expectFailure, registerWorker } from './pallet-helpers.js';
import { checkConservation, createPool, ok, pool, poolChain, poolWithWorkers } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

/** Writes to a chain's state outside any block (to reach caps cheaply). */
function poke(state: MapState, write: (overlay: Overlay) => void): void {
  const overlay = new Overlay(state);
  write(overlay);
  state.apply(overlay.changes());
}

const fakeKey = (i: number) => new Uint8Array(32).fill(i + 1);

describe('StakePool.create, setCommission, setCapacity', () => {
  test('create numbers pools from 0, owned by the caller; bad commission is refused', () => {
    const chain = poolChain();
    const result = ok(chain, dev.bob, pool.create(150_000, 5000n));
    assert.deepEqual(eventsOf(result.events, 'StakePool', 'PoolCreated'), [
      { pid: 0, owner: dev.bob.publicKey, commission: 150_000, capacity: 5000n },
    ]);
    assert.equal(createPool(chain, dev.charlie), 1);
    const record = StakePool.Pools.get(chain.state, 0);
    assert.deepEqual(record, {
      owner: dev.bob.publicKey,
      commission: 150_000,
      capacity: 5000n,
      totalValue: 0n,
      freeValue: 0n,
      totalShares: 0n,
      workers: [],
    });
    expectFailure(chain, dev.bob, pool.create(1_000_001), 'StakePool', 'InvalidCommission');
    ok(chain, dev.bob, pool.create(1_000_000));
    checkConservation(chain.state);
  });

  test('setCommission and setCapacity: owner only, known pool, commission within a million', () => {
    const chain = poolChain();
    const pid = createPool(chain);
    const set = ok(chain, dev.bob, pool.setCommission(pid, 20));
    assert.deepEqual(eventsOf(set.events, 'StakePool', 'CommissionSet'), [{ pid, commission: 20 }]);
    ok(chain, dev.bob, pool.setCapacity(pid, 10n));
    assert.equal(StakePool.Pools.get(chain.state, pid)?.capacity, 10n);
    ok(chain, dev.bob, pool.setCapacity(pid, undefined));
    assert.equal(StakePool.Pools.get(chain.state, pid)?.capacity, undefined);
    assert.equal(StakePool.Pools.get(chain.state, pid)?.commission, 20);
    expectFailure(chain, dev.charlie, pool.setCommission(pid, 1), 'StakePool', 'NotPoolOwner');
    expectFailure(chain, dev.charlie, pool.setCapacity(pid, 1n), 'StakePool', 'NotPoolOwner');
    expectFailure(chain, dev.bob, pool.setCommission(pid, 1_000_001), 'StakePool', 'InvalidCommission');
    expectFailure(chain, dev.bob, pool.setCommission(9, 1), 'StakePool', 'PoolNotFound');
    expectFailure(chain, dev.bob, pool.setCapacity(9, 1n), 'StakePool', 'PoolNotFound');
  });
});

describe('StakePool.addWorker and removeWorker', () => {
  test('binds a registered worker the owner operates, once; unbinds it while idle', () => {
    const chain = poolChain();
    const pid = createPool(chain);
    const other = createPool(chain);
    const w = registerWorker(chain, 'aw-1');
    const foreign = registerWorker(chain, 'aw-2', dev.charlie);
    const key = w.identity.publicKey;
    const added = ok(chain, dev.bob, pool.addWorker(pid, key));
    assert.deepEqual(eventsOf(added.events, 'StakePool', 'WorkerAdded'), [{ pid, worker: key }]);
    assert.deepEqual(StakePool.Workers.get(chain.state, key), { pid, locked: 0n, status: { tag: 'Idle', value: null } });
    assert.deepEqual(StakePool.Pools.get(chain.state, pid)?.workers, [key]);
    expectFailure(chain, dev.bob, pool.addWorker(pid, key), 'StakePool', 'WorkerInPool');
    expectFailure(chain, dev.bob, pool.addWorker(other, key), 'StakePool', 'WorkerInPool');
    expectFailure(chain, dev.bob, pool.addWorker(pid, fakeKey(0)), 'StakePool', 'WorkerNotRegistered');
    expectFailure(chain, dev.bob, pool.addWorker(pid, foreign.identity.publicKey), 'StakePool', 'NotWorkerOperator');
    expectFailure(chain, dev.charlie, pool.addWorker(pid, key), 'StakePool', 'NotPoolOwner');
    expectFailure(chain, dev.bob, pool.addWorker(7, key), 'StakePool', 'PoolNotFound');

    expectFailure(chain, dev.bob, pool.removeWorker(other, key), 'StakePool', 'WorkerNotInPool');
    expectFailure(chain, dev.charlie, pool.removeWorker(pid, key), 'StakePool', 'NotPoolOwner');
    const removed = ok(chain, dev.bob, pool.removeWorker(pid, key));
    assert.deepEqual(eventsOf(removed.events, 'StakePool', 'WorkerRemoved'), [{ pid, worker: key }]);
    assert.equal(StakePool.Workers.get(chain.state, key), undefined);
    assert.deepEqual(StakePool.Pools.get(chain.state, pid)?.workers, []);
    ok(chain, dev.bob, pool.addWorker(other, key)); // free to join another pool now
  });

  test('a pool holds at most maxWorkers workers; a worker with stake locked cannot be removed', () => {
    const chain = poolChain();
    const { pid, workers } = poolWithWorkers(chain, 1);
    const key = (workers[0] as { identity: { publicKey: Uint8Array } }).identity.publicKey;
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    ok(chain, dev.bob, pool.startWorker(pid, key, 600n));
    expectFailure(chain, dev.bob, pool.removeWorker(pid, key), 'StakePool', 'StakeLocked');
    ok(chain, dev.bob, pool.stopWorker(pid, key));
    expectFailure(chain, dev.bob, pool.removeWorker(pid, key), 'StakePool', 'StakeLocked'); // stopping: still locked
    const extra = registerWorker(chain, 'aw-cap');
    poke(chain.state, (o) => {
      const record = StakePool.Pools.get(o, pid);
      assert.ok(record !== undefined);
      const filler = Array.from({ length: STAKE_POOL_LIMITS.maxWorkers - 1 }, (_, i) => fakeKey(i));
      StakePool.Pools.set(o, pid, { ...record, workers: [...record.workers, ...filler] });
    });
    expectFailure(chain, dev.bob, pool.addWorker(pid, extra.identity.publicKey), 'StakePool', 'TooManyWorkers');
  });
});

describe('StakePool.contribute', () => {
  test('moves free balance into the pool for shares, 1:1 first', () => {
    const chain = poolChain();
    const pid = createPool(chain, dev.bob, 0, 10_000n);
    const before = StakePool.TotalValue.get(chain.state) ?? 0n;
    const result = ok(chain, dev.dave, pool.contribute(pid, 4000n));
    assert.deepEqual(eventsOf(result.events, 'StakePool', 'Contributed'), [
      { pid, who: dev.dave.publicKey, amount: 4000n, shares: 4000n },
    ]);
    assert.equal(StakePool.Shares.get(chain.state, [pid, dev.dave.publicKey]), 4000n);
    assert.deepEqual(StakePool.Contributors.get(chain.state, pid), [dev.dave.publicKey]);
    assert.equal(StakePool.TotalValue.get(chain.state), before + 4000n);
    checkConservation(chain.state);
    expectFailure(chain, dev.eve, pool.contribute(pid, 6001n), 'StakePool', 'CapacityExceeded');
    expectFailure(chain, dev.eve, pool.contribute(pid, 0n), 'StakePool', 'ZeroAmount');
    expectFailure(chain, dev.eve, pool.contribute(3, 1n), 'StakePool', 'PoolNotFound');
    expectFailure(chain, dev.eve, pool.contribute(pid, 6000n * 10n ** 30n), 'StakePool', 'CapacityExceeded');
    ok(chain, dev.bob, pool.setCapacity(pid, undefined));
    expectFailure(chain, dev.eve, pool.contribute(pid, 2n * 10n ** 30n), 'StakePool', 'InsufficientBalance');
    ok(chain, dev.eve, pool.contribute(pid, 6000n));
    checkConservation(chain.state);
  });

  test('refuses what buys no share, a worthless pool, and a contributor beyond the cap', () => {
    const chain = poolChain();
    const pid = createPool(chain);
    ok(chain, dev.dave, pool.contribute(pid, 10n));
    poke(chain.state, (o) => {
      const record = StakePool.Pools.get(o, pid);
      assert.ok(record !== undefined);
      StakePool.Pools.set(o, pid, { ...record, totalValue: 1000n, freeValue: 1000n }); // as a reward would
      StakePool.TotalValue.set(o, 1000n);
      Balances.TotalIssuance.set(o, (Balances.TotalIssuance.get(o) ?? 0n) + 990n);
    });
    expectFailure(chain, dev.eve, pool.contribute(pid, 99n), 'StakePool', 'ZeroShares'); // 99 × 10 / 1000 = 0
    poke(chain.state, (o) => {
      const record = StakePool.Pools.get(o, pid);
      assert.ok(record !== undefined);
      StakePool.Contributors.set(o, pid, [
        ...(StakePool.Contributors.get(o, pid) ?? []),
        ...Array.from({ length: STAKE_POOL_LIMITS.maxContributors - 1 }, (_, i) => fakeKey(i)),
      ]);
    });
    expectFailure(chain, dev.eve, pool.contribute(pid, 1000n), 'StakePool', 'TooManyContributors');
    ok(chain, dev.dave, pool.contribute(pid, 1000n)); // an existing holder may add
    poke(chain.state, (o) => {
      const record = StakePool.Pools.get(o, pid);
      assert.ok(record !== undefined);
      StakePool.Pools.set(o, pid, { ...record, totalValue: 0n, freeValue: 0n }); // as a total slash would
    });
    expectFailure(chain, dev.dave, pool.contribute(pid, 1000n), 'StakePool', 'PoolWorthless');
  });
});

describe('StakePool.startWorker and stopWorker', () => {
  test('locks free value behind an idle worker, at least the minimum; stopping waits for the cooldown', () => {
    const chain = poolChain(100n, 5);
    const { pid, workers } = poolWithWorkers(chain, 2);
    const [a, b] = workers.map((w) => w.identity.publicKey) as [Uint8Array, Uint8Array];
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 99n), 'StakePool', 'StakeTooLow');
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 1001n), 'StakePool', 'InsufficientFreeValue');
    expectFailure(chain, dev.charlie, pool.startWorker(pid, a, 100n), 'StakePool', 'NotPoolOwner');
    expectFailure(chain, dev.bob, pool.startWorker(pid, fakeKey(3), 100n), 'StakePool', 'WorkerNotInPool');
    const started = ok(chain, dev.bob, pool.startWorker(pid, a, 700n));
    assert.deepEqual(eventsOf(started.events, 'StakePool', 'WorkerStarted'), [{ pid, worker: a, stake: 700n }]);
    assert.deepEqual(StakePool.Workers.get(chain.state, a), { pid, locked: 700n, status: { tag: 'Running', value: null } });
    assert.equal(StakePool.Pools.get(chain.state, pid)?.freeValue, 300n);
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 100n), 'StakePool', 'WorkerNotIdle');
    expectFailure(chain, dev.bob, pool.stopWorker(pid, b), 'StakePool', 'WorkerNotRunning');
    expectFailure(chain, dev.charlie, pool.stopWorker(pid, a), 'StakePool', 'NotPoolOwner');
    const stopped = ok(chain, dev.bob, pool.stopWorker(pid, a));
    const releaseAt = chain.number + 5;
    assert.deepEqual(eventsOf(stopped.events, 'StakePool', 'WorkerStopped'), [{ pid, worker: a, releaseAt, forced: false }]);
    assert.deepEqual(StakePool.Releases.get(chain.state, releaseAt), [a]);
    expectFailure(chain, dev.bob, pool.stopWorker(pid, a), 'StakePool', 'WorkerNotRunning');
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 100n), 'StakePool', 'WorkerNotIdle');
    checkConservation(chain.state);
  });

  test('a stake of zero is refused even with no minimum; with a cooldown of 0 the stake is released at once', () => {
    const chain = poolChain(0n, 0);
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = (workers[0] as { identity: { publicKey: Uint8Array } }).identity.publicKey;
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    expectFailure(chain, dev.bob, pool.startWorker(pid, a, 0n), 'StakePool', 'StakeTooLow');
    ok(chain, dev.bob, pool.startWorker(pid, a, 1000n));
    const stopped = ok(chain, dev.bob, pool.stopWorker(pid, a));
    assert.deepEqual(eventsOf(stopped.events, 'StakePool', 'StakeReleased'), [{ pid, worker: a, amount: 1000n }]);
    assert.equal(StakePool.Pools.get(chain.state, pid)?.freeValue, 1000n);
    checkConservation(chain.state);
  });
});

describe('StakePool.withdraw refusals', () => {
  test('zero shares, more than held, shares worth nothing, a full queue', () => {
    const chain = poolChain();
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = (workers[0] as { identity: { publicKey: Uint8Array } }).identity.publicKey;
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    expectFailure(chain, dev.dave, pool.withdraw(pid, 0n), 'StakePool', 'ZeroShares');
    expectFailure(chain, dev.dave, pool.withdraw(pid, 1001n), 'StakePool', 'InsufficientShares');
    expectFailure(chain, dev.eve, pool.withdraw(pid, 1n), 'StakePool', 'InsufficientShares');
    expectFailure(chain, dev.dave, pool.withdraw(5, 1n), 'StakePool', 'PoolNotFound');
    ok(chain, dev.bob, pool.startWorker(pid, a, 1000n));
    poke(chain.state, (o) => {
      const queue = Array.from({ length: STAKE_POOL_LIMITS.maxQueue }, () => ({
        who: dev.eve.publicKey,
        shares: 0n,
        queuedAt: 0,
        dueAt: 1_000_000,
      }));
      StakePool.Withdrawals.set(o, pid, queue);
    });
    expectFailure(chain, dev.dave, pool.withdraw(pid, 1n), 'StakePool', 'QueueFull');
    poke(chain.state, (o) => {
      StakePool.Withdrawals.remove(o, pid);
      const record = StakePool.Pools.get(o, pid);
      assert.ok(record !== undefined);
      StakePool.Pools.set(o, pid, { ...record, totalShares: 2000n }); // shares now worth half a unit each
    });
    expectFailure(chain, dev.dave, pool.withdraw(pid, 1n), 'StakePool', 'ZeroAmount');
  });
});

describe('StakePool: per-block and id caps', () => {
  test('too many deadlines or releases at one block, and an exhausted pool id counter, are refused', () => {
    const chain = poolChain(0n, 5);
    const { pid, workers } = poolWithWorkers(chain, 1);
    const a = (workers[0] as { identity: { publicKey: Uint8Array } }).identity.publicKey;
    ok(chain, dev.dave, pool.contribute(pid, 1000n));
    ok(chain, dev.bob, pool.startWorker(pid, a, 1000n));
    const at = chain.number + 1 + 5; // the next block's number plus the cooldown
    poke(chain.state, (o) => {
      StakePool.Deadlines.set(
        o,
        at,
        Array.from({ length: STAKE_POOL_LIMITS.maxDeadlinesPerBlock }, (_, i) => 100 + i),
      );
      StakePool.Releases.set(
        o,
        at,
        Array.from({ length: STAKE_POOL_LIMITS.maxReleasesPerBlock }, () => fakeKey(9)),
      );
    });
    expectFailure(chain, dev.dave, pool.withdraw(pid, 10n), 'StakePool', 'TooManyDeadlines');
    poke(chain.state, (o) => {
      StakePool.Releases.set(
        o,
        at + 1,
        Array.from({ length: STAKE_POOL_LIMITS.maxReleasesPerBlock }, () => fakeKey(9)),
      );
    });
    expectFailure(chain, dev.bob, pool.stopWorker(pid, a), 'StakePool', 'TooManyReleases');
    poke(chain.state, (o) => StakePool.NextPoolId.set(o, 0xffff_ffff));
    expectFailure(chain, dev.bob, pool.create(), 'StakePool', 'TooManyPools');
  });
});
