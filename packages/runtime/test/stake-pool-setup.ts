// Shared by the stake-pool tests: call builders, a dev chain with chosen stake-pool parameters and
// registered workers operated by Bob, and the conservation and consistency checks every test
// (and the property test) runs over a state.
import assert from 'node:assert/strict';
import type { Keypair } from '@phalanx/crypto';
import {
  Balances,
  devGenesisConfig,
  type MapState,
  poolInfo,
  type RuntimeCall,
  StakePool,
  type StakePoolCall,
  Treasury,
} from '../src/index.js';
import { allAccounts } from './helpers.js';
import { dev, eventsOf, expectOk, GENESIS_TIME, registerWorker, TestChain, type TestWorker } from './pallet-helpers.js';

type Inner = Parameters<typeof StakePoolCall.encodeTo>[1];
const call = (inner: Inner): RuntimeCall => ({ tag: 'StakePool', value: inner });

export const pool = {
  create: (commission = 0, capacity?: bigint) => call({ tag: 'create', value: { commission, capacity } }),
  setCommission: (pid: number, commission: number) => call({ tag: 'setCommission', value: { pid, commission } }),
  setCapacity: (pid: number, capacity?: bigint) => call({ tag: 'setCapacity', value: { pid, capacity } }),
  addWorker: (pid: number, worker: Uint8Array) => call({ tag: 'addWorker', value: { pid, worker } }),
  removeWorker: (pid: number, worker: Uint8Array) => call({ tag: 'removeWorker', value: { pid, worker } }),
  contribute: (pid: number, amount: bigint) => call({ tag: 'contribute', value: { pid, amount } }),
  startWorker: (pid: number, worker: Uint8Array, stake: bigint) => call({ tag: 'startWorker', value: { pid, worker, stake } }),
  stopWorker: (pid: number, worker: Uint8Array) => call({ tag: 'stopWorker', value: { pid, worker } }),
  withdraw: (pid: number, shares: bigint) => call({ tag: 'withdraw', value: { pid, shares } }),
  setParams: (minWorkerStake: bigint, withdrawCooldown: number) =>
    call({ tag: 'setParams', value: { minWorkerStake, withdrawCooldown } }),
};

/** A dev chain with these stake-pool parameters. */
export function poolChain(minWorkerStake = 0n, withdrawCooldown = 5): TestChain {
  return new TestChain({ ...devGenesisConfig(GENESIS_TIME), stakePool: { minWorkerStake, withdrawCooldown } });
}

/** Creates a pool (signed by `owner`, Bob by default) and returns its id. */
export function createPool(chain: TestChain, owner: Keypair = dev.bob, commission = 0, capacity?: bigint): number {
  const result = chain.submit(owner, pool.create(commission, capacity));
  expectOk(result);
  const [created] = eventsOf<{ pid: number }>(result.events, 'StakePool', 'PoolCreated');
  assert.ok(created !== undefined);
  return created.pid;
}

/** A pool of Bob's with `workers` registered workers bound to it. */
export function poolWithWorkers(chain: TestChain, workers: number, prefix = 'sp'): { pid: number; workers: TestWorker[] } {
  const pid = createPool(chain);
  const list = Array.from({ length: workers }, (_, i) => registerWorker(chain, `${prefix}-${pid}-${i}`));
  for (const w of list) expectOk(chain.submit(dev.bob, pool.addWorker(pid, w.identity.publicKey)));
  return { pid, workers: list };
}

export function ok(chain: TestChain, signer: Keypair, c: RuntimeCall) {
  const result = chain.submit(signer, c);
  expectOk(result);
  return result;
}

/**
 * The value invariants: total issuance = Σ free + Σ reserved + Σ pool value + the treasury pot; per pool,
 * free + Σ locked = total value, and Σ holders' shares + Σ queued shares = total shares; the
 * aggregate `StakePool.TotalValue` is the sum over pools.
 */
export function checkConservation(state: MapState): void {
  const accounts = allAccounts(state);
  for (const [, info] of accounts) assert.ok(info.free >= 0n && info.reserved >= 0n, 'no balance is negative');
  const balances = accounts.reduce((sum, [, info]) => sum + info.free + info.reserved, 0n);
  const pools = StakePool.NextPoolId.get(state) ?? 0;
  let value = 0n;
  for (let pid = 0; pid < pools; pid++) {
    const info = poolInfo(state, pid);
    const { totalValue, freeValue, totalShares } = info.pool;
    assert.ok(freeValue >= 0n && totalValue >= 0n && totalShares >= 0n, `pool ${pid}: nothing negative`);
    assert.equal(freeValue + info.lockedValue, totalValue, `pool ${pid}: free + locked = value`);
    const held = info.contributors.reduce((sum, c) => sum + c.shares, 0n);
    const queued = info.withdrawals.reduce((sum, w) => sum + w.shares, 0n);
    assert.equal(held + queued, totalShares, `pool ${pid}: shares add up`);
    for (const c of info.contributors) assert.ok(c.shares > 0n, 'a listed contributor holds shares');
    value += totalValue;
  }
  assert.equal(StakePool.TotalValue.get(state) ?? 0n, value, 'StakePool.TotalValue is the sum over pools');
  const pot = Treasury.Pot.get(state) ?? 0n;
  assert.ok(pot >= 0n, 'the treasury pot is not negative');
  assert.equal(
    Balances.TotalIssuance.get(state),
    balances + value + pot,
    'total issuance = Σ free + Σ reserved + pool value + treasury pot',
  );
}
