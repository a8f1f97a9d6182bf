import { equalBytes, threshold } from '@phalanx/crypto';
import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { recordContractKeys } from '../phat/contract-keys.js';
import type { ContractKeysMessage } from '../phat/types.js';
import { memberIndex, Threshold } from './storage.js';
import type { DealingMessage, DkgSession, JustifyMessage, ReadyMessage } from './types.js';

type Phase = DkgSession['phase']['tag'];

/**
 * The member a gatekeeper's DKG message speaks for, when the session and phase accept it; else
 * the message is refused with a `MessageRefused` event and does not fail (the gatekeeper's MQ
 * sequence moves on, as for a conflicting MasterPubkey).
 */
export function speaker(
  ctx: CallContext,
  gatekeeper: Uint8Array,
  session: number,
  phase: Phase,
  resharing = false,
): number | undefined {
  const current = Threshold.Session.get(ctx.state);
  const refuse = (reason: string) => {
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session, gatekeeper, reason } } });
    return undefined;
  };
  if (current === undefined || current.id !== session) return refuse('not the current DKG session');
  if (current.phase.tag !== phase) return refuse(`the session is in its ${current.phase.tag} phase, not ${phase}`);
  if ((current.source.tag !== 'Dkg') !== resharing)
    return refuse(resharing ? 'the session is a DKG, not a resharing' : 'the session is a resharing, not a DKG');
  return memberIndex(current.members, gatekeeper) ?? refuse('the sender is not a member of this session');
}

/** Round 1: a member's dealing, checked as every member will check it (`dkgDealingProblem`). */
export function recordDealing(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof DealingMessage>): void {
  const member = speaker(ctx, gatekeeper, message.session, 'Dealing');
  if (member === undefined) return;
  const session = Threshold.Session.get(ctx.state) as DkgSession;
  const refuse = (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session: session.id, gatekeeper, reason } } });
  if (message.dealing.dealer !== member) return refuse(`a member deals as its own index ${member}`);
  if (Threshold.Dealings.has(ctx.state, member)) return refuse('this member already dealt');
  const problem = threshold.dkgDealingProblem({ n: session.members.length, t: session.t }, session.context, message.dealing);
  if (problem !== undefined) return refuse(`dealing refused: ${problem}`);
  Threshold.Dealings.set(ctx.state, member, message.dealing);
  ctx.emit({ tag: 'Threshold', value: { tag: 'DealingRecorded', value: { session: session.id, dealer: member } } });
}

/** A member's complaints (none: it holds a valid payload from every dealer). Only its own, once. */
export function recordReady(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof ReadyMessage>): void {
  const member = speaker(ctx, gatekeeper, message.session, 'Complaining');
  if (member === undefined) return;
  const refuse = (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session: message.session, gatekeeper, reason } } });
  if (Threshold.Ready.has(ctx.state, member)) return refuse('this member already reported');
  const dealers = new Set<number>();
  for (const complaint of message.complaints) {
    if (complaint.accuser !== member) return refuse('a member complains only as itself');
    if (complaint.dealer === member || !Threshold.Dealings.has(ctx.state, complaint.dealer) || dealers.has(complaint.dealer))
      return refuse(`a complaint must name another dealer that dealt, once (dealer ${complaint.dealer})`);
    dealers.add(complaint.dealer);
  }
  Threshold.Ready.set(ctx.state, member, message.complaints);
  ctx.emit({
    tag: 'Threshold',
    value: { tag: 'ReadyRecorded', value: { session: message.session, member, complaints: message.complaints.length } },
  });
}

/** An accused dealer's answers: the accusers' payloads in the clear, checked when the session is decided. */
export function recordJustifications(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof JustifyMessage>): void {
  const member = speaker(ctx, gatekeeper, message.session, 'Justifying');
  if (member === undefined) return;
  const refuse = (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session: message.session, gatekeeper, reason } } });
  if (Threshold.Justifications.has(ctx.state, member)) return refuse('this dealer already answered');
  if (message.justifications.some((j) => j.dealer !== member)) return refuse('a dealer answers only for itself');
  Threshold.Justifications.set(ctx.state, member, message.justifications);
  ctx.emit({
    tag: 'Threshold',
    value: {
      tag: 'JustificationsRecorded',
      value: { session: message.session, dealer: member, count: message.justifications.length },
    },
  });
}

/**
 * Under a threshold MasterKey no gatekeeper can compute a contract key: the contract's workers
 * combine t gatekeepers' answers, and publish its public keys as the contract itself — origin
 * `Contract(identityPubkey)`, signed with the contract's identity key, so the message proves its
 * sender holds the contract's secret. Every worker sends it at the contract's sequence 0; the
 * first recorded, copies are duplicates. Only on a chain whose MasterKey is shared.
 */
export function recordSelfPublishedContractKeys(
  ctx: CallContext,
  signer: Uint8Array,
  keys: Infer<typeof ContractKeysMessage>,
): void {
  const refuse = (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'ContractKeysRefused', value: { contract: keys.contract, signer, reason } } });
  if (Threshold.Group.get(ctx.state) === undefined)
    return refuse('the MasterKey is not shared: gatekeepers publish contract keys');
  if (!equalBytes(signer, keys.identityPubkey)) return refuse('the keys must be signed by the identity key they publish');
  recordContractKeys(ctx, signer, keys);
}
