import { equalBytes, threshold } from '@phalanx/crypto';
import type { Infer } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { Registry } from '../registry/storage.js';
import { speaker } from './messages.js';
import { memberIndex, reshareSource, Threshold } from './storage.js';
import type {
  DkgSession,
  ReshareDealingMessage,
  ReshareJustifyMessage,
  ReshareReadyMessage,
  SeedDealingMessage,
} from './types.js';

function refuser(ctx: CallContext, session: number, gatekeeper: Uint8Array) {
  return (reason: string) =>
    ctx.emit({ tag: 'Threshold', value: { tag: 'MessageRefused', value: { session, gatekeeper, reason } } });
}

/**
 * Which old dealer `gatekeeper` is in the resharing: 0 when the whole key is resharing (any listed
 * gatekeeper holds it; the first recorded dealing wins), else its index in the current group.
 */
function dealerIndex(ctx: CallContext, session: DkgSession, gatekeeper: Uint8Array): number | undefined {
  if (session.source.tag === 'Whole') {
    const recorded = Threshold.WholeDealer.get(ctx.state);
    if (recorded !== undefined) return equalBytes(recorded, gatekeeper) ? 0 : undefined;
    return Registry.Gatekeepers.getOr(ctx.state, []).some((g) => equalBytes(g, gatekeeper)) ? 0 : undefined;
  }
  const group = Threshold.Group.get(ctx.state);
  return group === undefined ? undefined : memberIndex(group.members, gatekeeper);
}

function current(ctx: CallContext, id: number, phase: DkgSession['phase']['tag']): DkgSession | undefined {
  const session = Threshold.Session.get(ctx.state);
  return session !== undefined && session.id === id && session.phase.tag === phase && session.source.tag !== 'Dkg'
    ? session
    : undefined;
}

/** An old holder's dealing of what it holds (checked: its constant term is that key or share). */
export function recordReshareDealing(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof ReshareDealingMessage>) {
  const refuse = refuser(ctx, message.session, gatekeeper);
  const session = current(ctx, message.session, 'Dealing');
  if (session === undefined) return refuse('not the current resharing, or not its dealing phase');
  const dealer = dealerIndex(ctx, session, gatekeeper);
  if (dealer === undefined || dealer !== message.dealing.dealer) return refuse('the sender does not hold that key or share');
  if (Threshold.ReshareDealings.has(ctx.state, dealer)) return refuse('this dealer already dealt');
  const source = reshareSource(ctx.state, session);
  const to = { n: session.members.length, t: session.t };
  const problem = source === undefined ? 'nothing to reshare' : threshold.reshareDealingProblem(source, to, message.dealing);
  if (problem !== undefined) return refuse(`dealing refused: ${problem}`);
  Threshold.ReshareDealings.set(ctx.state, dealer, message.dealing);
  if (session.source.tag === 'Whole') Threshold.WholeDealer.set(ctx.state, gatekeeper);
  ctx.emit({ tag: 'Threshold', value: { tag: 'DealingRecorded', value: { session: session.id, dealer } } });
}

/** A new member's seed-exchange commitments: one per zero-sharing set it belongs to. */
export function recordSeedDealing(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof SeedDealingMessage>) {
  const refuse = refuser(ctx, message.session, gatekeeper);
  const member = speaker(ctx, gatekeeper, message.session, 'Dealing', true);
  if (member === undefined) return;
  const session = Threshold.Session.get(ctx.state) as DkgSession;
  if (message.dealing.dealer !== member) return refuse(`a member deals as its own index ${member}`);
  if (Threshold.SeedDealings.has(ctx.state, member)) return refuse('this member already dealt');
  const sets = threshold.setsContaining({ n: session.members.length, t: session.t }, member).length;
  if (message.dealing.commitments.length !== sets) return refuse(`needs ${sets} seed commitments`);
  Threshold.SeedDealings.set(ctx.state, member, message.dealing);
}

/** A new member's complaints about share dealers and seed dealers (its own, once). */
export function recordReshareReady(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof ReshareReadyMessage>) {
  const refuse = refuser(ctx, message.session, gatekeeper);
  const member = speaker(ctx, gatekeeper, message.session, 'Complaining', true);
  if (member === undefined) return;
  if (Threshold.ReshareReady.has(ctx.state, member)) return refuse('this member already reported');
  const { shares, seeds } = message.complaints;
  const once = (list: readonly threshold.Complaint[], recorded: (dealer: number) => boolean, self: boolean) => {
    const seen = new Set<number>();
    return list.every((c) => {
      const ok = c.accuser === member && recorded(c.dealer) && !seen.has(c.dealer) && (!self || c.dealer !== member);
      seen.add(c.dealer);
      return ok;
    });
  };
  if (!once(shares, (d) => Threshold.ReshareDealings.has(ctx.state, d), false))
    return refuse('a share complaint must be its own, once, about a dealer that dealt');
  if (!once(seeds, (d) => Threshold.SeedDealings.has(ctx.state, d), true))
    return refuse('a seed complaint must be its own, once, about another member that dealt');
  Threshold.ReshareReady.set(ctx.state, member, message.complaints);
  ctx.emit({
    tag: 'Threshold',
    value: { tag: 'ReadyRecorded', value: { session: message.session, member, complaints: shares.length + seeds.length } },
  });
}

/** Accused dealers' answers: an old holder for its share dealing, a new member for its seeds. */
export function recordReshareJustify(ctx: CallContext, gatekeeper: Uint8Array, message: Infer<typeof ReshareJustifyMessage>) {
  const refuse = refuser(ctx, message.session, gatekeeper);
  const session = current(ctx, message.session, 'Justifying');
  if (session === undefined) return refuse('not the current resharing, or not its justifying phase');
  if (message.shares.length > 0) {
    const dealer = dealerIndex(ctx, session, gatekeeper);
    if (dealer === undefined || message.shares.some((j) => j.dealer !== dealer))
      return refuse('a dealer answers only for itself');
    if (Threshold.ShareJustifications.has(ctx.state, dealer)) return refuse('this dealer already answered');
    Threshold.ShareJustifications.set(ctx.state, dealer, message.shares);
  }
  if (message.seeds.length > 0) {
    const member = memberIndex(session.members, gatekeeper);
    if (member === undefined || message.seeds.some((j) => j.dealer !== member)) return refuse('a member answers only for itself');
    if (Threshold.SeedJustifications.has(ctx.state, member)) return refuse('this member already answered');
    Threshold.SeedJustifications.set(ctx.state, member, message.seeds);
  }
}
