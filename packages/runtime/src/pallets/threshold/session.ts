import { blake2_256, threshold } from '@phalanx/crypto';
import { encode, fixedBytes, str, tuple, u32 } from '@phalanx/scale';
import type { HookScope } from '../../dispatch/call-context.js';
import type { Overlay, StateReader } from '../../state/overlay.js';
import { Mq } from '../mq/storage.js';
import { Registry } from '../registry/storage.js';
import { refreshHook } from './refresh-hook.js';
import { dkgTranscript, Threshold, thresholdParams } from './storage.js';
import type { DkgPhase, DkgSession } from './types.js';

const CONTEXT_DOMAIN = 'phalanx/threshold/dkg/v1';
const contextCodec = tuple(str(64), fixedBytes(32), u32);
const phase = (tag: DkgPhase['tag']): DkgPhase => ({ tag, value: null }) as DkgPhase;

/** The gatekeepers that can take part: listed and registered (their EcdhKey is on chain), in list order. */
function eligibleMembers(state: StateReader): Uint8Array[] {
  return Registry.Gatekeepers.getOr(state, []).filter((key) => Registry.Workers.has(state, key));
}

/**
 * Block hook of the DKG (spec 002 "[Improvement] DKG"): the chain orders the rounds and decides
 * the outcome from what it recorded, so every gatekeeper and every worker reads one result.
 * A session starts when the threshold is on, no MasterKey exists yet (a chain with a whole
 * MasterKey moves to shares by resharing instead) and `n` gatekeepers are registered (the first
 * n listed are the members).
 * Each phase ends when every member it waits for has spoken, or after `phaseBlocks`.
 */
export function initializeThreshold(ctx: HookScope): void {
  const params = thresholdParams(ctx.state);
  const session = Threshold.Session.get(ctx.state);
  const now = ctx.block.number;
  if (session === undefined || session.phase.tag === 'Failed') {
    if (params.t === 0 || Threshold.Group.get(ctx.state) !== undefined) return;
    if (Registry.MasterPubkey.get(ctx.state) !== undefined) return;
    if (now < (Threshold.RetryAt.get(ctx.state) ?? 0)) return;
    const members = eligibleMembers(ctx.state);
    if (members.length < params.n) return;
    startSession(ctx, members.slice(0, params.n), params.t, params.phaseBlocks);
    return;
  }
  if (session.phase.tag === 'Completed') {
    const group = Threshold.Group.get(ctx.state);
    if (group !== undefined) refreshHook(ctx, group);
    return;
  }
  const members = session.members.length;
  const indices = Array.from({ length: members }, (_, i) => i + 1);
  const dealt = indices.filter((i) => Threshold.Dealings.has(ctx.state, i));
  const due = now >= session.phaseEnds;
  const next = (tag: DkgPhase['tag']) =>
    Threshold.Session.set(ctx.state, { ...session, phase: phase(tag), phaseEnds: now + params.phaseBlocks });
  switch (session.phase.tag) {
    case 'Dealing':
      if (due || dealt.length === members) next('Complaining');
      return;
    case 'Complaining': {
      if (!due && !dealt.every((i) => Threshold.Ready.has(ctx.state, i))) return;
      const complaints = dealt.some((i) => (Threshold.Ready.get(ctx.state, i) ?? []).length > 0);
      if (complaints) next('Justifying');
      else decide(ctx, session, params.phaseBlocks);
      return;
    }
    case 'Justifying': {
      const accused = new Set(indices.flatMap((i) => (Threshold.Ready.get(ctx.state, i) ?? []).map((c) => c.dealer)));
      if (due || [...accused].every((d) => Threshold.Justifications.has(ctx.state, d))) decide(ctx, session, params.phaseBlocks);
      return;
    }
  }
}

function startSession(ctx: HookScope, members: Uint8Array[], t: number, phaseBlocks: number): void {
  const previous = Threshold.Session.get(ctx.state);
  if (previous !== undefined) clearTranscript(ctx.state, previous);
  const id = Threshold.SessionCount.get(ctx.state) ?? 0;
  Threshold.SessionCount.set(ctx.state, id + 1);
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);
  const context = blake2_256(encode(contextCodec, [CONTEXT_DOMAIN, chainId, id]));
  Threshold.Session.set(ctx.state, {
    id,
    context,
    members,
    t,
    phase: phase('Dealing'),
    phaseEnds: ctx.block.number + phaseBlocks,
  });
  Threshold.RetryAt.remove(ctx.state);
  ctx.emit({ tag: 'Threshold', value: { tag: 'DkgStarted', value: { session: id, members, t } } });
}

function clearTranscript(state: Overlay, session: DkgSession): void {
  for (let i = 1; i <= session.members.length; i++) {
    Threshold.Dealings.remove(state, i);
    Threshold.Ready.remove(state, i);
    Threshold.Justifications.remove(state, i);
  }
}

/** The outcome, computed here exactly as each member computes it (`dkgOutcome` over the recorded transcript). */
function decide(ctx: HookScope, session: DkgSession, phaseBlocks: number): void {
  const params = { n: session.members.length, t: session.t };
  let outcome: threshold.DkgOutcome;
  try {
    outcome = threshold.dkgOutcome(params, session.context, dkgTranscript(ctx.state, session));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : 'the DKG has no outcome').slice(0, 256);
    const retryAt = ctx.block.number + phaseBlocks;
    Threshold.Session.set(ctx.state, { ...session, phase: phase('Failed') });
    Threshold.RetryAt.set(ctx.state, retryAt);
    ctx.emit({ tag: 'Threshold', value: { tag: 'DkgFailed', value: { session: session.id, reason, retryAt } } });
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
