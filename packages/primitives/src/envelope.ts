import type { Envelope as EnvelopeValue } from '@phalanx/crypto';
import { IV_LENGTH } from '@phalanx/crypto';
import { bytes, fixedBytes, type Infer, struct } from '@phalanx/scale';
import { PublicKey } from './common.js';
import { LIMITS } from './limits.js';

/** DESIGN §4: `Envelope = { senderPubkey: [u8;32], iv: [u8;12], ciphertext }`. */
export const Envelope = struct('Envelope', {
  senderPubkey: PublicKey,
  iv: fixedBytes(IV_LENGTH),
  ciphertext: bytes(LIMITS.envelopeCiphertext),
});
export type Envelope = Infer<typeof Envelope>;

// The crypto package's Envelope and this codec's value type must stay the same shape.
const _sameShape: EnvelopeValue = {} as Envelope;
void _sameShape;
