import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { isPhalanxError } from '@phalanx/errors';
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { hexOf, interpolateForTest, publicOf, runDkg, seededRandom, subsets } from './threshold-helpers.js';

const Fn = ristretto255.Point.Fn;
const context = c.utf8('test-reshare');
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

before(async () => {
  await c.cryptoReady();
});

/** Runs a resharing in memory: every dealer deals to every new member; `corrupt` dealers send a bad share to member 1. */
function runReshare(
  source: th.ReshareSource,
  to: th.ThresholdParams,
  dealers: { dealing: th.ReshareDealing; state: th.ReshareState }[],
  corrupt: number[] = [],
) {
  const inboxes = new Map(range(to.n).map((j) => [j, new Map<number, Uint8Array>()]));
  for (const { state } of dealers) {
    for (const j of range(to.n)) {
      const payload = th.resharePayload(state, j);
      if (j === 1 && corrupt.includes(state.dealer)) payload[payload.length - 5] = (payload[payload.length - 5] as number) ^ 1;
      inboxes.get(j)?.set(state.dealer, payload);
    }
  }
  const dealings = dealers.map((d) => d.dealing);
  const complaints = range(to.n).flatMap((j) =>
    dealings.flatMap((dealing) => th.reshareCheckPayload(to, context, dealing, j, inboxes.get(j)?.get(dealing.dealer)) ?? []),
  );
  const transcript = { dealings, complaints, justifications: [] };
  const results = range(to.n).map((j) =>
    th.reshareFinish(source, to, context, j, transcript, inboxes.get(j) as Map<number, Uint8Array>),
  );
  return { shares: results.map((r) => r.share), outcome: results[0]?.outcome as th.ReshareOutcome, complaints };
}

