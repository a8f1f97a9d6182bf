// The Threshold pallet orders a DKG among the gatekeepers and decides it from what it recorded:
// the happy path, refused messages, a complaint left unanswered (the dealer excluded), an answered
// one (dismissed), a session that fails and the next one that starts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, equalBytes, threshold } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { ContractKeysMessage, DealingMessage, dkgTranscript, Registry, THRESHOLD_TOPICS, Threshold } from '../src/index.js';
import type { TestChain } from './pallet-helpers.js';
import { dev, eventsOf, expectOk, kp, mq, registerGatekeeper, signed } from './pallet-helpers.js';
import { deal, justify, type Member, payloadTo, ready, session, thresholdChain } from './threshold-setup.js';

const transcriptOf = (chain: TestChain) => dkgTranscript(chain.state, session(chain));

before(async () => {
  await cryptoReady();
});

const refusals = (result: { events: readonly { event: unknown }[] }) =>
  eventsOf<{ reason: string }>(result.events as never, 'Threshold', 'MessageRefused').map((e) => e.reason);

/** Each member's share from the recorded transcript and the payloads it received. */
function finish(members: Member[], inbox: Map<number, Map<number, Uint8Array>>, transcript: threshold.DkgTranscript) {
  return members.map((m) => threshold.dkgFinish(m.state as threshold.DkgState, transcript, inbox.get(m.index) ?? new Map()));
}

