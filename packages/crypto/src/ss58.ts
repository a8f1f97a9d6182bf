import { assertBytes, PhalanxError } from '@phalanx/errors';
import { checkAddress, decodeAddress, encodeAddress } from '@polkadot/util-crypto';

/** Substrate's generic prefix; Phalanx dev chains use it. */
export const DEFAULT_SS58_PREFIX = 42;
const MAX_ADDRESS_LENGTH = 64;

export function toSs58(publicKey: Uint8Array, prefix = DEFAULT_SS58_PREFIX): string {
  assertBytes(publicKey, 'publicKey', 32);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383) {
    throw new PhalanxError('INVALID_INPUT', 'ss58 prefix must be an integer in [0, 16383]');
  }
  return encodeAddress(publicKey, prefix);
}

/**
 * Decodes an SS58 address to its 32-byte public key, checking the checksum and (unless
 * `prefix` is null) that it carries the expected network prefix.
 */
export function fromSs58(address: string, prefix: number | null = DEFAULT_SS58_PREFIX): Uint8Array {
  if (typeof address !== 'string' || address.length === 0 || address.length > MAX_ADDRESS_LENGTH || address.startsWith('0x')) {
    throw new PhalanxError('INVALID_ADDRESS', 'address must be an SS58 string');
  }
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(address);
  } catch (cause) {
    throw new PhalanxError('INVALID_ADDRESS', `"${address}" is not a valid SS58 address`, { cause });
  }
  if (publicKey.length !== 32) {
    throw new PhalanxError('INVALID_ADDRESS', `"${address}" does not hold a 32-byte public key`);
  }
  if (prefix !== null) {
    const [ok, reason] = checkAddress(address, prefix);
    if (!ok) {
      throw new PhalanxError(
        'INVALID_ADDRESS',
        `"${address}" is not an address of network prefix ${prefix}: ${reason ?? 'mismatch'}`,
        {
          details: { expectedPrefix: prefix },
        },
      );
    }
  }
  return publicKey;
}
