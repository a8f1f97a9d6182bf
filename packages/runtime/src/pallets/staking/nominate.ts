import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { fail, loadLedger, stakingParams } from './ledger.js';
import { setNomination } from './nominator-list.js';
import { removeGatekeeperCandidate, removeValidatorCandidate } from './roles.js';
import { Staking } from './storage.js';

/** The typed error for targets a nomination cannot have, or undefined. */
export function targetsProblem(state: StateReader, targets: readonly Uint8Array[]) {
  if (targets.length === 0) return fail('NoTargets', 'nominate at least one candidate');
  for (const [i, target] of targets.entries()) {
    if (targets.slice(0, i).some((t) => equalBytes(t, target))) return fail('DuplicateTarget', `target ${i} is listed twice`);
    if (!Staking.Validators.has(state, target) && !Staking.Gatekeepers.has(state, target)) {
      return fail('NotACandidate', `target ${i} is no validator or gatekeeper candidate`);
    }
  }
  return undefined;
}

/**
 * Nominates up to 16 candidates (validators, gatekeepers or both: each election counts the targets
 * among its own candidates). The caller's whole active bond backs them from the next election on.
 */
export function nominate(ctx: CallContext, args: { targets: Uint8Array[] }): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  const min = stakingParams(ctx.state).minNominatorBond;
  if (ledger.active < min) throw fail('InsufficientBond', `a nominator needs at least ${min} active bond`);
  const problem = targetsProblem(ctx.state, args.targets);
  if (problem !== undefined) throw problem;
  removeValidatorCandidate(ctx.state, who);
  removeGatekeeperCandidate(ctx.state, who);
  setNomination(ctx.state, who, args.targets);
  ctx.emit({ tag: 'Staking', value: { tag: 'Nominated', value: { who, targets: args.targets } } });
}
