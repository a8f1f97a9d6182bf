import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import type { Overlay } from '../../state/overlay.js';
import { loadLedger } from './ledger.js';
import { removeNomination } from './nominator-list.js';
import { Staking } from './storage.js';

/** Ends `who`'s validator candidacy (its key is free again). */
export function removeValidatorCandidate(state: Overlay, who: Uint8Array): void {
  const prefs = Staking.Validators.get(state, who);
  if (prefs === undefined) return;
  Staking.KeyOwner.remove(state, prefs.consensusKey);
  Staking.Validators.remove(state, who);
  const list = Staking.ValidatorList.getOr(state, []).filter((a) => !equalBytes(a, who));
  Staking.ValidatorList.set(state, list);
}

/** Ends `who`'s gatekeeper candidacy. */
export function removeGatekeeperCandidate(state: Overlay, who: Uint8Array): void {
  const identity = Staking.Gatekeepers.get(state, who);
  if (identity === undefined) return;
  Staking.IdentityOwner.remove(state, identity);
  Staking.Gatekeepers.remove(state, who);
  const list = Staking.GatekeeperList.getOr(state, []).filter((a) => !equalBytes(a, who));
  Staking.GatekeeperList.set(state, list);
}

/** Ends every role of `who` (candidacies and nomination); the bond stays. */
export function clearRoles(state: Overlay, who: Uint8Array): void {
  removeValidatorCandidate(state, who);
  removeGatekeeperCandidate(state, who);
  removeNomination(state, who);
}

/** Ends the caller's candidacy or nomination from the next election on (elected sets keep it this era). */
export function chill(ctx: CallContext): void {
  const who = ensureSigned(ctx.origin);
  loadLedger(ctx.state, who);
  clearRoles(ctx.state, who);
  ctx.emit({ tag: 'Staking', value: { tag: 'Chilled', value: { who } } });
}
