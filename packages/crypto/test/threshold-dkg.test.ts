import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPhalanxError } from '@phalanx/errors';
import { type Codec, decode, encode } from '@phalanx/scale';
import { threshold as th } from '../src/index.js';
import { hexOf, interpolateForTest, publicOf, runDkg, seededRandom, subsets } from './threshold-helpers.js';

function assertConsistent(run: ReturnType<typeof runDkg>, t: number) {
  const key = hexOf(th.groupKey(run.outcome.group));
  for (const share of run.shares) {
    assert.equal(
      hexOf(th.verificationShare(run.outcome.group, share.index)),
      hexOf(publicOf(BigInt(`0x${hexOf(share.secret.slice().reverse())}`))),
    );
  }
  for (const subset of subsets(run.shares, t)) assert.equal(hexOf(publicOf(interpolateForTest(subset))), key);
}

describe('threshold DKG', () => {
  for (const [n, t] of [
    [3, 2],
    [5, 3],
    [7, 4],
  ] as const) {
    it(`${t}-of-${n} with honest members: every t shares give the group key's secret`, () => {
      const run = runDkg({ n, t }, `honest-${n}`);
      assert.deepEqual(
        run.outcome.qualified,
        Array.from({ length: n }, (_, i) => i + 1),
      );
      assert.deepEqual(run.outcome.excluded, []);
      assert.deepEqual(run.complaints, []);
      assertConsistent(run, t);
      // The group key is the sum of the dealers' constant-term commitments; all members agree on the outcome.
      assert.equal(run.shares.length, n);
    });
  }

  it('3 gatekeepers, one sends a bad share and stays silent: complaint, exclusion, the rest still agree', () => {
    const run = runDkg({ n: 3, t: 2 }, 'bad-3', { corrupt: new Map([[2, [3]]]) });
    assert.deepEqual(
      run.complaints.map((c) => [c.dealer, c.accuser]),
      [[2, 3]],
    );
    assert.deepEqual(run.outcome.qualified, [1, 3]);
    assert.equal(run.outcome.excluded[0]?.dealer, 2);
    assert.match(run.outcome.excluded[0]?.reason ?? '', /complaint by 3/);
    assertConsistent(run, 2);
  });

  it('5 gatekeepers, one bad dealer: excluded; a dealer that justifies is kept and its accuser uses the published share', () => {
    const excluded = runDkg({ n: 5, t: 3 }, 'bad-5', { corrupt: new Map([[4, [1, 2]]]) });
    assert.deepEqual(excluded.outcome.qualified, [1, 2, 3, 5]);
    assertConsistent(excluded, 3);
    const kept = runDkg({ n: 5, t: 3 }, 'bad-5', { corrupt: new Map([[4, [1, 2]]]), justifying: [4] });
    assert.deepEqual(kept.outcome.qualified, [1, 2, 3, 4, 5]);
    assert.equal(kept.outcome.dismissed.length, 2);
    assertConsistent(kept, 3);
  });

  it('a false accusation is dismissed and names the accuser; a bad proof of knowledge excludes its dealer', () => {
    const run = runDkg({ n: 5, t: 3 }, 'false', { falseAccusers: new Map([[5, 1]]), badProof: [3] });
    assert.deepEqual(
      run.outcome.dismissed.map((c) => c.accuser),
      [5],
    );
    assert.deepEqual(run.outcome.excluded, [{ dealer: 3, reason: 'invalid proof of knowledge' }]);
    assert.deepEqual(run.outcome.qualified, [1, 2, 4, 5]);
    assertConsistent(run, 3);
  });

  it('complaints from outside the committee or by a dealer against itself are ignored (no share is published for them)', () => {
    const run = runDkg({ n: 3, t: 2 }, 'outsider');
    const params = { n: 3, t: 2 };
    const context = new TextEncoder().encode('test-dkg/outsider');
    const dealings = [1, 2, 3].map((i) => th.dkgStart(params, i, context, seededRandom(`outsider/${i}`)).dealing);
    const complaints = [
      { dealer: 1, accuser: 9, reason: 'outsider' },
      { dealer: 2, accuser: 2, reason: 'self' },
      { dealer: 3, accuser: 0, reason: 'zero' },
    ];
    const outcome = th.dkgOutcome(params, context, { dealings, complaints, justifications: [] });
    assert.deepEqual(outcome.qualified, [1, 2, 3]);
    assert.deepEqual(outcome.excluded, []);
    assert.equal(run.outcome.qualified.length, 3);
  });

  it('a dealer that broadcasts two dealings is excluded', () => {
    const params = { n: 3, t: 2 };
    const context = new TextEncoder().encode('test-dkg/twice');
    const dealings = [1, 2, 3].map((i) => th.dkgStart(params, i, context, seededRandom(`twice/${i}`)).dealing);
    const again = th.dkgStart(params, 2, context, seededRandom('twice/again')).dealing;
    const outcome = th.dkgOutcome(params, context, { dealings: [...dealings, again], complaints: [], justifications: [] });
    assert.deepEqual(outcome.qualified, [1, 3]);
    assert.deepEqual(outcome.excluded, [{ dealer: 2, reason: 'broadcast two dealings' }]);
  });

  it('an absent member is left out of the qualified set but keeps its index', () => {
    const run = runDkg({ n: 5, t: 3 }, 'absent', { absent: [2] });
    assert.deepEqual(run.outcome.qualified, [1, 3, 4, 5]);
    assertConsistent(run, 3);
  });

  it('fewer than t qualified dealers: the session fails and says to run again', () => {
    assert.throws(
      () => runDkg({ n: 3, t: 2 }, 'fail', { badProof: [1, 2] }),
      (e: unknown) => isPhalanxError(e, 'INVALID_INPUT') && /only 1 qualified dealers/.test((e as Error).message),
    );
  });

  it('payloads are bound to session, dealer and recipient; a missing payload is a complaint', () => {
    const params = { n: 3, t: 2 };
    const context = new TextEncoder().encode('session-a');
    const a = th.dkgStart(params, 1, context, seededRandom('bind'));
    const payload = th.dkgPayload(a.state, 2);
    assert.equal(th.dkgCheckPayload(params, context, a.dealing, 2, payload), undefined);
    assert.match(th.dkgCheckPayload(params, context, a.dealing, 3, payload)?.reason ?? '', /missing or malformed/);
    assert.ok(th.dkgCheckPayload(params, new TextEncoder().encode('session-b'), a.dealing, 2, payload));
    assert.ok(th.dkgCheckPayload(params, context, a.dealing, 2, undefined));
    // A proof made for one session does not verify in another (the context is in the challenge).
    assert.equal(th.dkgDealingProblem(params, new TextEncoder().encode('session-b'), a.dealing), 'invalid proof of knowledge');
  });

  it('is deterministic given the randomness, and the whole outcome is public', () => {
    const one = runDkg({ n: 3, t: 2 }, 'det');
    const two = runDkg({ n: 3, t: 2 }, 'det');
    assert.deepEqual(one.outcome.group, two.outcome.group);
    assert.deepEqual(one.shares, two.shares);
    assert.notEqual(
      hexOf(runDkg({ n: 3, t: 2 }, 'other').outcome.group.commitments[0] as Uint8Array),
      hexOf(one.outcome.group.commitments[0] as Uint8Array),
    );
  });

  it('every message and sealed state round-trips through its SCALE codec', () => {
    const params = { n: 5, t: 3 };
    const context = new TextEncoder().encode('codec');
    const { dealing, state } = th.dkgStart(params, 2, context, seededRandom('codec'));
    const run = runDkg(params, 'codec', { corrupt: new Map([[1, [2]]]), justifying: [1] });
    const share = run.shares[0] as th.KeyShare;
    const refreshed = th.refreshShare(share, run.seeds[0] as th.RefreshSeeds);
    const answer = th.oprfPartialEvaluate(share, new Uint8Array([1, 2]), seededRandom('codec/answer'));
    const complaint = run.complaints[0] as th.Complaint;
    const cases: [Codec<unknown>, unknown][] = [
      [th.dkgDealingCodec, dealing],
      [th.complaintCodec, complaint],
      [th.justificationCodec, th.dkgJustify(state, { ...complaint, dealer: 2 })],
      [th.oprfAnswerCodec, answer],
      [th.refreshAnnouncementCodec, refreshed.announcement],
      [th.groupPublicCodec, run.outcome.group],
      [th.keyShareCodec, share],
      [th.refreshSeedsCodec, run.seeds[0]],
      [th.seedDealingCodec, th.seedExchangeStart(params, 1, context, seededRandom('codec/seed')).dealing],
      [th.reshareDealingCodec, th.reshareShare(share, params, context, seededRandom('codec/reshare')).dealing],
    ];
    for (const [codec, value] of cases) assert.deepEqual(decode(codec, encode(codec, value)), value);
  });

  it('refuses parameters outside 2 ≤ t ≤ n ≤ MAX_PARTICIPANTS', () => {
    const context = new Uint8Array(1);
    for (const params of [
      { n: 3, t: 1 },
      { n: 3, t: 4 },
      { n: th.MAX_PARTICIPANTS + 1, t: 2 },
    ]) {
      assert.throws(
        () => th.dkgStart(params, 1, context, seededRandom('p')),
        (e: unknown) => isPhalanxError(e, 'INVALID_INPUT'),
      );
    }
    assert.throws(
      () => th.dkgStart({ n: 3, t: 2 }, 4, context, seededRandom('p')),
      (e: unknown) => isPhalanxError(e, 'INVALID_INPUT'),
    );
  });
});
