// Democracy over random sequences of calls and blocks (proposals, seconds, votes with convictions,
// removals, unlocks; launches, tallies and enactments in between): balances are conserved
// (Σ free + Σ reserved of every account equals the genesis issuance) and every account's reserve is
// exactly what democracy holds of it (its waiting deposits plus its recorded votes).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, type Keypair } from '@phalanx/crypto';
import fc from 'fast-check';
import { Balances, Democracy, readAccount, System, Treasury, UNIT } from '../src/index.js';
import { democracy, democracyChain } from './democracy-setup.js';
import { dev, registry, type TestChain } from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const accounts = (): Keypair[] => [dev.alice, dev.bob, dev.charlie, dev.dave, dev.eve, dev.ferdie];

/** Σ free + reserved of the dev accounts (every account this chain has) + the treasury pot. */
function totals(chain: TestChain): bigint {
  return accounts().reduce((sum, k) => {
    const a = readAccount(chain.state, k.publicKey);
    return sum + a.free + a.reserved;
  }, Treasury.Pot.get(chain.state) ?? 0n);
}

/** What democracy holds of `who`: deposits of waiting proposals (own and seconds) and votes. */
function heldBy(chain: TestChain, who: Uint8Array): bigint {
  const same = (x: Uint8Array) => Buffer.compare(x, who) === 0;
  let held = 0n;
  for (const p of Democracy.PublicProps.get(chain.state) ?? []) {
    if (same(p.proposer)) held += p.deposit;
    held += p.deposit * BigInt(p.seconders.filter(same).length);
  }
  for (const v of Democracy.VotingOf.get(chain.state, who) ?? []) held += v.balance;
  return held;
}

const who = fc.integer({ min: 0, max: 4 }); // Alice … Eve (Ferdie authors)
const amount = fc.bigInt({ min: 0n, max: 2_000n }).map((n) => n * UNIT);
const action = fc.oneof(
  fc.record({ kind: fc.constant('propose' as const), who, amount, ok: fc.boolean() }),
  fc.record({ kind: fc.constant('second' as const), who, index: fc.integer({ min: 0, max: 6 }) }),
  fc.record({
    kind: fc.constant('vote' as const),
    who,
    index: fc.integer({ min: 0, max: 3 }),
    aye: fc.boolean(),
    amount,
    conviction: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({ kind: fc.constant('removeVote' as const), who, index: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('unlock' as const), who }),
  fc.record({ kind: fc.constant('wait' as const), blocks: fc.integer({ min: 1, max: 5 }) }),
);

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

/** Runs first: reaches every stage for certain (propose, launch, vote, pass, enact, unlock). */
const SCRIPTED: Action[] = [
  { kind: 'propose', who: 1, amount: 100n * UNIT, ok: true },
  { kind: 'second', who: 2, index: 0 },
  { kind: 'wait', blocks: 2 },
  { kind: 'vote', who: 3, index: 0, aye: true, amount: 1_000n * UNIT, conviction: 1 },
  { kind: 'vote', who: 4, index: 0, aye: false, amount: 10n * UNIT, conviction: 0 },
  { kind: 'wait', blocks: 5 },
  ...Array.from({ length: 9 }, (_, who) => ({ kind: 'unlock' as const, who: who % 5 })),
];

describe('Democracy: conservation over random calls', () => {
  test('Σ free + reserved stays the issuance; reserves are exactly what democracy holds', () => {
    const seen = new Map<string, number>();
    const record = (chain: TestChain) => {
      for (const r of System.Events.get(chain.state) ?? []) {
        if (r.event.tag !== 'Democracy') continue;
        const name = r.event.value.tag;
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    };
    fc.assert(
      fc.property(fc.array(action, { minLength: 15, maxLength: 40, size: 'max' }), (actions) => {
        const chain = democracyChain();
        const issuance = totals(chain);
        for (const a of actions) {
          if (a.kind === 'wait') {
            for (let i = 0; i < a.blocks; i++) {
              chain.block([]);
              record(chain);
            }
          } else {
            const signer = accounts()[a.who] as Keypair;
            // A passing call (a measurement) or a failing one (root cannot transfer): enacted either way.
            const call =
              a.kind === 'propose'
                ? democracy.propose(
                    a.ok
                      ? registry.addMeasurement(new Uint8Array(32).fill(a.who))
                      : { tag: 'Balances', value: { tag: 'transfer', value: { dest: dev.bob.publicKey, value: 1n } } },
                    a.amount,
                  )
                : a.kind === 'second'
                  ? democracy.second(a.index)
                  : a.kind === 'vote'
                    ? democracy.vote(a.index, a.aye, a.amount, a.conviction)
                    : a.kind === 'removeVote'
                      ? democracy.removeVote(a.index)
                      : democracy.unlock();
            chain.submit(signer, call);
            record(chain);
          }
          assert.equal(totals(chain), issuance);
          for (const k of accounts()) assert.equal(readAccount(chain.state, k.publicKey).reserved, heldBy(chain, k.publicKey));
        }
        assert.equal(Balances.TotalIssuance.get(chain.state), issuance);
      }),
      { numRuns: 30, examples: [[SCRIPTED]] },
    );
    // The sequences reached every stage, so the property covered launches, tallies and enactments.
    for (const name of ['Proposed', 'Started', 'Voted', 'Passed', 'Executed', 'Unlocked'])
      assert.ok((seen.get(name) ?? 0) > 0, `no ${name} event in any run`);
  });
});
