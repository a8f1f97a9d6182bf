import { threshold } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { HookScope } from '../../dispatch/call-context.js';
import { Registry } from '../registry/storage.js';
import { failSession, nextPhase, phase } from './phases.js';
import { reshareSource, reshareTranscripts, Threshold } from './storage.js';
import type { DkgSession } from './types.js';

/** The old holders' dealer indices a resharing waits for: 0 (the whole key's holder) or 1..n_old. */
function shareDealers(session: DkgSession, oldMembers: number): number[] {
  return session.source.tag === 'Whole' ? [0] : Array.from({ length: oldMembers }, (_, i) => i + 1);
}

/**
 * Phases of a resharing: Dealing (old holders deal their shares, the new committee its seed
 * commitments; each sends the new members their payloads) until all dealt; Complaining until
 * every new member reported; Justifying until every accused dealer answered; each at most
 * `phaseBlocks`. Then `reshareOutcome` decides the new group from the recorded dealings.
 */
export function reshareProgress(ctx: HookScope, session: DkgSession, phaseBlocks: number): void {
  const oldMembers = Threshold.Group.get(ctx.state)?.members.length ?? 0;
  const dealers = shareDealers(session, oldMembers);
  const members = Array.from({ length: session.members.length }, (_, i) => i + 1);
  const seedDealt = members.filter((i) => Threshold.SeedDealings.has(ctx.state, i));
  const due = ctx.block.number >= session.phaseEnds;
  const ready = members.map((i) => Threshold.ReshareReady.get(ctx.state, i));
  switch (session.phase.tag) {
    case 'Dealing':
      if (due || (dealers.every((d) => Threshold.ReshareDealings.has(ctx.state, d)) && seedDealt.length === members.length))
        nextPhase(ctx, session, 'Complaining', phaseBlocks);
      return;
    case 'Complaining': {
      if (!due && !seedDealt.every((i) => Threshold.ReshareReady.has(ctx.state, i))) return;
      const complaints = ready.some((r) => r !== undefined && r.shares.length + r.seeds.length > 0);
      if (complaints) nextPhase(ctx, session, 'Justifying', phaseBlocks);
      else decideReshare(ctx, session, phaseBlocks);
      return;
    }
    case 'Justifying': {
      const accusedShares = new Set(ready.flatMap((r) => r?.shares.map((c) => c.dealer) ?? []));
      const accusedSeeds = new Set(ready.flatMap((r) => r?.seeds.map((c) => c.dealer) ?? []));
      const answered =
        [...accusedShares].every((d) => Threshold.ShareJustifications.has(ctx.state, d)) &&
        [...accusedSeeds].every((d) => Threshold.SeedJustifications.has(ctx.state, d));
      if (due || answered) decideReshare(ctx, session, phaseBlocks);
      return;
    }
  }
}

function decideReshare(ctx: HookScope, session: DkgSession, phaseBlocks: number): void {
  const old = Threshold.Group.get(ctx.state);
  const source = reshareSource(ctx.state, session);
  const master = Registry.MasterPubkey.get(ctx.state);
  let outcome: threshold.ReshareOutcome;
  try {
    if (source === undefined || master === undefined)
      throw new PhalanxError('INVALID_INPUT', 'the key to reshare is gone (no MasterPubkey or group)');
    const to = { n: session.members.length, t: session.t };
    const { shares } = reshareTranscripts(ctx.state, session, old?.members.length ?? 0);
    outcome = threshold.reshareOutcome(source, to, session.context, shares);
  } catch (error) {
    failSession(ctx, session, error, phaseBlocks);
    return;
  }
  Threshold.Group.set(ctx.state, { session: session.id, members: session.members, group: outcome.group });
  Threshold.Session.set(ctx.state, { ...session, phase: phase('Completed') });
  const excluded = outcome.excluded.map((e) => ({ dealer: e.dealer, reason: e.reason.slice(0, 256) }));
  const qualified = outcome.used.map((u) => u.dealer);
  ctx.emit({
    tag: 'Threshold',
    value: { tag: 'DkgCompleted', value: { session: session.id, masterPubkey: master as Uint8Array, qualified, excluded } },
  });
}
