import { assertString, PhalanxError } from '@phalanx/errors';
import { hexToU8a, isHex } from '@polkadot/util';
import { keyExtractSuri, keyFromPath, mnemonicToMiniSecret, mnemonicValidate } from '@polkadot/util-crypto';
import { assertScheme, Ed25519Keypair, type Keypair, type Scheme, Sr25519Keypair } from './keypair.js';
import { sr25519PairFromSeed } from './sr25519.js';

/** Substrate's development mnemonic: `//Alice` is `DEV_PHRASE//Alice`. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

const MAX_SURI_LENGTH = 1024;

/**
 * A key pair from a Substrate secret URI: `//Alice`, `MNEMONIC//hard/soft///password`, or
 * `0xSEED//path`. Public keys equal @polkadot/keyring's for the same URI and scheme
 * (ed25519 allows only hard junctions, as in Substrate).
 */
export function keypairFromUri(uri: string, scheme: Scheme = 'sr25519'): Keypair {
  assertString(uri, 'uri', MAX_SURI_LENGTH);
  assertScheme(scheme);
  const full = uri.startsWith('//') ? `${DEV_PHRASE}${uri}` : uri;
  let parsed: ReturnType<typeof keyExtractSuri>;
  try {
    parsed = keyExtractSuri(full);
  } catch {
    throw new PhalanxError('INVALID_SURI', 'secret URI must look like "//Alice", "MNEMONIC//path///password" or "0xSEED//path"');
  }
  const { phrase, password, path } = parsed;
  let seed: Uint8Array;
  if (isHex(phrase, 256)) {
    seed = hexToU8a(phrase);
  } else {
    const words = phrase.split(' ');
    if (![12, 15, 18, 21, 24].includes(words.length) || !mnemonicValidate(phrase)) {
      throw new PhalanxError('INVALID_SURI', 'secret URI phrase is neither a valid BIP-39 mnemonic nor a 32-byte 0x seed');
    }
    seed = mnemonicToMiniSecret(phrase, password);
  }
  try {
    if (scheme === 'sr25519') {
      const derived = keyFromPath({ ...sr25519PairFromSeed(seed) }, path, 'sr25519');
      return new Sr25519Keypair({ publicKey: derived.publicKey, secretKey: derived.secretKey });
    }
    if (path.some((junction) => !junction.isHard)) {
      throw new PhalanxError('INVALID_SURI', 'ed25519 supports only hard derivation (//), not soft (/)');
    }
    const base = { publicKey: new Ed25519Keypair(seed).publicKey, secretKey: new Uint8Array(64) };
    base.secretKey.set(seed, 0);
    base.secretKey.set(base.publicKey, 32);
    const derived = keyFromPath(base, path, 'ed25519');
    return new Ed25519Keypair(derived.secretKey.slice(0, 32));
  } finally {
    seed.fill(0);
  }
}

/** Development key pair by name (`alice` or `Alice`), as `//Alice`. */
export function devKeypair(name: string, scheme: Scheme = 'sr25519'): Keypair {
  const match = DEV_ACCOUNTS.find((account) => account.toLowerCase() === String(name).toLowerCase());
  if (match === undefined) {
    throw new PhalanxError('INVALID_INPUT', `unknown dev account "${name}"; use one of ${DEV_ACCOUNTS.join(', ')}`);
  }
  return keypairFromUri(`//${match}`, scheme);
}
