import { Consensus, type GenesisValidator, type StateChange, type StateReader, validatorUpdatesOf } from '@phalanx/runtime';
import type { Misbehavior, ValidatorUpdate } from 'cosmjs-types/tendermint/abci/types';
import { MisbehaviorType } from 'cosmjs-types/tendermint/abci/types';

/** Misbehaviour CometBFT reports in a block, as the runtime's consensus pallet takes it. */
export interface Misbehaviour {
  readonly kind: 'DuplicateVote' | 'LightClientAttack';
  readonly validatorAddress: Uint8Array;
  readonly height: number;
  readonly totalVotingPower: bigint;
}

/** Fees of a block proposed by a validator the runtime does not know (none today) go nowhere. */
const NO_ACCOUNT = new Uint8Array(32);

/** The account that operates the validator with this ed25519 consensus key, if the runtime knows it. */
export function operatorOf(state: StateReader, consensusKey: Uint8Array): Uint8Array | undefined {
  return Consensus.Validators.get(state, consensusKey)?.operator;
}

/** The account that operates the proposing validator: block fees go to it. */
export function authorOf(state: StateReader, proposerAddress: Uint8Array): Uint8Array {
  const key = proposerAddress.length === 20 ? Consensus.ValidatorByAddress.get(state, proposerAddress) : undefined;
  return (key === undefined ? undefined : operatorOf(state, key)) ?? NO_ACCOUNT;
}

const toUpdate = (consensusKey: Uint8Array, power: bigint): ValidatorUpdate => ({ pubKey: { ed25519: consensusKey }, power });

/** Our genesis validator set, as CometBFT's InitChain answer. */
export function genesisValidatorUpdates(validators: readonly GenesisValidator[]): ValidatorUpdate[] {
  return validators.map((validator) => toUpdate(validator.consensusKey, validator.power));
}

/** Whether CometBFT's genesis validators are exactly ours (same keys, same powers, any order). */
export function sameValidators(theirs: readonly ValidatorUpdate[], ours: readonly ValidatorUpdate[]): boolean {
  const key = (update: ValidatorUpdate) => `${Buffer.from(update.pubKey?.ed25519 ?? []).toString('hex')}:${update.power}`;
  const mine = new Set(ours.map(key));
  return theirs.length === ours.length && theirs.every((update) => mine.has(key(update)));
}

/** The validator changes a block made (its `Consensus.ValidatorUpdates`), for FinalizeBlock's `validator_updates`. */
export function validatorUpdatesAfter(before: StateReader, changes: readonly StateChange[]): ValidatorUpdate[] {
  const changed = new Map(changes.map(([key, value]) => [Buffer.from(key).toString('hex'), value]));
  const after: StateReader = {
    get: (key) => {
      const id = Buffer.from(key).toString('hex');
      return changed.has(id) ? changed.get(id) : before.get(key);
    },
  };
  return validatorUpdatesOf(after).map(([key, power]) => toUpdate(key, power));
}

export function misbehaviourOf(reported: readonly Misbehavior[]): Misbehaviour[] {
  return reported.map((item) => ({
    kind: item.type === MisbehaviorType.DUPLICATE_VOTE ? 'DuplicateVote' : 'LightClientAttack',
    validatorAddress: item.validator?.address ?? new Uint8Array(),
    height: Number(item.height),
    totalVotingPower: item.totalVotingPower,
  }));
}
