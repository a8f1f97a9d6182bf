import type { HookScope } from '../../dispatch/call-context.js';
import { Threshold } from './storage.js';
import type { DkgPhase, DkgSession } from './types.js';

export const phase = (tag: DkgPhase['tag']): DkgPhase => ({ tag, value: null }) as DkgPhase;

export function nextPhase(ctx: HookScope, session: DkgSession, tag: DkgPhase['tag'], phaseBlocks: number): void {
  Threshold.Session.set(ctx.state, { ...session, phase: phase(tag), phaseEnds: ctx.block.number + phaseBlocks });
}

/** A session without an outcome: a new one starts `phaseBlocks` later. */
export function failSession(ctx: HookScope, session: DkgSession, error: unknown, phaseBlocks: number): void {
  const reason = (error instanceof Error ? error.message : 'the session has no outcome').slice(0, 256);
  const retryAt = ctx.block.number + phaseBlocks;
  Threshold.Session.set(ctx.state, { ...session, phase: phase('Failed') });
  Threshold.RetryAt.set(ctx.state, retryAt);
  ctx.emit({ tag: 'Threshold', value: { tag: 'DkgFailed', value: { session: session.id, reason, retryAt } } });
}
