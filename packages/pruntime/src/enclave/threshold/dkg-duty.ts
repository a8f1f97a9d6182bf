import { concatBytes, equalBytes, randomBytes, sealEnvelope, threshold, utf8 } from '@phalanx/crypto';
import type { Message } from '@phalanx/primitives';
import {
  DealingMessage,
  DkgPayloadMessage,
  type DkgSession,
  dkgTranscript,
  JustifyMessage,
  memberIndex,
  ReadyMessage,
  Registry,
  THRESHOLD_TOPICS,
  Threshold,
} from '@phalanx/runtime';
import { decode, encode, tuple, u8, u32 } from '@phalanx/scale';
import type { EgressItem } from '../ecall.js';
import { honouredEcdh } from '../ecdh-keys.js';
import { type DkgRound, type DutyContext, push, type ThresholdHolder } from './holder.js';

const payloadAdCodec = tuple(u32, u8, u8);
const payloadAd = (session: number, dealer: number, recipient: number) =>
  concatBytes(utf8(THRESHOLD_TOPICS.payload), encode(payloadAdCodec, [session, dealer, recipient]));
const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');

/**
 * One block of a gatekeeper's part in the chain's DKG (Threshold pallet): deal when the session
 * opens (the dealing broadcast, each other member's payload encrypted to its EcdhKey), check the
 * payloads received and report complaints when the chain asks, answer complaints against it, and
 * take its share once the chain decided. The whole MasterKey never exists anywhere.
 */
export function dkgDuty(holder: ThresholdHolder, ctx: DutyContext): EgressItem[] {
  const session = Threshold.Session.get(ctx.state);
  if (session === undefined) return [];
  const index = memberIndex(session.members, ctx.identity.publicKey);
  if (index === undefined) return [];
  const params = { n: session.members.length, t: session.t };
  let round = holder.round?.session === session.id ? holder.round : undefined;
  const egress: EgressItem[] = [];
  if (round === undefined && session.phase.tag === 'Dealing' && !Threshold.Dealings.has(ctx.state, index)) {
    round = { session: session.id, index, state: undefined, payloads: new Map(), ready: false, justified: false };
    holder.round = round;
    egress.push(...deal(ctx, session, round, params));
  }
  if (round === undefined) return egress; // restarted mid-session: this member dropped out of it
  receivePayloads(ctx, session, round);
  switch (session.phase.tag) {
    case 'Complaining':
      if (!round.ready) egress.push(report(ctx, session, round, params));
      break;
    case 'Justifying':
      if (!round.ready) egress.push(report(ctx, session, round, params));
      if (!round.justified) egress.push(...answerComplaints(ctx, session, round));
      break;
    case 'Completed':
      finish(holder, ctx, session, round);
      break;
    case 'Failed':
      erase(holder);
      break;
  }
  return egress;
}

function deal(ctx: DutyContext, session: DkgSession, round: DkgRound, params: threshold.ThresholdParams): EgressItem[] {
  const { dealing, state } = threshold.dkgStart(params, round.index, session.context, randomBytes);
  round.state = state;
  const egress = [push(ctx, THRESHOLD_TOPICS.dealing, DealingMessage, { session: session.id, dealing })];
  session.members.forEach((member, i) => {
    const recipient = i + 1;
    const record = Registry.Workers.get(ctx.state, member);
    if (recipient === round.index || record === undefined) return;
    const bytes = threshold.dkgPayload(state, recipient);
    const envelope = sealEnvelope(ctx.ecdh, record.info.ecdhPubkey, bytes, {
      associatedData: payloadAd(session.id, round.index, recipient),
    });
    bytes.fill(0);
    egress.push(
      push(ctx, THRESHOLD_TOPICS.payload, DkgPayloadMessage, { session: session.id, dealer: round.index, recipient, envelope }),
    );
  });
  return egress;
}

/** Payloads addressed to this member, from the member they name, sent with that member's EcdhKey. */
function receivePayloads(ctx: DutyContext, session: DkgSession, round: DkgRound): void {
  for (const message of ctx.inbound) {
    if (topicOf(message) !== THRESHOLD_TOPICS.payload || message.origin.tag !== 'Gatekeeper') continue;
    try {
      const payload = decode(DkgPayloadMessage, message.payload);
      if (payload.session !== session.id || payload.recipient !== round.index || round.payloads.has(payload.dealer)) continue;
      const dealer = session.members[payload.dealer - 1];
      if (dealer === undefined || !equalBytes(message.origin.value, dealer)) continue;
      if (!honouredEcdh(ctx.state, dealer, payload.envelope.senderPubkey, ctx.blockNumber)) continue;
      round.payloads.set(payload.dealer, ctx.open(payload.envelope, payloadAd(session.id, payload.dealer, round.index)));
    } catch {
      // Not decryptable: the dealer's payload counts as missing, and is complained about.
    }
  }
}

function report(ctx: DutyContext, session: DkgSession, round: DkgRound, params: threshold.ThresholdParams): EgressItem {
  const complaints: threshold.Complaint[] = [];
  for (let dealer = 1; dealer <= params.n; dealer++) {
    const dealing = Threshold.Dealings.get(ctx.state, dealer);
    if (dealer === round.index || dealing === undefined) continue;
    const complaint = threshold.dkgCheckPayload(params, session.context, dealing, round.index, round.payloads.get(dealer));
    if (complaint !== undefined) complaints.push({ ...complaint, reason: complaint.reason.slice(0, 256) });
  }
  round.ready = true;
  return push(ctx, THRESHOLD_TOPICS.ready, ReadyMessage, { session: session.id, complaints });
}

function answerComplaints(ctx: DutyContext, session: DkgSession, round: DkgRound): EgressItem[] {
  round.justified = true;
  if (round.state === undefined) return [];
  const against: threshold.Complaint[] = [];
  for (let member = 1; member <= session.members.length; member++) {
    for (const complaint of Threshold.Ready.get(ctx.state, member) ?? [])
      if (complaint.dealer === round.index) against.push(complaint);
  }
  if (against.length === 0) return [];
  const state = round.state;
  const justifications = against.map((complaint) => threshold.dkgJustify(state, complaint));
  return [push(ctx, THRESHOLD_TOPICS.justify, JustifyMessage, { session: session.id, justifications })];
}

/** The chain decided: this member's share from the recorded transcript; round state erased either way. */
function finish(holder: ThresholdHolder, ctx: DutyContext, session: DkgSession, round: DkgRound): void {
  const group = Threshold.Group.get(ctx.state);
  if (round.state === undefined || group === undefined || group.session !== session.id) return erase(holder);
  try {
    const result = threshold.dkgFinish(round.state, dkgTranscript(ctx.state, session), round.payloads);
    // The chain's group and this member's own outcome come from one transcript; check anyway.
    if (threshold.shareMatchesGroup(group.group, result.share)) {
      holder.share = result.share;
      holder.seeds = result.seeds;
      holder.session = session.id;
    }
  } catch {
    // No valid payload from some qualified dealer reached this member: it holds no share (t others do).
  }
  erase(holder);
}

function erase(holder: ThresholdHolder): void {
  const round = holder.round;
  if (round === undefined) return;
  for (const payload of round.payloads.values()) payload.fill(0);
  round.payloads.clear();
  round.state = undefined;
  holder.round = undefined;
}
