import { concatBytes, equalBytes, randomBytes, type Sr25519Keypair, sealEnvelope, threshold, utf8 } from '@phalanx/crypto';
import type { Message } from '@phalanx/primitives';
import {
  type DkgSession,
  memberIndex,
  PAYLOAD_KIND,
  Registry,
  ReshareDealingMessage,
  ReshareJustifyMessage,
  ResharePayloadMessage,
  ReshareReadyMessage,
  reshareTranscripts,
  SeedDealingMessage,
  THRESHOLD_TOPICS,
  Threshold,
} from '@phalanx/runtime';
import { decode, encode, tuple, u8, u32 } from '@phalanx/scale';
import type { EgressItem } from '../ecall.js';
import { honouredEcdh } from '../ecdh-keys.js';
import { type DutyContext, push, type ReshareRound, type ThresholdHolder } from './holder.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const adCodec = tuple(u32, u8, u8, u8);
const payloadAd = (session: number, kind: number, dealer: number, recipient: number) =>
  concatBytes(utf8(THRESHOLD_TOPICS.resharePayload), encode(adCodec, [session, kind, dealer, recipient]));

/**
 * One block of a resharing (Threshold pallet, source `Whole` or `Group`): old holders deal what
 * they hold — the whole MasterKey once (`reshareWholeSecret`), or their share — to the new
 * committee; the new committee agrees its refresh seeds; complaints and justifications as in the
 * DKG; once the chain decided, new members take their shares and old holders erase theirs. The
 * group key never changes, so no contract key does.
 */
export function reshareDuty(holder: ThresholdHolder, whole: Sr25519Keypair | undefined, ctx: DutyContext): EgressItem[] {
  const session = Threshold.Session.get(ctx.state);
  if (session === undefined || session.source.tag === 'Dkg') return [];
  let round = holder.reshare?.session === session.id ? holder.reshare : undefined;
  const egress: EgressItem[] = [];
  if (round === undefined && session.phase.tag === 'Dealing') {
    round = open(holder, whole, ctx, session);
    holder.reshare = round;
    if (round !== undefined) egress.push(...deal(holder, whole, ctx, session, round));
  }
  if (round === undefined) return egress;
  receive(ctx, session, round);
  const to = { n: session.members.length, t: session.t };
  if (
    (session.phase.tag === 'Complaining' || session.phase.tag === 'Justifying') &&
    !round.ready &&
    round.seedState !== undefined
  )
    egress.push(report(ctx, session, round, to));
  if (session.phase.tag === 'Justifying' && !round.justified) egress.push(...justify(ctx, session, round));
  if (session.phase.tag === 'Completed') finish(holder, ctx, session, round, to);
  if (session.phase.tag === 'Failed') holder.reshare = undefined;
  return egress;
}

function open(
  holder: ThresholdHolder,
  whole: Sr25519Keypair | undefined,
  ctx: DutyContext,
  session: DkgSession,
): ReshareRound | undefined {
  const group = Threshold.Group.get(ctx.state);
  const master = Registry.MasterPubkey.get(ctx.state);
  let source: threshold.ReshareSource;
  let dealer: number | undefined;
  if (session.source.tag === 'Whole') {
    if (master === undefined) return undefined;
    source = { kind: 'whole', publicKey: master };
    dealer = whole !== undefined && equalBytes(whole.publicKey, master) ? 0 : undefined;
  } else {
    if (group === undefined) return undefined;
    source = { kind: 'committee', group: group.group };
    const mine = holder.share !== undefined && holder.session === group.session && holder.share.epoch === group.group.epoch;
    dealer = mine ? memberIndex(group.members, ctx.identity.publicKey) : undefined;
  }
  const member = memberIndex(session.members, ctx.identity.publicKey);
  if (dealer === undefined && member === undefined) return undefined;
  const sharePayloads = new Map<string, Uint8Array>();
  return {
    session: session.id,
    source,
    oldMembers: group?.members ?? [],
    dealer,
    member,
    shareState: undefined,
    seedState: undefined,
    sharePayloads,
    seedPayloads: new Map(),
    ready: false,
    justified: false,
  };
}

