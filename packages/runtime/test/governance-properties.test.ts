// Property: over random sequences of council (motions, candidacies, election votes), treasury,
// democracy and plain fee-paying calls, with elections, spend periods, burns and a fee share all
// happening, value is conserved block after block — TotalIssuance = Σ free + Σ reserved +
// StakePool.TotalValue + Treasury.Pot — every reserve is a hold, and the council stays within its seats.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, type Keypair } from '@phalanx/crypto';
import fc from 'fast-check';
import { Balances, COUNCIL_LIMITS, Council, type RuntimeCall, readAccount, System, UNIT } from '../src/index.js';
import { democracy } from './democracy-setup.js';
import { council, democracyCouncil, governanceChain, treasury } from './governance-setup.js';
import { dev, registry, type TestChain } from './pallet-helpers.js';
import { checkConservation } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const accounts = (): Keypair[] => [dev.alice, dev.bob, dev.charlie, dev.dave, dev.eve, dev.ferdie];
const who = fc.integer({ min: 0, max: 5 });
const small = fc.integer({ min: 0, max: 4 });
const amount = fc.bigInt({ min: 1n, max: 2_000n }).map((n) => n * UNIT);
/** Spends small enough for a pot fed by fees and forfeited bonds to pay some. */
const spendValue = fc.bigInt({ min: 1n, max: 150n }).map((n) => n * UNIT);

/** What a motion may carry: the council's powers, and one call it lacks (root-only). */
const motionCall = fc.oneof(
  small.map((id) => treasury.approveSpend(id)),
  small.map((id) => treasury.rejectSpend(id)),
  small.map((id) => democracyCouncil.fastTrack({ tag: 'Proposal', value: id }, 2)),
  small.map((id) => democracyCouncil.cancelReferendum(id)),
  small.map((fill) => democracyCouncil.externalPropose(registry.addMeasurement(new Uint8Array(32).fill(fill)))),
  fc.constant(registry.addMeasurement(new Uint8Array(32).fill(99))),
);

type Step =
  | { kind: 'wait'; blocks: number }
  | { kind: 'call'; who: number; call: RuntimeCall }
  /** A motion the sitting council carries: its first member proposes, the second votes aye, anyone closes. */
  | { kind: 'motion'; call: RuntimeCall };
const step = (call: fc.Arbitrary<RuntimeCall>): fc.Arbitrary<Step> =>
  fc.record({ kind: fc.constant('call' as const), who, call });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), blocks: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('motion' as const), call: motionCall }),
  step(fc.record({ to: who, value: amount }).map(({ to, value }) => transfer(to, value))),
  step(fc.constant<RuntimeCall>({ tag: 'System', value: { tag: 'remark', value: { remark: new Uint8Array(64) } } })),
  step(fc.record({ value: spendValue, to: who }).map(({ value, to }) => treasury.proposeSpend(value, key(to)))),
  step(
    fc.record({ threshold: fc.integer({ min: 1, max: 3 }), call: motionCall }).map((m) => council.propose(m.threshold, m.call)),
  ),
  step(fc.record({ motion: small, aye: fc.boolean() }).map((v) => council.vote(v.motion, v.aye))),
  step(small.map((motion) => council.close(motion))),
  step(fc.constant(council.submitCandidacy())),
  step(fc.constant(council.renounceCandidacy())),
  step(
    fc
      .record({ targets: fc.uniqueArray(who, { minLength: 1, maxLength: 3 }), stake: amount })
      .map((v) => council.voteCandidates(v.targets.map(key), v.stake)),
  ),
  step(fc.constant(council.removeVoter())),
  step(amount.map((deposit) => democracy.propose(registry.addMeasurement(new Uint8Array(32).fill(7)), deposit))),
  step(
    fc
      .record({ referendum: small, aye: fc.boolean(), balance: amount, conviction: fc.integer({ min: 0, max: 6 }) })
      .map((v) => democracy.vote(v.referendum, v.aye, v.balance, v.conviction)),
  ),
  step(fc.constant(democracy.unlock())),
);

