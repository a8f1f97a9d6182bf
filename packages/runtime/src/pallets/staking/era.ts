import type { CallContext } from '../../dispatch/context.js';
import type { Overlay } from '../../state/overlay.js';
import { applyGatekeeperSet, eligibleGatekeepers } from './apply-gatekeepers.js';
import { applyValidatorSet } from './apply-validators.js';
import { elect } from './election.js';
import { currentEra, stakingParams } from './ledger.js';
import { payoutStep, startPayout } from './payout.js';
import { takeSnapshot } from './snapshot.js';
import { Staking } from './storage.js';
import { type SnapshotVoter, STAKING_LIMITS, type StakingParams } from './types.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * The block before an era boundary: the voter snapshot is complete, and the validator and
 * gatekeeper elections for `era` run (each sequential Phragmén over its own candidates), their
 * exposures stored under `era`. Doing this one block early halves the boundary block's work; the
 * boundary applies the result. Nothing here changes who validates yet.
 */
export function prepareElection(ctx: Ctx, era: number): void {
  const params = stakingParams(ctx.state);
  const voters = takeSnapshot(ctx.state);
  electValidators(ctx, era, params, voters);
  electGatekeepers(ctx, era, params, voters);
  Staking.ElectionPrepared.set(ctx.state, era);
}

/**
 * The era boundary (block initialisation): the ending era's reward starts being paid (any older
 * payout still under way is finished first), the new era begins, and the prepared election (run
 * now if it was not) becomes the CometBFT validator set and `Registry.Gatekeepers`.
 */
export function startEra(ctx: Ctx, now: number): void {
  const params = stakingParams(ctx.state);
  const ending = currentEra(ctx.state);
  payoutStep(ctx, Number.MAX_SAFE_INTEGER);
  startPayout(ctx.state, ending, params.eraReward);
  const era = ending + 1;
  Staking.CurrentEra.set(ctx.state, era);
  Staking.EraStart.set(ctx.state, now);
  Staking.ErasStart.set(ctx.state, era, now);
  prune(ctx.state, era - STAKING_LIMITS.historyDepth - 1);
  ctx.emit({ tag: 'Staking', value: { tag: 'EraStarted', value: { era } } });
  if (Staking.ElectionPrepared.get(ctx.state) !== era) prepareElection(ctx, era);
  Staking.ElectionPrepared.remove(ctx.state);
  applyValidators(ctx, era, params);
  applyGatekeepers(ctx, era);
}

function applyValidators(ctx: Ctx, era: number, params: StakingParams): void {
  if (params.validatorCount === 0) return;
  const elected = Staking.ErasValidators.get(ctx.state, era);
  if (elected === undefined) {
    carryOver(ctx.state, era);
    return;
  }
  const records = elected.map((v) => ({ ...v, backing: Staking.ErasStakers.get(ctx.state, [era, v.stash])?.total ?? 0n }));
  applyValidatorSet(ctx, records, params.powerUnit);
  ctx.emit({
    tag: 'Staking',
    value: {
      tag: 'ValidatorsElected',
      value: { era, elected: records.map((r) => [r.stash, r.backing] as [Uint8Array, bigint]) },
    },
  });
}

function applyGatekeepers(ctx: Ctx, era: number): void {
  const elected = Staking.ErasGatekeepers.get(ctx.state, era);
  if (elected === undefined) return;
  applyGatekeeperSet(
    ctx,
    elected.map((g) => g.identity),
  );
  const backing = (stash: Uint8Array) => Staking.ErasGatekeeperStakers.get(ctx.state, [era, stash])?.total ?? 0n;
  ctx.emit({
    tag: 'Staking',
    value: {
      tag: 'GatekeepersElected',
      value: { era, elected: elected.map((g) => [g.stash, backing(g.stash)] as [Uint8Array, bigint]) },
    },
  });
}

function skipped(ctx: Ctx, era: number, kind: string, candidates: number, needed: number): void {
  ctx.emit({ tag: 'Staking', value: { tag: 'ElectionSkipped', value: { era, kind, candidates, needed } } });
}

function electValidators(ctx: Ctx, era: number, params: StakingParams, voters: readonly SnapshotVoter[]): void {
  if (params.validatorCount === 0) return;
  const candidates = Staking.ValidatorList.getOr(ctx.state, []);
  const elected = candidates.length < params.validatorCount ? [] : elect(ctx.state, params.validatorCount, candidates, voters);
  if (elected.length === 0) {
    skipped(ctx, era, 'validators', candidates.length, params.validatorCount);
    return;
  }
  const records = elected.map(({ stash, exposure }) => {
    const prefs = Staking.Validators.get(ctx.state, stash);
    Staking.ErasStakers.set(ctx.state, [era, stash], exposure);
    return { stash, consensusKey: prefs?.consensusKey as Uint8Array, commission: prefs?.commission ?? 0 };
  });
  Staking.ErasValidators.set(ctx.state, era, records);
}

/** An era without a validator election keeps the set, and with it the previous era's exposures. */
function carryOver(state: Overlay, era: number): void {
  const previous = Staking.ErasValidators.get(state, era - 1);
  if (previous === undefined) return;
  Staking.ErasValidators.set(state, era, previous);
  for (const v of previous) {
    const exposure = Staking.ErasStakers.get(state, [era - 1, v.stash]);
    if (exposure !== undefined) Staking.ErasStakers.set(state, [era, v.stash], exposure);
  }
}

function electGatekeepers(ctx: Ctx, era: number, params: StakingParams, voters: readonly SnapshotVoter[]): void {
  if (params.gatekeeperCount === 0) return;
  const candidates = eligibleGatekeepers(ctx.state);
  const elected = candidates.length < params.gatekeeperCount ? [] : elect(ctx.state, params.gatekeeperCount, candidates, voters);
  if (elected.length === 0) {
    skipped(ctx, era, 'gatekeepers', candidates.length, params.gatekeeperCount);
    return;
  }
  const records = elected.map(({ stash, exposure }) => {
    Staking.ErasGatekeeperStakers.set(ctx.state, [era, stash], exposure);
    return { stash, identity: Staking.Gatekeepers.get(ctx.state, stash) as Uint8Array };
  });
  Staking.ErasGatekeepers.set(ctx.state, era, records);
}

/** Drops what staking kept of an era that left the history. */
function prune(state: Overlay, era: number): void {
  if (era < 0) return;
  Staking.ErasStart.remove(state, era);
  for (const v of Staking.ErasValidators.get(state, era) ?? []) Staking.ErasStakers.remove(state, [era, v.stash]);
  Staking.ErasValidators.remove(state, era);
  for (const g of Staking.ErasGatekeepers.get(state, era) ?? []) Staking.ErasGatekeeperStakers.remove(state, [era, g.stash]);
  Staking.ErasGatekeepers.remove(state, era);
}
