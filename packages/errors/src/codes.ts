/**
 * Every error code Phalanx raises, with the numeric code used on the wire (JSON-RPC `error.code`
 * is -32000 minus this number, see `rpcErrorCode`). Codes are stable API: add new ones, never renumber.
 */
export const ERROR_CODES = {
  /** A value given to a function or command is malformed (wrong type, length, range). */
  INVALID_INPUT: 1,
  /** SCALE bytes could not be decoded: truncated, trailing bytes, oversize length, unknown variant. */
  CODEC: 2,
  /** An encoded value would break a codec's limits (length, range). */
  ENCODE: 3,
  /** A secret URI, mnemonic or derivation path is malformed. */
  INVALID_SURI: 10,
  /** A public or secret key has the wrong length or is not a valid point or scalar. */
  INVALID_KEY: 11,
  /** A signature did not verify. */
  BAD_SIGNATURE: 12,
  /** AEAD authentication failed: the ciphertext, IV, tag, sender key or associated data was altered. */
  DECRYPTION_FAILED: 13,
  /** A sealed blob is malformed, for another purpose, of an unknown version, or was altered. */
  SEAL_INVALID: 14,
  /** An SS58 address is malformed or has a bad checksum or prefix. */
  INVALID_ADDRESS: 15,
  /** The crypto backends (WebAssembly) have not been initialised: await `cryptoReady()` first. */
  CRYPTO_NOT_READY: 16,
  /** A derivation hit an impossible case (e.g. an OPRF input that hashes to the identity element). */
  DERIVATION_FAILED: 17,
  /** A read proof does not prove the key against the given root (missing node, wrong hash, malformed). */
  INVALID_PROOF: 18,
  /** A TEE attestation (quote, collateral, report) does not verify, has expired, or does not match. */
  ATTESTATION_INVALID: 19,
  /** A transaction's nonce was already used. */
  TX_STALE: 20,
  /** A transaction's nonce is further ahead of the account's than the pool keeps. */
  TX_FUTURE: 21,
  /** The signer cannot pay the transaction's fee. */
  TX_PAYMENT: 22,
  /** The transaction's call cannot be decoded or does not exist. */
  TX_INVALID_CALL: 23,
  /** The transaction is larger than the chain accepts. */
  TX_TOO_LARGE: 24,
  /** The pool holds this transaction already. */
  TX_DUPLICATE: 25,
  /** The pool, or the sender's share of it, is full. */
  TX_POOL_FULL: 26,
  /** A call was dispatched and failed (its changes were reverted); details name pallet and error. */
  DISPATCH_FAILED: 27,
  /** The call needs another origin (e.g. root via sudo). */
  BAD_ORIGIN: 28,
  /** A block failed import checks (parent, seal, roots, execution). */
  BLOCK_INVALID: 29,
  /** Data fed to a light client (headers, state changes) does not verify: the feeder is faulty or malicious. */
  SYNC_INVALID: 31,
  /** A command-line invocation was wrong: unknown command or flag, missing argument. */
  USAGE: 30,
  /** A requested block, key or item does not exist. */
  NOT_FOUND: 40,
  /** A JSON-RPC request is malformed, too large, or over a limit. */
  RPC_INVALID_REQUEST: 41,
  /** A store (database, sealed file) cannot be opened or is corrupt. */
  STORE: 42,
  /** A network peer or server could not be reached or answered badly. */
  CONNECTION: 43,
  /** A contract call failed: the contract threw (its message is decrypted for its caller) or broke a limit. */
  CONTRACT_FAILED: 50,
  /** Waiting for something on chain (a receipt, a deployment) took longer than allowed. */
  TIMEOUT: 51,
  /** A WebAssembly module is malformed, or uses a feature or import the engine does not run. */
  WASM_INVALID: 52,
  /** Too many requests from one account (queries to a worker): wait and retry; `details.retryAfterMs` says how long. */
  RATE_LIMITED: 53,
  /** The pRuntime's enclave thread stopped (crashed or exited): its pending and later ecalls fail; restart the worker. */
  ENCLAVE_LOST: 65,
  /** Something that must never happen did: a bug in Phalanx. */
  INTERNAL: 99,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON-RPC error code carrying a Phalanx code: server-defined range, -32000 - n. */
export function rpcErrorCode(code: ErrorCode): number {
  return -32000 - ERROR_CODES[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
