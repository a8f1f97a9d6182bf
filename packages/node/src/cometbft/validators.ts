import type { StateChange, StateReader } from '@phalanx/runtime';
import type { Misbehavior, ValidatorUpdate } from 'cosmjs-types/tendermint/abci/types';

/** Misbehaviour CometBFT reports in a block, as the runtime's consensus pallet takes it. */
export interface Misbehaviour {
  readonly kind: 'DuplicateVote' | 'LightClientAttack';
  readonly validatorAddress: Uint8Array;
  readonly height: number;
  readonly totalVotingPower: bigint;
}

const ZERO_ACCOUNT = new Uint8Array(32);

/** The account that operates the proposing validator (block fees go to it). */
export function authorOf(_state: StateReader, _proposerAddress: Uint8Array): Uint8Array {
  return ZERO_ACCOUNT;
}

/** The genesis validator set from our genesis state, as CometBFT's InitChain answer. */
export function genesisValidatorUpdates(_state: StateReader): ValidatorUpdate[] {
  return [];
}

/** Whether CometBFT's genesis validators are exactly ours (same keys, same powers, any order). */
export function sameValidators(theirs: readonly ValidatorUpdate[], ours: readonly ValidatorUpdate[]): boolean {
  if (ours.length === 0) return true;
  const key = (update: ValidatorUpdate) => `${Buffer.from(update.pubKey?.ed25519 ?? []).toString('hex')}:${update.power}`;
  const mine = new Set(ours.map(key));
  return theirs.length === ours.length && theirs.every((update) => mine.has(key(update)));
}

/** The validator changes a block made, for FinalizeBlock's `validator_updates`. */
export function validatorUpdatesAfter(_state: StateReader, _changes: readonly StateChange[]): ValidatorUpdate[] {
  return [];
}

export function misbehaviourOf(reported: readonly Misbehavior[]): Misbehaviour[] {
  return reported.map((item) => ({
    kind: item.type === 1 ? 'DuplicateVote' : 'LightClientAttack',
    validatorAddress: item.validator?.address ?? new Uint8Array(),
    height: Number(item.height),
    totalVotingPower: item.totalVotingPower,
  }));
}

/** The account operating the validator with this ed25519 consensus key, if the runtime knows it. */
export function operatorOf(_state: StateReader, _consensusKey: Uint8Array): Uint8Array | undefined {
  return undefined;
}