describe('resharing', () => {
  it("today's whole MasterKey moves to 2-of-3 shares once: same MasterPubkey, same contract seeds", () => {
    const master = c.Sr25519Keypair.fromSeed(new Uint8Array(32).fill(7));
    const to = { n: 3, t: 2 };
    const dealer = th.reshareWholeSecret(master.pair.secretKey, to, context, seededRandom('whole'));
    const source = { kind: 'whole', publicKey: master.publicKey } as const;
    const { shares, outcome } = runReshare(source, to, [dealer]);
    th.eraseReshareState(dealer.state);
    assert.ok(dealer.state.polynomial.coefficients.length === 0);
    assert.equal(hexOf(th.groupKey(outcome.group)), hexOf(master.publicKey));
    const identity = {
      clusterId: new Uint8Array(32),
      deployer: new Uint8Array(32).fill(1),
      codeHash: new Uint8Array(32).fill(2),
      salt: c.utf8('s'),
    };
    const input = c.contractInput(identity);
    for (const subset of subsets(shares, 2)) {
      const answers = subset.map((s) => th.oprfPartialEvaluate(s, input, seededRandom(`w/${s.index}`)));
      assert.equal(
        hexOf(th.thresholdContractSeed(outcome.group, identity, answers).seed),
        hexOf(c.contractSeed(master, identity)),
      );
    }
  });

  it('a whole-key dealing whose constant is not the MasterPubkey is refused', () => {
    const master = c.Sr25519Keypair.fromSeed(new Uint8Array(32).fill(7));
    const other = c.Sr25519Keypair.fromSeed(new Uint8Array(32).fill(8));
    const dealer = th.reshareWholeSecret(other.pair.secretKey, { n: 3, t: 2 }, context, seededRandom('w2'));
    const source = { kind: 'whole', publicKey: master.publicKey } as const;
    assert.match(th.reshareDealingProblem(source, { n: 3, t: 2 }, dealer.dealing) ?? '', /constant term/);
    assert.throws(
      () => runReshare(source, { n: 3, t: 2 }, [dealer]),
      (e: unknown) => isPhalanxError(e, 'INVALID_INPUT') && /only 0 qualified/.test((e as Error).message),
    );
  });

  it('2-of-3 → 3-of-5 with one old member down and one cheating: same group key, new shares interpolate', () => {
    const old = runDkg({ n: 3, t: 2 }, 'old-committee');
    const secret = interpolateForTest(old.shares.slice(0, 2));
    const to = { n: 5, t: 3 };
    const source = { kind: 'committee', group: old.outcome.group } as const;
    const dealers = old.shares.map((s) => th.reshareShare(s, to, context, seededRandom(`old/${s.index}`)));
    // Member 2 sends a bad share to new member 1 and does not justify: excluded, 1 and 3 suffice.
    const { shares, outcome, complaints } = runReshare(source, to, dealers, [2]);
    assert.deepEqual(
      complaints.map((x) => [x.dealer, x.accuser]),
      [[2, 1]],
    );
    assert.equal(outcome.excluded[0]?.dealer, 2);
    assert.deepEqual(
      outcome.used.map((u) => u.dealer),
      [1, 3],
    );
    // Member 1 down: 2 and 3 give the same key; with only member 3 left the resharing must run again.
    const down = runReshare(source, to, dealers.slice(1));
    assert.equal(interpolateForTest(down.shares.slice(0, 3)), secret);
    assert.throws(() => runReshare(source, to, dealers.slice(2)), /only 1 qualified/);
    assert.equal(hexOf(th.groupKey(outcome.group)), hexOf(th.groupKey(old.outcome.group)));
    assert.equal(outcome.group.epoch, 1);
    for (const subset of subsets(shares, 3)) assert.equal(interpolateForTest(subset), secret);
    for (const subset of subsets(shares, 2)) assert.notEqual(interpolateForTest(subset), secret);
    for (const share of shares)
      assert.equal(hexOf(th.verificationShare(outcome.group, share.index)), hexOf(publicOf(Fn.fromBytes(share.secret))));
    // An old dealing claiming another member's share is refused.
    const forged = { ...(dealers[0] as (typeof dealers)[number]).dealing, dealer: 2 };
    assert.match(th.reshareDealingProblem(source, to, forged) ?? '', /constant term/);
  });

  it('a resharing dealer that answers a complaint with the right share stays in, and its accuser uses the published share', () => {
    const old = runDkg({ n: 3, t: 2 }, 'old-justify');
    const to = { n: 3, t: 2 };
    const source = { kind: 'committee', group: old.outcome.group } as const;
    const dealers = old.shares.map((s) => th.reshareShare(s, to, context, seededRandom(`j/${s.index}`)));
    const dealings = dealers.map((d) => d.dealing);
    const complaint = { dealer: 1, accuser: 3, reason: 'did not decrypt' };
    const justification = th.reshareJustify(dealers[0]?.state as th.ReshareState, complaint);
    const transcript = { dealings, complaints: [complaint], justifications: [justification] };
    const payloadsFor = (j: number) =>
      new Map(
        dealers.filter((d) => !(j === 3 && d.dealing.dealer === 1)).map((d) => [d.dealing.dealer, th.resharePayload(d.state, j)]),
      );
    const shares = [1, 2, 3].map((j) => th.reshareFinish(source, to, context, j, transcript, payloadsFor(j)).share);
    const outcome = th.reshareOutcome(source, to, context, transcript);
    assert.deepEqual(outcome.dismissed, [complaint]);
    assert.deepEqual(
      outcome.used.map((u) => u.dealer),
      [1, 2],
    );
    assert.equal(interpolateForTest(shares.slice(1)), interpolateForTest(old.shares.slice(0, 2)));
    assert.ok(shares.every((s) => th.shareMatchesGroup(outcome.group, s)));
  });

  it('the new committee agrees its refresh seeds by seed exchange (one liar excluded), then refreshes', () => {
    const old = runDkg({ n: 3, t: 2 }, 'old-2');
    const to = { n: 5, t: 3 };
    const source = { kind: 'committee', group: old.outcome.group } as const;
    const { shares, outcome } = runReshare(
      source,
      to,
      old.shares.map((s) => th.reshareShare(s, to, context, seededRandom(`o2/${s.index}`))),
    );
    const seedContext = c.utf8('test-reshare/seeds');
    const started = range(5).map((i) => th.seedExchangeStart(to, i, seedContext, seededRandom(`seeds/${i}`)));
    const inboxes = new Map(range(5).map((j) => [j, new Map<number, Uint8Array>()]));
    for (const { state } of started) {
      for (const j of range(5)) {
        if (j === state.index) continue;
        const payload = th.seedExchangePayload(state, j);
        if (state.index === 4 && j === 5) payload[payload.length - 1] = (payload[payload.length - 1] as number) ^ 1;
        inboxes.get(j)?.set(state.index, payload);
      }
    }
    const dealings = started.map((s) => s.dealing);
    const complaints = range(5).flatMap((j) =>
      dealings.flatMap((d) =>
        d.dealer === j ? [] : (th.seedExchangeCheckPayload(to, seedContext, d, j, inboxes.get(j)?.get(d.dealer)) ?? []),
      ),
    );
    assert.deepEqual(
      complaints.map((x) => [x.dealer, x.accuser]),
      [[4, 5]],
    );
    const transcript = { dealings, complaints, justifications: [] };
    const finished = started.map((s) =>
      th.seedExchangeFinish(s.state, transcript, inboxes.get(s.state.index) as Map<number, Uint8Array>, outcome.group.epoch),
    );
    assert.deepEqual(finished[0]?.qualified, [1, 2, 3, 5]);
    const stepped = shares.map((share, k) => th.refreshShare(share, finished[k]?.seeds as th.RefreshSeeds));
    const next = th.refreshGroup(
      outcome.group,
      stepped.map((s) => s.announcement),
    );
    assert.deepEqual(next.problems, []);
    const secret = interpolateForTest(shares.slice(0, 3));
    for (const subset of subsets(
      stepped.map((s) => s.share),
      3,
    ))
      assert.equal(interpolateForTest(subset), secret);
    assert.equal(hexOf(th.groupKey(next.group as th.GroupPublic)), hexOf(th.groupKey(old.outcome.group)));
  });
});