function sendPayload(
  ctx: DutyContext,
  session: DkgSession,
  kind: number,
  dealer: number,
  recipient: number,
  bytes: Uint8Array,
): EgressItem | undefined {
  const key = session.members[recipient - 1];
  const record = key === undefined ? undefined : Registry.Workers.get(ctx.state, key);
  if (record === undefined) return undefined;
  const envelope = sealEnvelope(ctx.ecdh, record.info.ecdhPubkey, bytes, {
    associatedData: payloadAd(session.id, kind, dealer, recipient),
  });
  bytes.fill(0);
  return push(ctx, THRESHOLD_TOPICS.resharePayload, ResharePayloadMessage, {
    session: session.id,
    kind,
    dealer,
    recipient,
    envelope,
  });
}

function deal(
  holder: ThresholdHolder,
  whole: Sr25519Keypair | undefined,
  ctx: DutyContext,
  session: DkgSession,
  round: ReshareRound,
): EgressItem[] {
  const to = { n: session.members.length, t: session.t };
  const egress: EgressItem[] = [];
  const add = (item: EgressItem | undefined) => item !== undefined && egress.push(item);
  const alreadyDealt =
    round.dealer !== undefined &&
    (Threshold.ReshareDealings.has(ctx.state, round.dealer) || Threshold.WholeDealer.get(ctx.state) !== undefined);
  if (round.dealer !== undefined && !alreadyDealt) {
    let dealt: { dealing: threshold.ReshareDealing; state: threshold.ReshareState };
    if (round.dealer === 0) {
      // exportSecret is the 64-byte expanded secret followed by the public key.
      const exported = (whole as Sr25519Keypair).exportSecret();
      dealt = threshold.reshareWholeSecret(exported.subarray(0, 64), to, session.context, randomBytes);
      exported.fill(0);
    } else dealt = threshold.reshareShare(holder.share as threshold.KeyShare, to, session.context, randomBytes);
    round.shareState = dealt.state;
    add(push(ctx, THRESHOLD_TOPICS.reshareDealing, ReshareDealingMessage, { session: session.id, dealing: dealt.dealing }));
    for (let j = 1; j <= to.n; j++) {
      const bytes = threshold.resharePayload(dealt.state, j);
      if (j === round.member) round.sharePayloads.set(hex(ctx.identity.publicKey), bytes);
      else add(sendPayload(ctx, session, PAYLOAD_KIND.share, round.dealer, j, bytes));
    }
  }
  if (round.member !== undefined) {
    const { dealing, state } = threshold.seedExchangeStart(to, round.member, session.context, randomBytes);
    round.seedState = state;
    add(push(ctx, THRESHOLD_TOPICS.seedDealing, SeedDealingMessage, { session: session.id, dealing }));
    for (let j = 1; j <= to.n; j++)
      if (j !== round.member)
        add(sendPayload(ctx, session, PAYLOAD_KIND.seeds, round.member, j, threshold.seedExchangePayload(state, j)));
  }
  return egress;
}

const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');

function receive(ctx: DutyContext, session: DkgSession, round: ReshareRound): void {
  if (round.member === undefined) return;
  for (const message of ctx.inbound) {
    if (topicOf(message) !== THRESHOLD_TOPICS.resharePayload || message.origin.tag !== 'Gatekeeper') continue;
    try {
      const p = decode(ResharePayloadMessage, message.payload);
      if (p.session !== session.id || p.recipient !== round.member) continue;
      const sender = message.origin.value;
      if (p.kind === PAYLOAD_KIND.seeds && !equalBytes(session.members[p.dealer - 1] ?? new Uint8Array(), sender)) continue;
      if (p.kind === PAYLOAD_KIND.share && round.source.kind === 'committee') {
        if (!equalBytes(round.oldMembers[p.dealer - 1] ?? new Uint8Array(), sender)) continue;
      }
      if (!honouredEcdh(ctx.state, sender, p.envelope.senderPubkey, ctx.blockNumber)) continue;
      const bytes = ctx.open(p.envelope, payloadAd(session.id, p.kind, p.dealer, round.member));
      if (p.kind === PAYLOAD_KIND.seeds) round.seedPayloads.set(p.dealer, bytes);
      else if (p.kind === PAYLOAD_KIND.share) round.sharePayloads.set(hex(sender), bytes);
    } catch {
      // Not decryptable: counted as missing, and complained about.
    }
  }
}

