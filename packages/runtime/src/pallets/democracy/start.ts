import type { CallContext } from '../../dispatch/context.js';
import { releaseHeld } from './release.js';
import { Democracy } from './storage.js';
import { DEMOCRACY_LIMITS, EXTERNAL_PROPOSAL, type PublicProposal, type VoteThreshold } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/** Whether another referendum may start (a full set of running referenda makes launches wait). */
export function roomForReferendum(ctx: Pick<Ctx, 'state'>): boolean {
  return Democracy.Ongoing.getOr(ctx.state, []).length < DEMOCRACY_LIMITS.maxOngoing;
}

/** Starts a referendum on `call` ending at `end`; returns its index. The caller checked `roomForReferendum`. */
export function startReferendum(
  ctx: Ctx,
  args: { proposal: number; call: Uint8Array; threshold: VoteThreshold; end: number },
): number {
  const referendum = Democracy.ReferendumCount.getOr(ctx.state, 0);
  Democracy.ReferendumCount.set(ctx.state, referendum + 1);
  const { proposal, call, threshold, end } = args;
  Democracy.ReferendumInfoOf.set(ctx.state, referendum, {
    tag: 'Ongoing',
    value: { end, proposal, call, threshold, tally: { ayes: 0n, nays: 0n, turnout: 0n } },
  });
  Democracy.Ongoing.set(ctx.state, [...Democracy.Ongoing.getOr(ctx.state, []), referendum]);
  ctx.emit({ tag: 'Democracy', value: { tag: 'Started', value: { referendum, proposal, end, threshold } } });
  return referendum;
}

/** A public proposal becomes a referendum (super-majority approve); its deposits are returned. */
export function tablePublic(ctx: Ctx, chosen: PublicProposal, end: number): number {
  const props = Democracy.PublicProps.getOr(ctx.state, []);
  Democracy.PublicProps.set(
    ctx.state,
    props.filter((p) => p.index !== chosen.index),
  );
  for (const who of [chosen.proposer, ...chosen.seconders]) releaseHeld(ctx, who, chosen.deposit);
  const threshold = { tag: 'SuperMajorityApprove', value: null } as const;
  return startReferendum(ctx, { proposal: chosen.index, call: chosen.call, threshold, end });
}

/** The council's external proposal becomes a referendum at its threshold, or undefined if none waits. */
export function tableExternal(ctx: Ctx, end: number): number | undefined {
  const external = Democracy.NextExternal.get(ctx.state);
  if (external === undefined) return undefined;
  Democracy.NextExternal.remove(ctx.state);
  return startReferendum(ctx, { proposal: EXTERNAL_PROPOSAL, call: external.call, threshold: external.threshold, end });
}
