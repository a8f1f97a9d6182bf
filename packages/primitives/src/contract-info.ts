import { bytes, type Infer, option, struct } from '@phalanx/scale';
import { AccountId, Hash, PublicKey } from './common.js';
import { LIMITS } from './limits.js';

/** The public keys gatekeepers publish for a contract once they derived its ContractKey. */
export const ContractPublicKeys = struct('ContractPublicKeys', {
  identityPubkey: PublicKey,
  ecdhPubkey: PublicKey,
});
export type ContractPublicKeys = Infer<typeof ContractPublicKeys>;

/** What the chain knows of a contract: its identity (DESIGN §3 contract id inputs) and public keys. */
export const ContractInfo = struct('ContractInfo', {
  id: Hash,
  clusterId: Hash,
  deployer: AccountId,
  codeHash: Hash,
  salt: bytes(LIMITS.contractSalt),
  publicKeys: option(ContractPublicKeys),
});
export type ContractInfo = Infer<typeof ContractInfo>;