/** The share payload this member holds from old dealer `dealer` (whole key: the recorded dealer's). */
function sharePayloadOf(ctx: DutyContext, round: ReshareRound, dealer: number): Uint8Array | undefined {
  const sender = dealer === 0 ? Threshold.WholeDealer.get(ctx.state) : round.oldMembers[dealer - 1];
  return sender === undefined ? undefined : round.sharePayloads.get(hex(sender));
}

function report(ctx: DutyContext, session: DkgSession, round: ReshareRound, to: threshold.ThresholdParams): EgressItem {
  round.ready = true;
  const me = round.member as number;
  const shares: threshold.Complaint[] = [];
  const seeds: threshold.Complaint[] = [];
  for (let d = 0; d <= threshold.MAX_PARTICIPANTS; d++) {
    const dealing = Threshold.ReshareDealings.get(ctx.state, d);
    const complaint = dealing && threshold.reshareCheckPayload(to, session.context, dealing, me, sharePayloadOf(ctx, round, d));
    if (complaint) shares.push(complaint);
  }
  for (let d = 1; d <= to.n; d++) {
    const dealing = Threshold.SeedDealings.get(ctx.state, d);
    if (d === me || dealing === undefined) continue;
    const complaint = threshold.seedExchangeCheckPayload(to, session.context, dealing, me, round.seedPayloads.get(d));
    if (complaint) seeds.push({ ...complaint, reason: complaint.reason.slice(0, 256) });
  }
  return push(ctx, THRESHOLD_TOPICS.reshareReady, ReshareReadyMessage, { session: session.id, complaints: { shares, seeds } });
}

function justify(ctx: DutyContext, session: DkgSession, round: ReshareRound): EgressItem[] {
  round.justified = true;
  const shares: threshold.Justification[] = [];
  const seeds: threshold.Justification[] = [];
  for (let i = 1; i <= session.members.length; i++) {
    const ready = Threshold.ReshareReady.get(ctx.state, i);
    for (const c of ready?.shares ?? [])
      if (round.shareState && c.dealer === round.dealer) shares.push(threshold.reshareJustify(round.shareState, c));
    for (const c of ready?.seeds ?? [])
      if (round.seedState && c.dealer === round.member) seeds.push(threshold.seedExchangeJustify(round.seedState, c));
  }
  if (shares.length + seeds.length === 0) return [];
  return [push(ctx, THRESHOLD_TOPICS.reshareJustify, ReshareJustifyMessage, { session: session.id, shares, seeds })];
}

function finish(
  holder: ThresholdHolder,
  ctx: DutyContext,
  session: DkgSession,
  round: ReshareRound,
  to: threshold.ThresholdParams,
): void {
  holder.reshare = undefined;
  if (round.shareState !== undefined) threshold.eraseReshareState(round.shareState);
  const group = Threshold.Group.get(ctx.state);
  if (group === undefined || group.session !== session.id) return;
  // Whatever this pRuntime held before is of the old committee: it goes, replaced or not.
  if (holder.share !== undefined) threshold.eraseShare(holder.share);
  if (holder.seeds !== undefined) threshold.eraseSeeds(holder.seeds);
  holder.share = undefined;
  holder.seeds = undefined;
  holder.session = undefined;
  holder.next = undefined;
  if (round.member === undefined || round.seedState === undefined) return;
  try {
    const transcripts = reshareTranscripts(ctx.state, session, round.source.kind === 'committee' ? round.source.group.n : 0);
    const payloads = new Map<number, Uint8Array>();
    for (const dealing of transcripts.shares.dealings) {
      const bytes = sharePayloadOf(ctx, round, dealing.dealer);
      if (bytes !== undefined) payloads.set(dealing.dealer, bytes);
    }
    const { share } = threshold.reshareFinish(round.source, to, session.context, round.member, transcripts.shares, payloads);
    const { seeds } = threshold.seedExchangeFinish(round.seedState, transcripts.seeds, round.seedPayloads, group.group.epoch);
    if (threshold.shareMatchesGroup(group.group, share)) {
      holder.share = share;
      holder.seeds = seeds;
      holder.session = session.id;
    }
  } catch {
    // A payload of a used dealer never reached this member: it holds no share (t others do).
  }
}
