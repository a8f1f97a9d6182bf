import { AccountId, Hash } from '@phalanx/primitives';
import { type Infer, str, struct, u32, u128 } from '@phalanx/scale';
import { EventRecords } from '../../event.js';
import { storageMap, storageValue } from '../../state/storage.js';

/** An account's nonce and balances (Substrate's AccountInfo with AccountData inlined). */
export const AccountInfo = struct('AccountInfo', { nonce: u32, free: u128, reserved: u128 });
export type AccountInfo = Infer<typeof AccountInfo>;

export const EMPTY_ACCOUNT: AccountInfo = Object.freeze({ nonce: 0, free: 0n, reserved: 0n });

export const System = {
  /** The chain's name, from its genesis config (so two chains' genesis hashes differ). */
  ChainName: storageValue('System', 'ChainName', str(64)),
  Account: storageMap('System', 'Account', AccountId, AccountInfo),
  Number: storageValue('System', 'Number', u32),
  ParentHash: storageValue('System', 'ParentHash', Hash),
  BlockHash: storageMap('System', 'BlockHash', u32, Hash),
  /** Events of the current block, written once at finalisation. */
  Events: storageValue('System', 'Events', EventRecords),
  /** blake2_256(previous ‖ parent block's seal, or on CometBFT the validators' VRF outputs), every block. */
  Randomness: storageValue('System', 'Randomness', Hash),
} as const;
