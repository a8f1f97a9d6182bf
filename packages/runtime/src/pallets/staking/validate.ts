import { equalBytes, isEd25519PublicKey } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import type { Overlay } from '../../state/overlay.js';
import { Consensus } from '../consensus/storage.js';
import { fail, loadLedger, stakingParams } from './ledger.js';
import { removeNomination } from './nominator-list.js';
import { removeGatekeeperCandidate } from './roles.js';
import { Staking } from './storage.js';
import { STAKING_LIMITS } from './types.js';

/** Why `who` cannot be a validator candidate with this key and commission, or undefined. */
export function validateProblem(state: Overlay, who: Uint8Array, consensusKey: Uint8Array, commission: number) {
  if (commission > STAKING_LIMITS.ppm)
    return fail('InvalidCommission', `commission is in parts per million: at most ${STAKING_LIMITS.ppm}`);
  if (!isEd25519PublicKey(consensusKey)) {
    return fail('InvalidConsensusKey', 'the consensus key is not a valid ed25519 public key (a prime-order curve point)');
  }
  const owner = Staking.KeyOwner.get(state, consensusKey);
  if (owner !== undefined && !equalBytes(owner, who)) return fail('KeyInUse', 'another candidate uses this consensus key');
  const validator = Consensus.Validators.get(state, consensusKey);
  if (validator !== undefined && !equalBytes(validator.operator, who)) {
    return fail('KeyInUse', "this consensus key is another operator's validator");
  }
  if (
    !Staking.Validators.has(state, who) &&
    Staking.ValidatorList.getOr(state, []).length >= STAKING_LIMITS.maxValidatorCandidates
  ) {
    return fail('TooManyCandidates', `at most ${STAKING_LIMITS.maxValidatorCandidates} validator candidates`);
  }
  return undefined;
}

/** Records `who` as a validator candidate (replacing its nomination or gatekeeper candidacy). */
export function setValidatorCandidate(state: Overlay, who: Uint8Array, consensusKey: Uint8Array, commission: number): void {
  removeNomination(state, who);
  removeGatekeeperCandidate(state, who);
  const previous = Staking.Validators.get(state, who);
  if (previous === undefined) Staking.ValidatorList.set(state, [...Staking.ValidatorList.getOr(state, []), who]);
  else Staking.KeyOwner.remove(state, previous.consensusKey);
  Staking.Validators.set(state, who, { consensusKey, commission });
  Staking.KeyOwner.set(state, consensusKey, who);
}

/**
 * Validator candidacy: the caller's active bond (at least `minValidatorBond`) votes for itself in
 * the next elections, with `consensusKey` as the key CometBFT will know. Calling again changes key
 * or commission (an elected validator keeps its old key until the next election).
 */
export function validate(ctx: CallContext, args: { consensusKey: Uint8Array; commission: number }): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  const min = stakingParams(ctx.state).minValidatorBond;
  if (ledger.active < min) throw fail('InsufficientBond', `a validator candidate needs at least ${min} active bond`);
  const problem = validateProblem(ctx.state, who, args.consensusKey, args.commission);
  if (problem !== undefined) throw problem;
  setValidatorCandidate(ctx.state, who, args.consensusKey, args.commission);
  ctx.emit({ tag: 'Staking', value: { tag: 'ValidatorCandidate', value: { who, ...args } } });
}
