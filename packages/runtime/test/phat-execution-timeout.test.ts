// The deployer's execution timeout (issue 12 item 2, spec 002 improvement): a command whose receipt
// has not come within the contract's timeout makes every worker it runs on pay the stake pool's late
// penalty, once; a receipt in time costs nothing; value is conserved.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { EXECUTION_TIMEOUT, Phat, StakePool, System } from '../src/index.js';
import { dev, envelope, eventsOf, expectFailure, expectOk, phat, root } from './pallet-helpers.js';
import { type Deployed, deployed, receipts } from './phat-setup.js';
import { checkConservation, createPool, ok, pool } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const timeout = (contract: Uint8Array, blocks: number) =>
  ({ tag: 'Phat', value: { tag: 'setExecutionTimeout', value: { contract, blocks } } }) as const;
const penalties = (lateSlash: number, mismatchSlash: number) =>
  ({ tag: 'StakePool', value: { tag: 'setPenaltyParams', value: { lateSlash, mismatchSlash } } }) as const;

/** The deployed contract's two workers staked in a pool of Bob's (10,000 each), a 1 % late penalty. */
function staked(): Deployed & { pid: number } {
  const d = deployed();
  const { chain } = d.s;
  const pid = createPool(chain);
  ok(chain, dev.charlie, pool.contribute(pid, 50_000n));
  for (const w of [d.s.w1, d.s.w2]) {
    ok(chain, dev.bob, pool.addWorker(pid, w.identity.publicKey));
    ok(chain, dev.bob, pool.startWorker(pid, w.identity.publicKey, 10_000n));
  }
  root(chain, penalties(10_000, 500_000));
  return { ...d, pid };
}

const lockedOf = (d: Deployed, name: 'w1' | 'w2') => StakePool.Workers.get(d.s.chain.state, d.s[name].identity.publicKey)?.locked;
const blockEvents = (d: Deployed, name: string) => eventsOf(System.Events.getOr(d.s.chain.state, []), 'Phat', name);

describe('Phat: execution timeout and the late penalty', () => {
  test('no receipt within the timeout: each of the contract’s workers loses lateSlash of its stake, once', () => {
    const d = staked();
    const { chain } = d.s;
    ok(chain, dev.charlie, timeout(d.contract, 3));
    const sentAt = chain.number + 1;
    ok(chain, dev.dave, phat.command(d.contract, envelope(2)));
    while (chain.number < sentAt + 2) chain.block([]);
    assert.equal(lockedOf(d, 'w1'), 10_000n, 'not late before the deadline');
    chain.block([]);
    const [late] = blockEvents(d, 'ExecutionTimedOut');
    assert.ok(late !== undefined, 'the deadline block reports the late command');
    assert.equal(late.sequence, 0n);
    assert.equal((late.workers as Uint8Array[]).length, 2);
    const slashed = eventsOf(System.Events.getOr(chain.state, []), 'StakePool', 'Slashed');
    assert.deepEqual(
      slashed.map((e) => [e.amount, e.reason]),
      [
        [100n, 'late'],
        [100n, 'late'],
      ],
    );
    assert.equal(lockedOf(d, 'w1'), 9_900n);
    assert.equal(lockedOf(d, 'w2'), 9_900n);
    // A receipt after the deadline still settles gas but is not punished again.
    expectOk(chain.submit(dev.bob, receipts(d, [[0n, 300_000n]])));
    for (let i = 0; i < 5; i++) chain.block([]);
    assert.equal(lockedOf(d, 'w1'), 9_900n, 'once per command');
    checkConservation(chain.state);
  });

  test('a receipt in time: no penalty', () => {
    const d = staked();
    const { chain } = d.s;
    ok(chain, dev.charlie, timeout(d.contract, 3));
    ok(chain, dev.dave, phat.command(d.contract, envelope(2)));
    expectOk(chain.submit(dev.bob, receipts(d, [[0n, 300_000n]])));
    for (let i = 0; i < 5; i++) chain.block([]);
    assert.equal(lockedOf(d, 'w1'), 10_000n);
    assert.equal(blockEvents(d, 'ExecutionTimedOut').length, 0);
    checkConservation(chain.state);
  });

  test('without a timeout a missing receipt is only refunded later, never punished', () => {
    const d = staked();
    const { chain } = d.s;
    ok(chain, dev.dave, phat.command(d.contract, envelope(2)));
    for (let i = 0; i < 10; i++) chain.block([]);
    assert.equal(lockedOf(d, 'w1'), 10_000n);
  });

  test('a later command uses the timeout in force when it was ordered; 0 removes it', () => {
    const d = staked();
    const { chain } = d.s;
    ok(chain, dev.charlie, timeout(d.contract, 3));
    assert.equal(Phat.ExecutionTimeouts.get(chain.state, d.contract), 3);
    ok(chain, dev.charlie, timeout(d.contract, 0));
    assert.equal(Phat.ExecutionTimeouts.get(chain.state, d.contract), undefined);
    ok(chain, dev.dave, phat.command(d.contract, envelope(2)));
    for (let i = 0; i < 6; i++) chain.block([]);
    assert.equal(lockedOf(d, 'w1'), 10_000n);
  });

  test('preconditions: only the deployer, a known contract, a timeout within bounds; penalties by root, in ppm', () => {
    const d = staked();
    const { chain } = d.s;
    expectFailure(chain, dev.dave, timeout(d.contract, 5), 'Phat', 'NotDeployer');
    expectFailure(chain, dev.charlie, timeout(new Uint8Array(32).fill(9), 5), 'Phat', 'ContractNotFound');
    expectFailure(chain, dev.charlie, timeout(d.contract, EXECUTION_TIMEOUT.minBlocks - 1), 'Phat', 'InvalidTimeout');
    expectFailure(chain, dev.charlie, timeout(d.contract, EXECUTION_TIMEOUT.maxBlocks + 1), 'Phat', 'InvalidTimeout');
    assert.equal(Phat.ExecutionTimeouts.get(chain.state, d.contract), undefined, 'nothing written');
    expectFailure(chain, dev.bob, penalties(1, 1), 'System', 'BadOrigin');
    const result = chain.sudo(penalties(1_000_001, 0));
    assert.equal(eventsOf(result.events, 'StakePool', 'PenaltyParamsSet').length, 0);
    assert.equal(StakePool.LateSlash.get(chain.state), 10_000, 'unchanged');
  });
});
