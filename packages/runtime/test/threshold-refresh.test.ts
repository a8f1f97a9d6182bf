// Share refresh ordered by the chain: at each refresh period the holders announce public points
// only, and the chain moves the group's commitments — same MasterPubkey, new verification shares.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, threshold } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import { dkgTranscript, RefreshMessage, Registry, THRESHOLD_TOPICS, Threshold } from '../src/index.js';
import { eventsOf, expectOk } from './pallet-helpers.js';
import { deal, type Member, payloadTo, push, ready, session, thresholdChain } from './threshold-setup.js';

before(async () => {
  await cryptoReady();
});

describe('Threshold: share refresh', () => {
  it('moves the group to the next epoch from the holders’ announcements; the key stays', () => {
    const { chain, members } = thresholdChain(2, 3, 5, 30);
    for (const m of members) expectOk(deal(chain, m));
    const inbox = new Map(members.map((r) => [r.index, new Map<number, Uint8Array>()]));
    for (const d of members) for (const r of members) if (d !== r) inbox.get(r.index)?.set(d.index, payloadTo(chain, d, r).bytes);
    for (const m of members) expectOk(ready(chain, m));
    chain.block([]);
    const s = session(chain);
    const held = members.map((m) =>
      threshold.dkgFinish(m.state as threshold.DkgState, dkgTranscript(chain.state, s), inbox.get(m.index) ?? new Map()),
    );
    const group = Threshold.Group.get(chain.state);
    assert.ok(group !== undefined);
    while (Threshold.Refresh.get(chain.state) === undefined) chain.block([]);
    const pending = Threshold.Refresh.get(chain.state);
    assert.equal(pending?.epoch, 1);
    const steps = held.map((h) => threshold.refreshShare(h.share, h.seeds));
    const announce = (member: Member, announcement: threshold.RefreshAnnouncement) =>
      push(chain, member, THRESHOLD_TOPICS.refresh, encode(RefreshMessage, { announcement }));
    const refused = (result: ReturnType<typeof announce>) =>
      eventsOf<{ reason: string }>(result.events, 'Threshold', 'MessageRefused').map((e) => e.reason);
    const [a, b, c] = members as [Member, Member, Member];
    assert.deepEqual(refused(announce(c, steps[0]?.announcement as threshold.RefreshAnnouncement)), [
      'a holder announces only as its own index',
    ]);
    expectOk(announce(a, steps[0]?.announcement as threshold.RefreshAnnouncement));
    assert.deepEqual(refused(announce(a, steps[0]?.announcement as threshold.RefreshAnnouncement)), [
      'this holder already announced',
    ]);
    expectOk(announce(b, steps[1]?.announcement as threshold.RefreshAnnouncement));
    // c (down) never announces: at the deadline, one announcer per zero-sharing set is enough.
    while (Threshold.Refresh.get(chain.state) !== undefined) chain.block([]);
    const moved = Threshold.Group.get(chain.state);
    assert.equal(moved?.group.epoch, 1);
    assert.deepEqual(moved?.group.commitments[0], group.group.commitments[0]);
    assert.deepEqual(Registry.MasterPubkey.get(chain.state), group.group.commitments[0]);
    for (const step of steps) assert.ok(threshold.shareMatchesGroup(moved?.group as threshold.GroupPublic, step.share));
    for (const h of held)
      assert.ok(!threshold.shareMatchesGroup(moved?.group as threshold.GroupPublic, h.share), 'old shares no longer fit');
  });
});
