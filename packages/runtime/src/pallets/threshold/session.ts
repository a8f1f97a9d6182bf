import { blake2_256, equalBytes, threshold } from '@phalanx/crypto';
import { encode, fixedBytes, str, tuple, u32 } from '@phalanx/scale';
import type { HookScope } from '../../dispatch/call-context.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { Mq } from '../mq/storage.js';
import { Registry } from '../registry/storage.js';
import { failSession, nextPhase, phase } from './phases.js';
import { refreshHook } from './refresh-hook.js';
import { reshareProgress } from './reshare-session.js';
import { dkgTranscript, Threshold, thresholdParams } from './storage.js';
import { type DkgSession, type KeyGroup, type KeySource, THRESHOLD_LIMITS, type ThresholdParams } from './types.js';

const CONTEXT_DOMAIN = 'phalanx/threshold/dkg/v1';
const contextCodec = tuple(str(64), fixedBytes(32), u32);

/** The gatekeepers that can take part: listed and registered (their EcdhKey is on chain), in list order. */
function eligibleMembers(state: StateReader): Uint8Array[] {
  return Registry.Gatekeepers.getOr(state, []).filter((key) => Registry.Workers.has(state, key));
}

/** Whether the group must move to another committee: the listed gatekeepers or the parameters changed. */
function reshareNeeded(group: KeyGroup, params: ThresholdParams, next: readonly Uint8Array[]): boolean {
  if (next.length < params.n || params.t === 0) return false;
  if (group.group.t !== params.t || group.group.n !== params.n) return true;
  return next.some((key) => !group.members.some((m) => equalBytes(m, key)));
}

/**
 * Block hook of the key sessions (spec 002 "[Improvement] DKG"): the chain orders the rounds and
 * decides each outcome from what it recorded, so every gatekeeper and every worker reads one result.
 * - A DKG starts when the threshold is on, no MasterKey exists yet and `n` gatekeepers are
 *   registered (the first n listed are the members).
 * - A chain with a whole MasterKey moves it to shares once, by resharing it (source `Whole`).
 * - A shared key follows the gatekeepers: when an election or governance changes the first n
 *   listed, or t or n change, the group reshares to the new committee (source `Group`). Same
 *   MasterPubkey throughout, so no contract key changes.
 * Each phase ends when every member it waits for has spoken, or after `phaseBlocks`.
 */
export function initializeThreshold(ctx: HookScope): void {
  const params = thresholdParams(ctx.state);
  const session = Threshold.Session.get(ctx.state);
  const now = ctx.block.number;
  if (session !== undefined && session.phase.tag !== 'Completed' && session.phase.tag !== 'Failed') {
    if (session.source.tag === 'Dkg') dkgProgress(ctx, session, params.phaseBlocks);
    else reshareProgress(ctx, session, params.phaseBlocks);
    return;
  }
  const group = Threshold.Group.get(ctx.state);
  const failed = session?.phase.tag === 'Failed';
  if (failed && now < (Threshold.RetryAt.get(ctx.state) ?? 0)) return;
  // A whole-key chain with the threshold off (the dev default) reads nothing more, every block.
  if (group === undefined && params.t === 0) return;
  const members = eligibleMembers(ctx.state).slice(0, Math.min(params.n, THRESHOLD_LIMITS.maxMembers));
  if (group !== undefined) {
    if (Threshold.Refresh.get(ctx.state) === undefined && reshareNeeded(group, params, members)) {
      startSession(ctx, members, params, { tag: 'Group', value: null });
      return;
    }
    refreshHook(ctx, group);
    return;
  }
  if (members.length < params.n) return;
  const whole = Registry.MasterPubkey.get(ctx.state) !== undefined;
  startSession(ctx, members, params, whole ? { tag: 'Whole', value: null } : { tag: 'Dkg', value: null });
}

