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
  /** A command-line invocation was wrong: unknown command or flag, missing argument. */
  USAGE: 30,
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