/** One sequence (built after the keys are ready) that surely reaches a paid spend, a rejection and a fast-track (fast-check runs it first). */
const scripted = (): Step[] => [
  { kind: 'call', who: 3, call: treasury.proposeSpend(50n * UNIT, key(4)) },
  { kind: 'call', who: 3, call: treasury.proposeSpend(10n * UNIT, key(4)) },
  { kind: 'motion', call: treasury.rejectSpend(0) }, // its 100 PHA bond funds the pot
  { kind: 'motion', call: treasury.approveSpend(1) },
  { kind: 'call', who: 3, call: democracy.propose(registry.addMeasurement(new Uint8Array(32).fill(7)), 20n * UNIT) },
  { kind: 'motion', call: democracyCouncil.fastTrack({ tag: 'Proposal', value: 0 }, 2) },
  { kind: 'wait', blocks: 6 },
];

function key(index: number): Uint8Array {
  return (accounts()[index] as Keypair).publicKey;
}

function transfer(to: number, value: bigint): RuntimeCall {
  return { tag: 'Balances', value: { tag: 'transfer', value: { dest: key(to), value } } };
}

/** Proposes, seconds and closes a motion in one block (each extrinsic may fail: a full list, a duplicate). */
function carry(chain: TestChain, call: RuntimeCall): void {
  const members = Council.Members.get(chain.state) ?? [];
  const signers = members.map((m) => accounts().find((k) => Buffer.compare(k.publicKey, m) === 0) as Keypair);
  const [first, second] = signers;
  if (first === undefined) return;
  const motion = Council.MotionCount.get(chain.state) ?? 0;
  const threshold = second === undefined ? 1 : 2;
  chain.block([
    [first, council.propose(threshold, call)],
    ...(second === undefined ? [] : [[second, council.vote(motion, true)] as const]),
    [dev.eve, council.close(motion)],
  ]);
}

function checkInvariants(chain: TestChain): void {
  checkConservation(chain.state);
  for (const k of accounts()) {
    const held = Balances.Held.get(chain.state, k.publicKey) ?? 0n;
    assert.equal(readAccount(chain.state, k.publicKey).reserved, held, 'every reserve here is a pallet hold');
  }
  const members = Council.Members.get(chain.state) ?? [];
  assert.ok(members.length <= COUNCIL_LIMITS.maxMembers);
  assert.equal(new Set(members.map((m) => Buffer.from(m).toString('hex'))).size, members.length, 'no member sits twice');
}

describe('Governance: conservation over random council, treasury, democracy and fee-paying calls', () => {
  test('TotalIssuance = Σ free + Σ reserved + pool value + pot after every block; reserves are holds', () => {
    const seen = new Map<string, number>();
    const record = (chain: TestChain) => {
      for (const r of System.Events.get(chain.state) ?? []) {
        const name = `${r.event.tag}.${(r.event.value as { tag: string }).tag}`;
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    };
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 50 }), (steps) => {
        const chain = governanceChain({
          council: { termDuration: 7, desiredMembers: 3 },
          treasury: { feeShare: 300_000, spendPeriod: 3, burn: 50_000, proposalBondMinimum: 100n * UNIT },
        });
        for (const s of steps) {
          if (s.kind === 'motion') {
            carry(chain, s.call);
            record(chain);
            checkInvariants(chain);
            continue;
          }
          if (s.kind === 'wait') {
            for (let i = 0; i < s.blocks; i++) {
              chain.block([]);
              record(chain);
              checkInvariants(chain);
            }
            continue;
          }
          chain.submit(accounts()[s.who] as Keypair, s.call);
          record(chain);
          checkInvariants(chain);
        }
      }),
      { numRuns: 40, examples: [[scripted()]] },
    );
    // The runs reached the interesting paths, so the property covered them.
    const required = [
      'Council.Executed',
      'Council.NewTerm',
      'Council.CandidateSlashed',
      'Treasury.Approved',
      'Treasury.Rejected',
    ];
    for (const name of [...required, 'Treasury.Awarded', 'Treasury.Burnt', 'Democracy.Started', 'Democracy.FastTracked'])
      assert.ok((seen.get(name) ?? 0) > 0, `no ${name} event in any run`);
  });
});
