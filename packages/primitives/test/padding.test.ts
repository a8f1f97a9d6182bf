import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  maxPaddedPayload,
  PADDING,
  PADDING_FRAME_BYTES,
  type PaddingSchedule,
  pad,
  paddingBuckets,
  SEAL_TAG_BYTES,
  sealedSizeOf,
  unpad,
} from '@phalanx/primitives';
import fc from 'fast-check';
import { expectCode } from './helpers.js';

const KIB = 1024;
const schedules = Object.values(PADDING) as PaddingSchedule[];

/** The frame `pad` makes, written out by hand, so the strict checks are tested against the format, not the code. */
function frame(payload: Uint8Array, plainLength: number, claimedLength = payload.length): Uint8Array {
  const plain = new Uint8Array(plainLength);
  new DataView(plain.buffer).setUint32(0, claimedLength, true);
  plain.set(payload, 4);
  return plain;
}

describe('padding: the bucket schedule', () => {
  test('sealed sizes are powers of two from 256 B, up to each kind’s top bucket', () => {
    const powers = (to: number) => Array.from({ length: Math.log2(to / 256) + 1 }, (_, k) => 256 * 2 ** k);
    assert.deepEqual(paddingBuckets(PADDING.call), [...powers(32 * KIB), 60 * KIB]);
    assert.deepEqual(paddingBuckets(PADDING.queryRequest), powers(64 * KIB));
    assert.deepEqual(paddingBuckets(PADDING.queryResponse), powers(1024 * KIB));
  });

  test('a payload gets the smallest bucket that holds it and its 20 bytes of frame', () => {
    assert.equal(PADDING_FRAME_BYTES, 20);
    assert.equal(sealedSizeOf(0, PADDING.call), 256);
    assert.equal(sealedSizeOf(236, PADDING.call), 256);
    assert.equal(sealedSizeOf(237, PADDING.call), 512);
    assert.equal(sealedSizeOf(32 * KIB - 20, PADDING.call), 32 * KIB);
    assert.equal(sealedSizeOf(32 * KIB - 19, PADDING.call), 60 * KIB);
    assert.equal(sealedSizeOf(60 * KIB - 20, PADDING.call), 60 * KIB);
    assert.equal(sealedSizeOf(60 * KIB - 19, PADDING.call), undefined);
  });
});

describe('padding: pad and unpad', () => {
  for (const schedule of schedules) {
    test(`${schedule.name}: any payload size seals to a bucket, zero-padded, and unpads to itself`, () => {
      const buckets = paddingBuckets(schedule);
      fc.assert(
        fc.property(
          fc.oneof(fc.nat({ max: 600 }), fc.nat({ max: maxPaddedPayload(schedule) })),
          fc.nat({ max: 255 }),
          (length, fill) => {
            const payload = new Uint8Array(length).fill(fill);
            const plain = pad(payload, schedule);
            const sealed = plain.length + SEAL_TAG_BYTES;
            assert.ok(buckets.includes(sealed), `${sealed} is not a bucket`);
            const smaller = buckets.filter((b) => b < sealed).at(-1);
            assert.ok(smaller === undefined || smaller < length + PADDING_FRAME_BYTES, 'not the smallest bucket');
            assert.ok(plain.subarray(4 + length).every((b) => b === 0));
            assert.deepEqual(unpad(plain, schedule), payload);
          },
        ),
        { numRuns: 200 },
      );
    });

    test(`${schedule.name}: a payload over the top bucket is an ENCODE error`, () => {
      assert.equal(pad(new Uint8Array(maxPaddedPayload(schedule)), schedule).length + SEAL_TAG_BYTES, schedule.top);
      expectCode(() => pad(new Uint8Array(maxPaddedPayload(schedule) + 1), schedule), 'ENCODE', /largest bucket/);
    });
  }

  test('padding is deterministic: the same payload pads to the same bytes', () => {
    const payload = new TextEncoder().encode('{"ok":true}');
    assert.deepEqual(pad(payload, PADDING.call), pad(payload, PADDING.call));
  });

  test('any non-zero padding byte is a CODEC error', () => {
    const payload = new Uint8Array([1, 2, 3]);
    fc.assert(
      fc.property(fc.integer({ min: 4 + 3, max: 256 - SEAL_TAG_BYTES - 1 }), fc.integer({ min: 1, max: 255 }), (at, value) => {
        const plain = pad(payload, PADDING.call);
        plain[at] = value;
        expectCode(() => unpad(plain, PADDING.call), 'CODEC', /padding byte \d+ is not zero/);
      }),
      { numRuns: 100 },
    );
  });

  test('a length prefix past the end, or in another bucket than the total, is a CODEC error', () => {
    const payload = new Uint8Array(100).fill(7);
    expectCode(() => unpad(frame(payload, 240, 237), PADDING.call), 'CODEC', /length prefix says 237 bytes, only 236/);
    expectCode(() => unpad(frame(payload, 240, 2 ** 32 - 1), PADDING.call), 'CODEC', /length prefix/);
    // A 100-byte payload in the 512 B bucket: valid zeros, but not its bucket (the padding cannot be stretched).
    expectCode(() => unpad(frame(payload, 512 - SEAL_TAG_BYTES), PADDING.call), 'CODEC', /not the bucket of a 100-byte payload/);
    // A 300-byte claim in a 256 B bucket cannot fit; a claim shortened to hide bytes as padding fails the zero check.
    expectCode(() => unpad(frame(payload, 240, 50), PADDING.call), 'CODEC', /padding byte 0 is not zero/);
  });

  test('a total that is no bucket (truncated, extended, too short for a prefix) is a CODEC error', () => {
    const plain = pad(new Uint8Array(10), PADDING.call);
    expectCode(() => unpad(plain.subarray(0, plain.length - 1), PADDING.call), 'CODEC', /not the bucket/);
    expectCode(() => unpad(new Uint8Array([...plain, 0]), PADDING.call), 'CODEC', /not the bucket/);
    expectCode(() => unpad(new Uint8Array(3), PADDING.call), 'CODEC', /cannot hold the length prefix/);
    expectCode(() => unpad(new Uint8Array(4), PADDING.call), 'CODEC', /not the bucket of a 0-byte payload/);
    // Bigger than the top bucket (an envelope may carry up to 1 MiB).
    const huge = 64 * KIB - PADDING_FRAME_BYTES;
    expectCode(() => unpad(frame(new Uint8Array(huge), huge + 4), PADDING.call), 'CODEC', /\(none\)/);
  });
});
