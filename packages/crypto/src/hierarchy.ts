import { assertBytes } from '@phalanx/errors';
import { bytes, encode, fixedBytes, str, tuple } from '@phalanx/scale';
import { utf8 } from './bytes.js';
import { derive, type Label } from './derive.js';
import { DOMAIN, LABEL } from './domains.js';
import { blake2_256, blake2_256Keyed } from './hash.js';
import { hkdfSha256 } from './hkdf.js';
import { Sr25519Keypair } from './keypair.js';
import { oprfEvaluate } from './oprf.js';

/** Longest contract salt accepted. */
export const MAX_SALT_LENGTH = 128;

export interface ContractIdentity {
  readonly clusterId: Uint8Array;
  readonly deployer: Uint8Array;
  readonly codeHash: Uint8Array;
  readonly salt: Uint8Array;
}

const contractInputCodec = tuple(str(64), fixedBytes(32), fixedBytes(32), fixedBytes(32), bytes(MAX_SALT_LENGTH));
const masterInputCodec = tuple(str(64), str(64), bytes(1024));
const EMPTY = new Uint8Array(0);

/** `SCALE("phalanx/contract/v1", clusterId, deployer, codeHash, salt)`: the OPRF input of a contract. */
export function contractInput(identity: ContractIdentity): Uint8Array {
  return encode(contractInputCodec, [
    DOMAIN.contractInput,
    identity.clusterId,
    identity.deployer,
    identity.codeHash,
    identity.salt,
  ]);
}

/** Contract id = blake2_256(contractInput): public, computable by anyone from the instantiation. */
export function contractId(identity: ContractIdentity): Uint8Array {
  return blake2_256(contractInput(identity));
}

/**
 * The ContractKey seed: HKDF-SHA256(ikm = OPRF.Evaluate(s, contractInput), info = "phalanx/contract-seed/v1").
 * Only a MasterKey holder (a gatekeeper) can compute it.
 */
export function contractSeed(masterKey: Sr25519Keypair, identity: ContractIdentity): Uint8Array {
  const output = oprfEvaluate(masterKey.pair.secretKey, contractInput(identity));
  try {
    return hkdfSha256(output, EMPTY, utf8(DOMAIN.contractSeed), 32);
  } finally {
    output.fill(0);
  }
}

/** The OPRF input of another MasterKey-derived secret: SCALE(domain, purpose, input). */
export function masterDerivedInput(purpose: string, input: Uint8Array = EMPTY): Uint8Array {
  return encode(masterInputCodec, [DOMAIN.masterDerived, purpose, input]);
}

/** The HKDF info turning that OPRF output into the secret: SCALE(domain, purpose). */
export function masterDerivedInfo(purpose: string): Uint8Array {
  return encode(tuple(str(64), str(64)), [DOMAIN.masterDerived, purpose]);
}

/** Another MasterKey-derived secret (e.g. the gatekeepers' IV key), same construction, own domain. */
export function masterDerivedSecret(masterKey: Sr25519Keypair, purpose: string, input: Uint8Array = EMPTY): Uint8Array {
  const output = oprfEvaluate(masterKey.pair.secretKey, masterDerivedInput(purpose, input));
  try {
    return hkdfSha256(output, EMPTY, masterDerivedInfo(purpose), 32);
  } finally {
    output.fill(0);
  }
}

/** The keys a contract runs with, all below its ContractKey seed (DESIGN §3). */
export interface ContractKeys {
  /** Signs the contract's state commits and messages. */
  readonly identity: Sr25519Keypair;
  /** Receives encrypted commands and queries. */
  readonly ecdh: Sr25519Keypair;
  /** Parent of every storage entry's key and of the hidden-name key. */
  readonly storageKey: Uint8Array;
  /** Keys the hidden names of storage entries. */
  readonly storageNameKey: Uint8Array;
}

export function contractKeys(seed: Uint8Array): ContractKeys {
  assertBytes(seed, 'contractSeed', 32);
  const storageKey = derive(seed, LABEL.storage);
  return {
    identity: Sr25519Keypair.fromSeed(derive(seed, LABEL.identity)),
    ecdh: Sr25519Keypair.fromSeed(derive(seed, LABEL.ecdh)),
    storageKey,
    storageNameKey: derive(storageKey, LABEL.storageName),
  };
}

/** The AEAD key of one storage entry: derive(StorageKey, "kv", name). */
export function storageEntryKey(storageKey: Uint8Array, name: Uint8Array): Uint8Array {
  return derive(storageKey, LABEL.storageEntry, name);
}

/** The hidden on-chain name of a storage entry: keyed BLAKE2b-256 under the name key. */
export function storageEntryName(storageNameKey: Uint8Array, name: Uint8Array): Uint8Array {
  assertBytes(storageNameKey, 'storageNameKey', 32);
  assertBytes(name, 'name');
  return blake2_256Keyed(storageNameKey, name);
}

/** A contract's own sr25519 key pair for `ctx.crypto.deriveKey(salt)` (spec 000): same on every worker. */
export function contractUserKey(seed: Uint8Array, salt: Label): Sr25519Keypair {
  assertBytes(seed, 'contractSeed', 32);
  return Sr25519Keypair.fromSeed(derive(seed, LABEL.userKey, salt));
}
