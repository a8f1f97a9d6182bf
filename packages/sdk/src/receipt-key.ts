import { keypairFromUri, type Sr25519Keypair } from '@phalanx/crypto';

/** The derivation path, below a caller's secret URI, of the key its call receipts are sealed to. */
export const RECEIPT_KEY_PATH = '//phalanx-receipts';

/**
 * A caller's receipt key: derived from its secret URI (hard derivation), so the same URI opens its
 * receipts later — in the CLI, the SDK or the explorer's "What the chain sees" — and nobody else's
 * key can. Use it as `deploy(…, { receiptKey })` or `contract.withReceiptKey(key)`.
 */
export function receiptKeyFromUri(suri: string): Sr25519Keypair {
  return keypairFromUri(`${suri.trim()}${RECEIPT_KEY_PATH}`, 'sr25519') as Sr25519Keypair;
}
