// StakePool: a fast-check property over random sequences of calls across blocks (contributions,
// withdrawals, starts, stops, capacity changes, unbinding and rebinding, rewards as item 2 will
// mint them, idle blocks that let releases and deadlines fire). After every block: total issuance
// = Σ free + Σ reserved + pool value, holders' and queued shares add up to each pool's total,
// free + locked = value per pool, nothing negative; and every refusal is a typed pallet error.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, type Keypair } from '@phalanx/crypto';
import fc from 'fast-check';
import { Balances, type MapState, Overlay, type RuntimeCall, StakePool, System } from '../src/index.js';
import { cloneState } from './helpers.js';
import { dev, registerWorker, TestChain } from './pallet-helpers.js';
import { checkConservation, createPool, ok, pool, poolChain, poolWithWorkers } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

interface Base {
  readonly state: MapState;
  readonly number: number;
  /** Per pool: owner and bound workers. */
  readonly pools: ReadonlyArray<{ owner: Keypair; workers: Uint8Array[] }>;
}

let base: Base | undefined;
/** Pool 0 (Bob's, two workers) and pool 1 (Charlie's, one worker, capacity 3000), built once. */
function baseChain(): Base {
  if (base !== undefined) return base;
  const chain = poolChain(50n, 3);
  const bob = poolWithWorkers(chain, 2, 'prop');
  const pid = createPool(chain, dev.charlie, 100_000, 3000n);
  const w = registerWorker(chain, 'prop-charlie', dev.charlie).identity.publicKey;
  ok(chain, dev.charlie, pool.addWorker(pid, w));
  base = {
    state: cloneState(chain.state),
    number: chain.number,
    pools: [
      { owner: dev.bob, workers: bob.workers.map((x) => x.identity.publicKey) },
      { owner: dev.charlie, workers: [w] },
    ],
  };
  return base;
}

function chainFrom(b: Base): TestChain {
  const chain = new TestChain();
  chain.state.map.clear();
  for (const [k, v] of b.state.map) chain.state.map.set(k, v);
  chain.number = b.number;
  return chain;
}

// Weighted so that most calls can succeed (the refusals are tested one by one elsewhere).
const amount = fc.oneof(
  { arbitrary: fc.bigInt({ min: 1n, max: 2000n }), weight: 8 },
  { arbitrary: fc.constant(0n), weight: 1 },
  { arbitrary: fc.constant(10n ** 30n), weight: 1 },
);
const pid = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1 }), weight: 9 }, { arbitrary: fc.constant(2), weight: 1 }); // 2 does not exist
const stake = fc.oneof(
  { arbitrary: fc.bigInt({ min: 50n, max: 800n }), weight: 8 },
  { arbitrary: fc.bigInt({ min: 0n, max: 49n }), weight: 1 },
);
const workerIndex = fc.integer({ min: 0, max: 1 });
const contributor = fc.integer({ min: 0, max: 1 });

type Action =
  | { kind: 'contribute'; who: number; pid: number; amount: bigint }
  | { kind: 'withdraw'; who: number; pid: number; percent: number }
  | { kind: 'start'; pid: number; worker: number; stake: bigint }
  | { kind: 'stop'; pid: number; worker: number }
  | { kind: 'rebind'; pid: number; worker: number }
  | { kind: 'capacity'; pid: number; capacity: bigint | undefined }
  | { kind: 'reward'; pid: number; amount: bigint };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('contribute' as const), who: contributor, pid, amount }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      who: contributor,
      pid,
      percent: fc.integer({ min: 0, max: 120 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('start' as const), pid, worker: workerIndex, stake }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('stop' as const), pid, worker: workerIndex }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('rebind' as const), pid, worker: workerIndex }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('capacity' as const),
      pid,
      capacity: fc.option(fc.bigInt({ min: 0n, max: 8000n }), { nil: undefined }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('reward' as const),
      pid: fc.integer({ min: 0, max: 1 }),
      amount: fc.bigInt({ min: 1n, max: 500n }),
    }),
    weight: 1,
  },
);

const contributors = () => [dev.dave, dev.eve];

/** The extrinsics an action makes (a reward is no extrinsic: it is minted between blocks). */
function txsOf(b: Base, state: MapState, a: Action): Array<readonly [Keypair, RuntimeCall]> {
  const owner = b.pools[a.kind === 'reward' ? 0 : a.pid]?.owner ?? dev.bob;
  const workerOf = (p: number, i: number) => b.pools[p]?.workers[i] ?? new Uint8Array(32).fill(7);
  switch (a.kind) {
    case 'contribute':
      return [[contributors()[a.who] as Keypair, pool.contribute(a.pid, a.amount)]];
    case 'withdraw': {
      const who = contributors()[a.who] as Keypair;
      const held = StakePool.Shares.get(state, [a.pid, who.publicKey]) ?? 0n;
      return [[who, pool.withdraw(a.pid, (held * BigInt(a.percent)) / 100n)]];
    }
    case 'start':
      return [[owner, pool.startWorker(a.pid, workerOf(a.pid, a.worker), a.stake)]];
    case 'stop':
      return [[owner, pool.stopWorker(a.pid, workerOf(a.pid, a.worker))]];
    case 'rebind':
      return [
        [owner, pool.removeWorker(a.pid, workerOf(a.pid, a.worker))],
        [owner, pool.addWorker(a.pid, workerOf(a.pid, a.worker))],
      ];
    case 'capacity':
      return [[owner, pool.setCapacity(a.pid, a.capacity)]];
    case 'reward':
      return [];
  }
}

function mint(state: MapState, pid: number, value: bigint): void {
  const overlay = new Overlay(state);
  const record = StakePool.Pools.get(overlay, pid);
  if (record === undefined) return;
  StakePool.Pools.set(overlay, pid, { ...record, totalValue: record.totalValue + value, freeValue: record.freeValue + value });
  StakePool.TotalValue.set(overlay, (StakePool.TotalValue.get(overlay) ?? 0n) + value);
  Balances.TotalIssuance.set(overlay, (Balances.TotalIssuance.get(overlay) ?? 0n) + value);
  state.apply(overlay.changes());
}

describe('StakePool: random call sequences across blocks', () => {
  test('conserve value and keep every pool consistent after every block', () => {
    const b = baseChain();
    const seen = new Map<string, number>();
    const tally = (state: MapState) => {
      for (const { event } of System.Events.get(state) ?? []) {
        if (event.tag !== 'StakePool') continue;
        const name = event.value.tag === 'WorkerStopped' && event.value.value.forced ? 'ForcedStop' : event.value.tag;
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.record({ actions: fc.array(action, { maxLength: 6 }), idle: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        (blocks) => {
          const chain = chainFrom(b);
          checkConservation(chain.state);
          for (const block of blocks) {
            for (const a of block.actions) if (a.kind === 'reward') mint(chain.state, a.pid, a.amount);
            const txs = block.actions.flatMap((a) => txsOf(b, chain.state, a));
            for (const result of chain.block(txs)) {
              if (!result.outcome.ok) {
                const { pallet, error } = result.outcome.error;
                assert.ok(pallet === 'StakePool' || pallet === 'Balances', `a typed pallet error, got ${pallet}.${error}`);
              }
            }
            checkConservation(chain.state);
            tally(chain.state);
            for (let i = 0; i < block.idle; i++) {
              chain.block([]);
              checkConservation(chain.state);
              tally(chain.state);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // The sequences reach the paths that move value (not only refusals).
    for (const name of ['Contributed', 'Withdrawn', 'WorkerStarted', 'StakeReleased']) assert.ok((seen.get(name) ?? 0) > 0, name);
  });
});
