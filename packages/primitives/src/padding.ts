import { PhalanxError } from '@phalanx/errors';
import { LIMITS } from './limits.js';

/**
 * Size buckets for what a caller and a worker seal to each other (commands, receipts, queries and
 * their answers), so that a ciphertext's length tells an observer (the chain, the untrusted host)
 * only a coarse bucket, not the length of the arguments or whether a call succeeded.
 *
 * Schedule: a sealed ciphertext (plaintext + the 16-byte AES-GCM tag) is exactly `256 × 2^k`
 * bytes — 256 B, 512 B, 1 KiB, … — the smallest that fits, except that each kind has a top bucket
 * (its cap, not necessarily a power of two) that also takes everything above the last power of two
 * below it. Nothing bigger than the top bucket can be sealed.
 *
 * Frame (inside the ciphertext, so authenticated): `u32 LE length ‖ payload ‖ zero bytes`. Opening
 * is strict: the length must fit, the total must be exactly the bucket of that length (so each
 * payload has one encoding: the padding cannot be stretched to another bucket), and every padding
 * byte must be zero. Padding is zeros, never random, so replicas seal byte-identical receipts.
 */
export const SMALLEST_BUCKET = 256;
/** The AES-256-GCM tag that sealing appends (`@phalanx/crypto`'s envelopes). */
export const SEAL_TAG_BYTES = 16;
const LENGTH_BYTES = 4;
/** Bytes a payload gains before the bucket rounds it up: the length prefix and the tag. */
export const PADDING_FRAME_BYTES = LENGTH_BYTES + SEAL_TAG_BYTES;

export interface PaddingSchedule {
  /** What is padded (for error messages). */
  readonly name: string;
  /** The largest sealed size (ciphertext + tag). */
  readonly top: number;
}

export const PADDING = {
  /**
   * Commands and receipts: at most 60 KiB sealed, so a command travels in one MQ message to the
   * workers and a receipt in one MQ message back (64 KiB payloads, with room for the framing).
   */
  call: { name: 'call envelope', top: 60 * 1024 },
  /** Query requests: at most 64 KiB sealed (the host accepts a query body of at most 128 KiB). */
  queryRequest: { name: 'query request', top: 64 * 1024 },
  /** Query answers: up to the largest envelope (1 MiB). */
  queryResponse: { name: 'query response', top: LIMITS.envelopeCiphertext },
} as const satisfies Record<string, PaddingSchedule>;

/** Every sealed size a schedule produces, smallest first. */
export function paddingBuckets(schedule: PaddingSchedule): number[] {
  const buckets: number[] = [];
  for (let bucket = SMALLEST_BUCKET; bucket < schedule.top; bucket *= 2) buckets.push(bucket);
  buckets.push(schedule.top);
  return buckets;
}

/** The sealed size of a `payloadBytes`-byte payload, or `undefined` when it exceeds the top bucket. */
export function sealedSizeOf(payloadBytes: number, schedule: PaddingSchedule): number | undefined {
  const needed = payloadBytes + PADDING_FRAME_BYTES;
  if (needed > schedule.top) return undefined;
  let bucket = SMALLEST_BUCKET;
  while (bucket < needed) bucket *= 2;
  return Math.min(bucket, schedule.top);
}

/** The largest payload a schedule can seal. */
export function maxPaddedPayload(schedule: PaddingSchedule): number {
  return schedule.top - PADDING_FRAME_BYTES;
}

/** The plaintext to seal: `payload` framed and zero-padded so that, sealed, it is exactly one bucket. */
export function pad(payload: Uint8Array, schedule: PaddingSchedule): Uint8Array {
  const sealed = sealedSizeOf(payload.length, schedule);
  if (sealed === undefined) {
    throw new PhalanxError(
      'ENCODE',
      `${schedule.name}: a ${payload.length}-byte payload does not fit the largest bucket (${maxPaddedPayload(schedule)} bytes)`,
      { details: { type: 'Padding', length: payload.length, limit: maxPaddedPayload(schedule) } },
    );
  }
  const plain = new Uint8Array(sealed - SEAL_TAG_BYTES); // zero-filled: the padding
  new DataView(plain.buffer).setUint32(0, payload.length, true);
  plain.set(payload, LENGTH_BYTES);
  return plain;
}

/** The payload of an opened plaintext; anything but the exact frame `pad` makes is a `CODEC` error. */
export function unpad(plain: Uint8Array, schedule: PaddingSchedule): Uint8Array {
  const refuse = (reason: string) =>
    new PhalanxError('CODEC', `${schedule.name}: ${reason}`, { details: { type: 'Padding', length: plain.length } });
  if (!(plain instanceof Uint8Array)) throw refuse('input must be a Uint8Array');
  if (plain.length < LENGTH_BYTES) throw refuse(`${plain.length} bytes cannot hold the length prefix`);
  const length = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(0, true);
  if (length > plain.length - LENGTH_BYTES)
    throw refuse(`the length prefix says ${length} bytes, only ${plain.length - LENGTH_BYTES} follow`);
  const sealed = plain.length + SEAL_TAG_BYTES;
  const expected = sealedSizeOf(length, schedule);
  if (sealed !== expected)
    throw refuse(`${sealed} sealed bytes is not the bucket of a ${length}-byte payload (${expected ?? 'none'})`);
  const end = LENGTH_BYTES + length;
  for (let i = end; i < plain.length; i++) if (plain[i] !== 0) throw refuse(`padding byte ${i - end} is not zero`);
  return plain.subarray(LENGTH_BYTES, end);
}
