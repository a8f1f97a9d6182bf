import { AccountId, PublicKey } from '@phalanx/primitives';
import { enumOf, fixedBytes, type Infer, option, struct, tuple, u64, unit } from '@phalanx/scale';

/** Most validators the chain holds (CometBFT's commits and light-client checks grow with the set). */
export const MAX_VALIDATORS = 100;

/**
 * Most total voting power: CometBFT's `MaxTotalVotingPower` (`math.MaxInt64 / 8` = 2^60 - 1).
 * CometBFT refuses a validator set above it (its proposer priorities would overflow), so the
 * runtime never produces one. It also caps each validator's power.
 */
export const MAX_TOTAL_VOTING_POWER = ((1n << 63n) - 1n) / 8n;

/**
 * Most offences recorded (and reported) per block. CometBFT's evidence size limit (1 MiB by
 * default, some hundred bytes per duplicate vote) keeps a block below it in practice; any beyond
 * it are dropped, deterministically, rather than failing a block CometBFT has already committed.
 */
export const MAX_OFFENCES_PER_BLOCK = 4096;

/** How many blocks `Consensus.Offences` keeps a block's offences (for slashing and review). */
export const OFFENCE_HISTORY = 4096;

/** Length of a CometBFT validator address: the first 20 bytes of sha256(ed25519 public key). */
export const VALIDATOR_ADDRESS_LENGTH = 20;

export const ValidatorAddress = fixedBytes(VALIDATOR_ADDRESS_LENGTH);

/** A validator: its voting power and the account that operates it (and answers for its offences). */
export const ValidatorRecord = struct('ValidatorRecord', { power: u64, operator: AccountId });
export type ValidatorRecord = Infer<typeof ValidatorRecord>;

/** A change of the validator set for CometBFT: (ed25519 key, new power); power 0 removes. */
export const ValidatorUpdate = tuple(PublicKey, u64);
export type ValidatorUpdate = Infer<typeof ValidatorUpdate>;

/**
 * A validator's VRF key as it was when the current block began (none: it had none), recorded at
 * its first change in the block: the votes of this block's height were extended with that key.
 */
export const VrfKeyBefore = tuple(ValidatorAddress, option(PublicKey));
export type VrfKeyBefore = Infer<typeof VrfKeyBefore>;

/** The kinds of misbehaviour CometBFT reports (ABCI 2.0 `MisbehaviorType`). */
export const OffenceKind = enumOf('OffenceKind', { DuplicateVote: unit, LightClientAttack: unit });
export type OffenceKind = Infer<typeof OffenceKind>;

/**
 * One reported misbehaviour. `validator` and `offender` are absent when the address belongs to
 * no current validator (one removed since the offence): the address still says who it was.
 */
export const OffenceRecord = struct('OffenceRecord', {
  kind: OffenceKind,
  /** The CometBFT address the evidence names. */
  address: ValidatorAddress,
  /** Its ed25519 consensus key, when it is still a validator. */
  validator: option(PublicKey),
  /** Its operator account (whom staking slashes), when it is still a validator. */
  offender: option(AccountId),
  /** The height the offence was committed at. */
  height: u64,
  /** The total voting power of the validator set at that height. */
  totalVotingPower: u64,
});
export type OffenceRecord = Infer<typeof OffenceRecord>;