function dkgProgress(ctx: HookScope, session: DkgSession, phaseBlocks: number): void {
  const members = session.members.length;
  const indices = Array.from({ length: members }, (_, i) => i + 1);
  const dealt = indices.filter((i) => Threshold.Dealings.has(ctx.state, i));
  const due = ctx.block.number >= session.phaseEnds;
  switch (session.phase.tag) {
    case 'Dealing':
      if (due || dealt.length === members) nextPhase(ctx, session, 'Complaining', phaseBlocks);
      return;
    case 'Complaining': {
      if (!due && !dealt.every((i) => Threshold.Ready.has(ctx.state, i))) return;
      const complaints = dealt.some((i) => (Threshold.Ready.get(ctx.state, i) ?? []).length > 0);
      if (complaints) nextPhase(ctx, session, 'Justifying', phaseBlocks);
      else decide(ctx, session, phaseBlocks);
      return;
    }
    case 'Justifying': {
      const accused = new Set(indices.flatMap((i) => (Threshold.Ready.get(ctx.state, i) ?? []).map((c) => c.dealer)));
      if (due || [...accused].every((d) => Threshold.Justifications.has(ctx.state, d))) decide(ctx, session, phaseBlocks);
      return;
    }
  }
}

function startSession(ctx: HookScope, members: Uint8Array[], params: ThresholdParams, source: KeySource): void {
  const previous = Threshold.Session.get(ctx.state);
  if (previous !== undefined) clearTranscript(ctx.state);
  const id = Threshold.SessionCount.get(ctx.state) ?? 0;
  Threshold.SessionCount.set(ctx.state, id + 1);
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);
  const context = blake2_256(encode(contextCodec, [CONTEXT_DOMAIN, chainId, id]));
  const phaseEnds = ctx.block.number + params.phaseBlocks;
  Threshold.Session.set(ctx.state, { id, source, context, members, t: params.t, phase: phase('Dealing'), phaseEnds });
  Threshold.RetryAt.remove(ctx.state);
  ctx.emit({ tag: 'Threshold', value: { tag: 'DkgStarted', value: { session: id, members, t: params.t } } });
}

function clearTranscript(state: Overlay): void {
  for (let i = 0; i <= THRESHOLD_LIMITS.maxMembers; i++) {
    Threshold.Dealings.remove(state, i);
    Threshold.Ready.remove(state, i);
    Threshold.Justifications.remove(state, i);
    Threshold.ReshareDealings.remove(state, i);
    Threshold.SeedDealings.remove(state, i);
    Threshold.ReshareReady.remove(state, i);
    Threshold.ShareJustifications.remove(state, i);
    Threshold.SeedJustifications.remove(state, i);
  }
  Threshold.WholeDealer.remove(state);
}

/** The outcome, computed here exactly as each member computes it (`dkgOutcome` over the recorded transcript). */
function decide(ctx: HookScope, session: DkgSession, phaseBlocks: number): void {
  const params = { n: session.members.length, t: session.t };
  let outcome: threshold.DkgOutcome;
  try {
    outcome = threshold.dkgOutcome(params, session.context, dkgTranscript(ctx.state, session));
  } catch (error) {
    failSession(ctx, session, error, phaseBlocks);
    return;
  }
  const masterPubkey = outcome.group.commitments[0] as Uint8Array;
  Threshold.Group.set(ctx.state, { session: session.id, members: session.members, group: outcome.group });
  Threshold.Session.set(ctx.state, { ...session, phase: phase('Completed') });
  Registry.MasterPubkey.set(ctx.state, masterPubkey);
  ctx.emit({ tag: 'Registry', value: { tag: 'MasterPubkeyPublished', value: { pubkey: masterPubkey } } });
  const excluded = outcome.excluded.map((e) => ({ dealer: e.dealer, reason: e.reason.slice(0, 256) }));
  ctx.emit({
    tag: 'Threshold',
    value: { tag: 'DkgCompleted', value: { session: session.id, masterPubkey, qualified: outcome.qualified, excluded } },
  });
}
