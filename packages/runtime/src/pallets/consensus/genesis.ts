import { isEd25519PublicKey, isSr25519PublicKey } from '@phalanx/crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { validatorAddress } from './address.js';
import { Consensus } from './storage.js';
import { MAX_TOTAL_VOTING_POWER, MAX_VALIDATORS } from './types.js';

/** A CometBFT validator at genesis. */
export interface GenesisValidator {
  /** ed25519 public key (CometBFT's `priv_validator_key.json`). */
  readonly consensusKey: Uint8Array;
  /** Voting power, 1 ..= `MAX_TOTAL_VOTING_POWER`. */
  readonly power: bigint;
  /** The account that operates it. */
  readonly operator: Uint8Array;
  /** Its sr25519 VRF public key (vote extensions, randomness); absent: it contributes none. */
  readonly vrfKey?: Uint8Array | undefined;
}

/**
 * Writes the genesis validator set (nothing for none, so a chain without validators keeps its
 * state). Refuses a bad key, a power out of range, a key listed twice, more than `MAX_VALIDATORS`
 * and a total power above `MAX_TOTAL_VOTING_POWER`. No `ValidatorUpdates`: CometBFT takes the
 * genesis set from its own genesis (InitChain).
 */
export function buildConsensusGenesis(state: Overlay, validators: readonly GenesisValidator[]): void {
  if (!Array.isArray(validators)) throw new PhalanxError('INVALID_INPUT', 'genesis validators must be an array');
  if (validators.length > MAX_VALIDATORS) {
    throw new PhalanxError('INVALID_INPUT', `genesis lists ${validators.length} validators, more than ${MAX_VALIDATORS}`);
  }
  let total = 0n;
  validators.forEach((validator: GenesisValidator, i) => {
    const name = `validators[${i}]`;
    if (typeof validator !== 'object' || validator === null) throw new PhalanxError('INVALID_INPUT', `${name} must be an object`);
    const { consensusKey, power, operator, vrfKey } = validator;
    assertBytes(consensusKey, `${name}.consensusKey`, 32);
    if (!isEd25519PublicKey(consensusKey)) {
      throw new PhalanxError('INVALID_INPUT', `${name}.consensusKey is not a valid ed25519 public key (a prime-order point)`);
    }
    if (typeof power !== 'bigint' || power < 1n || power > MAX_TOTAL_VOTING_POWER) {
      throw new PhalanxError('INVALID_INPUT', `${name}.power must be a bigint in [1, ${MAX_TOTAL_VOTING_POWER}]`);
    }
    assertBytes(operator, `${name}.operator`, 32);
    if (vrfKey !== undefined && !isSr25519PublicKey(vrfKey)) {
      throw new PhalanxError('INVALID_INPUT', `${name}.vrfKey is not a valid sr25519 public key`);
    }
    total += power;
    if (total > MAX_TOTAL_VOTING_POWER) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `genesis validators' total power exceeds ${MAX_TOTAL_VOTING_POWER} (CometBFT's limit)`,
      );
    }
    if (Consensus.Validators.has(state, consensusKey)) {
      throw new PhalanxError('INVALID_INPUT', `${name}.consensusKey is listed twice`);
    }
    const address = validatorAddress(consensusKey);
    if (Consensus.ValidatorByAddress.has(state, address)) {
      throw new PhalanxError('INVALID_INPUT', `${name}.consensusKey has the CometBFT address of another validator`);
    }
    Consensus.Validators.set(state, consensusKey, { power, operator });
    Consensus.ValidatorByAddress.set(state, address, consensusKey);
    if (vrfKey !== undefined) Consensus.VrfKeys.set(state, consensusKey, vrfKey);
  });
  if (validators.length === 0) return;
  Consensus.ValidatorCount.set(state, validators.length);
  Consensus.TotalPower.set(state, total);
}
