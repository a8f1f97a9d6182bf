import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ristretto255 } from '@noble/curves/ed25519.js';
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { hexOf, interpolateForTest, publicOf, runDkg, seededRandom, subsets } from './threshold-helpers.js';

const Fn = ristretto255.Point.Fn;

function refreshAll(shares: th.KeyShare[], seeds: th.RefreshSeeds[], group: th.GroupPublic) {
  const stepped = shares.map((share, k) => th.refreshShare(share, seeds[k] as th.RefreshSeeds));
  const next = th.refreshGroup(
    group,
    stepped.map((s) => s.announcement),
  );
  assert.deepEqual(next.problems, []);
  return {
    shares: stepped.map((s) => s.share),
    seeds: stepped.map((s) => s.seeds),
    group: next.group as th.GroupPublic,
    stepped,
  };
}

describe('proactive refresh without communication', () => {
  it('the zero-sharing set polynomials have degree t−1, vanish at 0 and at every non-member', () => {
    for (const params of [
      { n: 3, t: 2 },
      { n: 5, t: 3 },
      { n: 7, t: 4 },
      { n: 7, t: 7 },
    ]) {
      const polynomials = th.zeroSharingPolynomials(params);
      const size = params.n - params.t + 2;
      assert.equal(polynomials.length, subsets([1, 2, 3, 4, 5, 6, 7].slice(0, params.n), size).length);
      for (const { set, coefficients } of polynomials) {
        assert.equal(coefficients.length, params.t);
        assert.equal(coefficients[0], 0n);
        for (let x = 1; x <= params.n; x++) {
          const value = coefficients.reduceRight((acc, a) => Fn.add(Fn.mul(acc, BigInt(x)), a), 0n);
          assert.equal(value === 0n, !set.includes(x), `h_${set}(${x})`);
        }
      }
    }
    assert.equal(th.zeroSharingSets({ n: 7, t: 4 }).length, 21);
    assert.equal(th.setsContaining({ n: 7, t: 4 }, 3).length, 15);
  });

  for (const [n, t] of [
    [3, 2],
    [5, 3],
    [7, 4],
  ] as const) {
    it(`${t}-of-${n}: three epochs change every share, keep the secret and the group key, and move verification shares`, () => {
      const run = runDkg({ n, t }, `refresh-${n}`);
      const secret = interpolateForTest(run.shares.slice(0, t));
      let state = { shares: run.shares, seeds: run.seeds, group: run.outcome.group };
      for (let epoch = 1; epoch <= 3; epoch++) {
        const before = state.shares;
        state = refreshAll(state.shares, state.seeds, state.group);
        assert.equal(state.group.epoch, epoch);
        assert.equal(hexOf(th.groupKey(state.group)), hexOf(th.groupKey(run.outcome.group)));
        for (const [k, share] of state.shares.entries()) {
          assert.equal(share.epoch, epoch);
          assert.notEqual(hexOf(share.secret), hexOf((before[k] as th.KeyShare).secret));
          assert.equal(hexOf(th.verificationShare(state.group, share.index)), hexOf(publicOf(Fn.fromBytes(share.secret))));
        }
        for (const subset of subsets(state.shares, t)) assert.equal(interpolateForTest(subset), secret);
        // The stale-share test: an old share with t − 1 new ones interpolates to garbage.
        for (const old of run.shares) {
          const others = state.shares.filter((s) => s.index !== old.index).slice(0, t - 1);
          assert.notEqual(interpolateForTest([old, ...others]), secret);
        }
      }
      // The OPRF keeps its value across epochs: same contract seed from epoch-3 shares.
      const input = c.utf8('contract');
      const answersAt = (shares: th.KeyShare[]) =>
        shares.map((s) => th.oprfPartialEvaluate(s, input, seededRandom(`r/${s.index}`)));
      const original = th.oprfCombine(run.outcome.group, input, answersAt(run.shares)).output;
      assert.equal(hexOf(th.oprfCombine(state.group, input, answersAt(state.shares)).output), hexOf(original));
      // Stale answers are refused against the new group (epoch), and an old share's answer relabelled fails its proof.
      const stale = answersAt(run.shares);
      assert.throws(() => th.oprfCombine(state.group, input, stale));
      const relabelled = stale.map((a) => ({ ...a, epoch: state.group.epoch }));
      assert.throws(() => th.oprfCombine(state.group, input, relabelled));
    });
  }

  it('is deterministic, steps the seeds one way, and insists on matching share and seeds', () => {
    const run = runDkg({ n: 5, t: 3 }, 'refresh-det');
    const share = run.shares[1] as th.KeyShare;
    const seeds = run.seeds[1] as th.RefreshSeeds;
    const one = th.refreshShare(share, seeds);
    const two = th.refreshShare(share, seeds);
    assert.deepEqual(one, two);
    assert.equal(one.seeds.seeds.length, seeds.seeds.length);
    for (const [k, next] of one.seeds.seeds.entries()) assert.notEqual(hexOf(next), hexOf(seeds.seeds[k] as Uint8Array));
    assert.throws(() => th.refreshShare(one.share, seeds), /do not belong together/);
    assert.throws(() => th.refreshShare(run.shares[0] as th.KeyShare, seeds), /do not belong together/);
    // Members of a set agree on its seed (the DKG made it from the same contributions).
    const sets = th.setsContaining({ n: 5, t: 3 }, 1, 2);
    for (const set of sets) {
      const [a, b] = [1, 2].map((i) => {
        const mine = th.setsContaining({ n: 5, t: 3 }, i);
        const k = mine.findIndex((s) => s.join() === set.join());
        return hexOf(run.seeds[i - 1]?.seeds[k] as Uint8Array);
      });
      assert.equal(a, b);
    }
  });

  it('the public update names sets nobody announced and sets whose members disagree', () => {
    const run = runDkg({ n: 5, t: 3 }, 'refresh-bad');
    const stepped = run.shares.map((s, k) => th.refreshShare(s, run.seeds[k] as th.RefreshSeeds));
    const announcements = stepped.map((s) => s.announcement);
    // Any member of each set suffices: drop two members (5 − 2 ≥ 2 remain in every 4-member set).
    assert.deepEqual(th.refreshGroup(run.outcome.group, announcements.slice(0, 3)).problems, []);
    const tampered = announcements.map((a) => (a.index === 2 ? { ...a, points: [publicOf(1n), ...a.points.slice(1)] } : a));
    const result = th.refreshGroup(run.outcome.group, tampered);
    assert.equal(result.group, undefined);
    assert.ok(result.problems.some((p) => /different points/.test(p.reason) && p.announcers.includes(2)));
    // A lone liar for a set: if only member 2 announced it, the group moves wrongly, and the others notice.
    const lonely = tampered.filter((a) => a.index === 2 || a.index === 5);
    const wrong = th.refreshGroup(run.outcome.group, lonely).group as th.GroupPublic;
    assert.ok(stepped.some((s) => !th.shareMatchesGroup(wrong, s.share)));
    const right = th.refreshGroup(run.outcome.group, announcements).group as th.GroupPublic;
    assert.ok(stepped.every((s) => th.shareMatchesGroup(right, s.share)));
    assert.ok(!th.shareMatchesGroup(right, run.shares[0] as th.KeyShare));
    const missing = th.refreshGroup(run.outcome.group, announcements.slice(0, 1));
    assert.ok(missing.problems.some((p) => /no member/.test(p.reason)));
    const wrongEpoch = th.refreshGroup(run.outcome.group, [{ ...(announcements[0] as th.RefreshAnnouncement), epoch: 5 }]);
    assert.ok(wrongEpoch.problems.some((p) => /not for epoch 1/.test(p.reason)));
  });

  it('erasure helpers zero the secret bytes', () => {
    const run = runDkg({ n: 3, t: 2 }, 'erase');
    const share = run.shares[0] as th.KeyShare;
    const seeds = run.seeds[0] as th.RefreshSeeds;
    th.eraseShare(share);
    th.eraseSeeds(seeds);
    assert.ok(share.secret.every((b) => b === 0));
    assert.ok(seeds.seeds.every((s) => s.every((b) => b === 0)));
  });
});
