// Commit disputes as a fast-check model: over random clusters and random vote orders, the chain
// decides exactly when the model does (two digests signed, one by a strict majority), slashes
// exactly the workers that signed another digest at that moment, once, and total issuance stays
// Σ free + Σ reserved + pool value throughout.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import fc from 'fast-check';
import { Phat, StakePool } from '../src/index.js';
import { dev, eventsOf, expectOk, type TestWorker } from './pallet-helpers.js';
import { attest, attested, commitAt, digestOf, disputeSetup, STAKE } from './phat-dispute-setup.js';
import { checkConservation } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const scenario = fc.integer({ min: 3, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    /** Each worker's digest (0 = the recorded one), or none (it does not vote); worker 0 records. */
    digests: fc.array(fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }), { minLength: n - 1, maxLength: n - 1 }),
    order: fc.shuffledSubarray(
      Array.from({ length: n - 1 }, (_, i) => i + 1),
      { minLength: n - 1, maxLength: n - 1 },
    ),
  }),
);

describe('Phat: commit disputes (property)', () => {
  test('decided by a strict majority of two or more digests; exactly the minority is slashed, once', () => {
    fc.assert(
      fc.property(scenario, ({ n, digests, order }) => {
        const d = disputeSetup(n);
        const recorded = commitAt(d);
        const label = (choice: number) => (choice === 0 ? recorded.digest : digestOf(`digest-${choice}`));
        expectOk(d.chain.submit(dev.bob, attested(d, recorded, (d.workers[0] as TestWorker).identity)));
        const votes: { worker: number; choice: number }[] = [{ worker: 0, choice: 0 }];
        let expectedSlashed: number[] | undefined;
        for (const w of order) {
          const choice = digests[w - 1];
          if (choice === undefined || expectedSlashed !== undefined) continue;
          const result = d.chain.submit(dev.bob, attest(d, recorded.block, label(choice), (d.workers[w] as TestWorker).identity));
          expectOk(result);
          votes.push({ worker: w, choice });
          const counts = [0, 1, 2].map((c) => votes.filter((v) => v.choice === c).length);
          const winner = counts.findIndex((count) => 2 * count > n);
          const decided = counts.filter((count) => count > 0).length >= 2 && winner >= 0;
          const resolved = eventsOf<{ slashed: Uint8Array[]; recordedLost: boolean }>(
            result.events,
            'Phat',
            'CommitDisputeResolved',
          );
          if (!decided) {
            assert.deepEqual(resolved, []);
            continue;
          }
          expectedSlashed = votes.filter((v) => v.choice !== winner).map((v) => v.worker);
          assert.equal(resolved.length, 1);
          assert.deepEqual(
            resolved[0]?.slashed,
            expectedSlashed.map((i) => (d.workers[i] as TestWorker).identity.publicKey),
          );
          assert.equal(resolved[0]?.recordedLost, winner !== 0);
        }
        d.workers.forEach((w, i) => {
          const locked = StakePool.Workers.get(d.chain.state, w.identity.publicKey)?.locked;
          assert.equal(locked, expectedSlashed?.includes(i) ? STAKE / 2n : STAKE, `worker ${i}`);
        });
        assert.equal(Phat.CommitVotes.get(d.chain.state, [d.contract, recorded.block])?.resolved, expectedSlashed !== undefined);
        checkConservation(d.chain.state);
      }),
      { numRuns: 25 },
    );
  });
});