describe('Threshold: a DKG ordered by the chain', () => {
  it('starts once n gatekeepers are registered, and registers the group key as the MasterPubkey', () => {
    const { chain, members } = thresholdChain();
    const s = session(chain);
    assert.equal(s.members.length, 3);
    assert.equal(s.t, 2);
    assert.equal(s.phase.tag, 'Dealing');
    assert.ok(s.members.every((key, i) => equalBytes(key, members[i]?.gk.identity.publicKey as Uint8Array)));
    for (const m of members) expectOk(deal(chain, m));
    const inbox = new Map(members.map((r) => [r.index, new Map<number, Uint8Array>()]));
    for (const d of members) for (const r of members) if (d !== r) inbox.get(r.index)?.set(d.index, payloadTo(chain, d, r).bytes);
    // All dealt: the next block moves on to complaints.
    expectOk(ready(chain, members[0] as Member));
    assert.equal(session(chain).phase.tag, 'Complaining');
    expectOk(ready(chain, members[1] as Member));
    expectOk(ready(chain, members[2] as Member));
    chain.block([]);
    assert.equal(session(chain).phase.tag, 'Completed');
    const group = Threshold.Group.get(chain.state);
    assert.ok(group !== undefined);
    const master = Registry.MasterPubkey.get(chain.state);
    assert.deepEqual(master, group.group.commitments[0]);
    // Every member reaches the same group from the chain's transcript; no share alone is the key.
    const results = finish(members, inbox, transcriptOf(chain));
    for (const r of results) {
      assert.deepEqual(r.outcome.group.commitments, group.group.commitments);
      assert.ok(threshold.shareMatchesGroup(group.group, r.share));
    }
  });

  it('refuses messages out of phase, from non-members, with bad proofs or as another dealer', () => {
    const { chain, members } = thresholdChain();
    const [a, b] = members as [Member, Member];
    assert.deepEqual(refusals(ready(chain, a)), ['the session is in its Dealing phase, not Complaining']);
    const badProof = deal(chain, a, (d) => ({ ...d, proof: d.proof.map((x, i) => (i === 40 ? x ^ 1 : x)) }));
    assert.deepEqual(refusals(badProof), ['dealing refused: invalid proof of knowledge']);
    assert.deepEqual(refusals(deal(chain, b, (d) => ({ ...d, dealer: 1 }))), ['a member deals as its own index 2']);
    expectOk(deal(chain, b));
    assert.deepEqual(refusals(deal(chain, b)), ['this member already dealt']);
    const outsider = registerGatekeeper(chain, 'outsider');
    const origin = { tag: 'Gatekeeper' as const, value: outsider.identity.publicKey };
    const s = session(chain);
    const started = threshold.dkgStart({ n: 3, t: 2 }, 3, s.context, (length) => new Uint8Array(length).fill(7));
    const payload = encode(DealingMessage, { session: s.id, dealing: started.dealing });
    const result = chain.submit(
      dev.bob,
      mq.push(signed(chain, outsider.identity, origin, THRESHOLD_TOPICS.dealing, payload, 0n)),
    );
    assert.deepEqual(refusals(result), ['the sender is not a member of this session']);
    assert.ok(
      Threshold.Dealings.has(chain.state, 2) &&
        !Threshold.Dealings.has(chain.state, 1) &&
        !Threshold.Dealings.has(chain.state, 3),
    );
  });

  it('a dealer that does not answer a complaint is excluded; the others still make the key', () => {
    const { chain, members } = thresholdChain();
    const [a, b, c] = members as [Member, Member, Member];
    for (const m of members) expectOk(deal(chain, m));
    const bad = payloadTo(chain, c, a, true);
    const complaint = threshold.dkgCheckPayload(
      { n: 3, t: 2 },
      session(chain).context,
      c.dealing as threshold.DkgDealing,
      1,
      bad.bytes,
    );
    assert.ok(complaint !== undefined);
    expectOk(ready(chain, a, [complaint]));
    expectOk(ready(chain, b));
    expectOk(ready(chain, c));
    chain.block([]);
    assert.equal(session(chain).phase.tag, 'Justifying');
    for (let i = 0; i < 25 && session(chain).phase.tag === 'Justifying'; i++) chain.block([]); // c stays silent past phaseBlocks
    assert.equal(session(chain).phase.tag, 'Completed');
    const group = Threshold.Group.get(chain.state);
    const expected = threshold.dkgOutcome({ n: 3, t: 2 }, session(chain).context, transcriptOf(chain));
    assert.deepEqual(expected.qualified, [1, 2]);
    assert.deepEqual(group?.group.commitments, expected.group.commitments);
  });

  it('a complaint answered with a valid payload is dismissed: every dealer stays qualified', () => {
    const { chain, members } = thresholdChain();
    const [a, b, c] = members as [Member, Member, Member];
    for (const m of members) expectOk(deal(chain, m));
    expectOk(ready(chain, a, [{ dealer: 3, accuser: 1, reason: 'payload missing or malformed' }]));
    expectOk(ready(chain, b));
    expectOk(ready(chain, c));
    const answer = threshold.dkgJustify(c.state as threshold.DkgState, { dealer: 3, accuser: 1, reason: '' });
    assert.deepEqual(refusals(justify(chain, b, [answer])), ['a dealer answers only for itself']);
    expectOk(justify(chain, c, [answer]));
    chain.block([]);
    assert.equal(session(chain).phase.tag, 'Completed');
    assert.deepEqual(threshold.dkgOutcome({ n: 3, t: 2 }, session(chain).context, transcriptOf(chain)).qualified, [1, 2, 3]);
  });

  it('fewer than t dealings: the session fails, and a new one starts after phaseBlocks', () => {
    const { chain, members } = thresholdChain();
    expectOk(deal(chain, members[0] as Member));
    for (let i = 0; i < 50 && session(chain).phase.tag !== 'Failed'; i++) chain.block([]);
    assert.equal(session(chain).phase.tag, 'Failed');
    assert.equal(Registry.MasterPubkey.get(chain.state), undefined);
    const retryAt = Threshold.RetryAt.get(chain.state) as number;
    while (chain.number < retryAt) chain.block([]);
    const next = session(chain);
    assert.equal(next.id, 1);
    assert.equal(next.phase.tag, 'Dealing');
    assert.ok(!Threshold.Dealings.has(chain.state, 1), 'the old transcript is gone');
    assert.notDeepEqual(next.context, undefined);
  });

  it('contract keys self-published by a contract are taken only under a shared MasterKey, signed by their identity key', () => {
    const { chain, members } = thresholdChain();
    const contractIdentity = kp('//threshold-test/contract');
    const keys = (identityPubkey: Uint8Array) =>
      encode(ContractKeysMessage, {
        contract: new Uint8Array(32).fill(9),
        identityPubkey,
        ecdhPubkey: new Uint8Array(32).fill(2),
        initArgs: { senderPubkey: new Uint8Array(32).fill(2), iv: new Uint8Array(12), ciphertext: new Uint8Array(16) },
      });
    const origin = { tag: 'Contract' as const, value: contractIdentity.publicKey };
    const publish = (payload: Uint8Array, sequence: bigint) =>
      chain.submit(dev.bob, mq.push(signed(chain, contractIdentity, origin, THRESHOLD_TOPICS.contractKeys, payload, sequence)));
    const refused = (result: ReturnType<typeof publish>) =>
      eventsOf<{ reason: string }>(result.events, 'Threshold', 'ContractKeysRefused').map((r) => r.reason);
    assert.deepEqual(refused(publish(keys(contractIdentity.publicKey), 0n)), [
      'the MasterKey is not shared: gatekeepers publish contract keys',
    ]);
    // Once the group exists: keys signed by another key than the identity they name are refused.
    for (const m of members) expectOk(deal(chain, m));
    for (const m of members) expectOk(ready(chain, m));
    chain.block([]);
    assert.ok(Threshold.Group.get(chain.state) !== undefined);
    assert.deepEqual(refused(publish(keys(new Uint8Array(32).fill(1)), 1n)), [
      'the keys must be signed by the identity key they publish',
    ]);
  });
});
