// Stake-pool rewards and the offline slash (issue 12 item 2, first part): a heartbeat answered by a
// running worker mints the reward, the owner takes its commission, the rest raises the share price
// (once per challenge); a worker the chain marks offline has a share of its locked stake burned,
// lowering the share price and never any balance; total issuance follows both exactly.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import {
  Balances,
  DEFAULT_TREASURY_PARAMS,
  HeartbeatAnswer,
  heartbeatResponse,
  MQ_TOPICS,
  poolInfo,
  Registry,
  type RuntimeCall,
  StakePool,
  System,
  Treasury,
} from '../src/index.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  mq,
  root,
  signed,
  type TestChain,
  type TestWorker,
} from './pallet-helpers.js';
import { checkConservation, ok, pool, poolChain, poolWithWorkers } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const REWARD = 1_000n;
const setRewardParams = (heartbeatReward: bigint, offlineSlash: number): RuntimeCall => ({
  tag: 'StakePool',
  value: { tag: 'setRewardParams', value: { heartbeatReward, offlineSlash } },
});

function toBlock(chain: TestChain, number: number): void {
  while (chain.number < number) chain.block([]);
}

/** The worker answers the current challenge (submitted by Dave, as any relayer could). */
function answer(chain: TestChain, w: TestWorker, sequence: bigint) {
  const challenge = Registry.Challenge.get(chain.state);
  assert.ok(challenge !== undefined, 'a challenge is out');
  const payload = encode(HeartbeatAnswer, {
    challengeBlock: challenge.block,
    response: heartbeatResponse(challenge.seed, w.identity.publicKey),
  });
  const origin = { tag: 'Worker' as const, value: w.identity.publicKey };
  const result = chain.submit(dev.dave, mq.push(signed(chain, w.identity, origin, MQ_TOPICS.heartbeat, payload, sequence)));
  expectOk(result);
  return result;
}

/** Bob's pool, 20% commission, Charlie's 10,000 in it, 5,000 locked behind its one running worker. */
function runningPool() {
  const chain = poolChain(0n, 5);
  const { pid, workers } = poolWithWorkers(chain, 1);
  const w = workers[0] as TestWorker;
  ok(chain, dev.bob, pool.setCommission(pid, 200_000));
  ok(chain, dev.charlie, pool.contribute(pid, 10_000n));
  ok(chain, dev.bob, pool.startWorker(pid, w.identity.publicKey, 5_000n));
  root(chain, setRewardParams(REWARD, 100_000)); // 10% of the locked stake when offline
  return { chain, pid, w };
}

const free = (chain: TestChain, who: Uint8Array) => System.Account.get(chain.state, who)?.free ?? 0n;

describe('StakePool rewards and slashes', () => {
  test('a heartbeat mints the reward: commission to the owner, the rest raises the share price; once per challenge', () => {
    const { chain, pid, w } = runningPool();
    toBlock(chain, 10);
    const issuance = Balances.TotalIssuance.get(chain.state) ?? 0n;
    const bob = free(chain, dev.bob.publicKey);
    const before = poolInfo(chain.state, pid).pool;
    const result = answer(chain, w, 0n);
    assert.deepEqual(eventsOf(result.events, 'StakePool', 'Rewarded'), [
      { pid, worker: w.identity.publicKey, reward: REWARD, commission: 200n },
    ]);
    const after = poolInfo(chain.state, pid).pool;
    assert.equal(after.totalValue, before.totalValue + 800n, 'the pool gains the reward less the commission');
    assert.equal(after.totalShares, before.totalShares, 'no new shares: each is worth more');
    assert.equal(free(chain, dev.bob.publicKey), bob + 200n, 'the owner gets its commission (Dave paid the fee)');
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance + REWARD, 'the reward is new issuance');
    checkConservation(chain.state);

    const again = answer(chain, w, 1n);
    assert.deepEqual(eventsOf(again.events, 'StakePool', 'Rewarded'), [], 'a second answer to one challenge earns nothing');
    toBlock(chain, 20);
    assert.equal(eventsOf(answer(chain, w, 2n).events, 'StakePool', 'Rewarded').length, 1, 'the next challenge earns again');
    checkConservation(chain.state);
  });

  test('no reward for a worker that is not running, nor when the reward is 0', () => {
    const { chain, pid, w } = runningPool();
    ok(chain, dev.bob, pool.stopWorker(pid, w.identity.publicKey));
    toBlock(chain, 10);
    assert.deepEqual(eventsOf(answer(chain, w, 0n).events, 'StakePool', 'Rewarded'), [], 'a stopping worker earns nothing');
    const other = runningPool();
    root(other.chain, setRewardParams(0n, 0));
    toBlock(other.chain, 10);
    assert.deepEqual(eventsOf(answer(other.chain, other.w, 0n).events, 'StakePool', 'Rewarded'), []);
  });

  test('marked offline: 10% of the locked stake is burned, the share price falls, no balance moves', () => {
    const { chain, pid, w } = runningPool();
    const charlie = free(chain, dev.charlie.publicKey);
    const issuance = Balances.TotalIssuance.get(chain.state) ?? 0n;
    let slashed: unknown[] = [];
    for (let n = chain.number + 1; n <= 60 && slashed.length === 0; n++) {
      chain.block([]);
      slashed = eventsOf(System.Events.get(chain.state) ?? [], 'StakePool', 'Slashed');
    }
    assert.deepEqual(slashed, [{ pid, worker: w.identity.publicKey, amount: 500n, reason: 'offline' }]);
    const info = poolInfo(chain.state, pid);
    assert.equal(info.pool.totalValue, 9_500n);
    assert.equal(info.workers[0]?.stake.locked, 4_500n);
    assert.equal(info.pool.freeValue, 5_000n, 'the free value is untouched');
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance - 500n, 'the slash is burned');
    assert.equal(free(chain, dev.charlie.publicKey), charlie, "the contributor's balance is not touched");
    checkConservation(chain.state);
  });

  test('the treasury takes its SlashShare of an offline slash; only the rest is burned', () => {
    const { chain } = runningPool();
    const params = { ...DEFAULT_TREASURY_PARAMS, slashShare: 400_000 };
    root(chain, { tag: 'Treasury', value: { tag: 'setParams', value: { params } } });
    const issuance = Balances.TotalIssuance.get(chain.state) ?? 0n;
    let slashed: unknown[] = [];
    for (let n = chain.number + 1; n <= 60 && slashed.length === 0; n++) {
      chain.block([]);
      slashed = eventsOf(System.Events.get(chain.state) ?? [], 'StakePool', 'Slashed');
    }
    assert.equal(slashed.length, 1);
    assert.equal(Treasury.Pot.get(chain.state), 200n, '40% of the 500 slashed');
    assert.equal(Balances.TotalIssuance.get(chain.state), issuance - 300n, 'the other 60% is burned');
    checkConservation(chain.state);
  });

  test('setRewardParams is root only and the slash is at most 100%', () => {
    const { chain } = runningPool();
    expectFailure(chain, dev.bob, setRewardParams(1n, 0), 'System', 'BadOrigin');
    expectSudoFailure(chain, setRewardParams(5n, 1_000_001), 'StakePool', 'InvalidParams');
    assert.equal(StakePool.OfflineSlash.get(chain.state), 100_000, 'nothing changed');
    assert.equal(StakePool.HeartbeatReward.get(chain.state), REWARD);
  });
});
