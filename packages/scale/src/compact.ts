import { type Codec, decodeError, encodeError } from './codec.js';
import type { Reader, Writer } from './io.js';

const MAX_COMPACT = (1n << 536n) - 1n; // 67 bytes, the SCALE maximum

export function writeCompact(writer: Writer, value: number | bigint): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw encodeError('compact must be a non-negative safe integer');
    if (value < 1 << 6) return writer.u8(value << 2);
    if (value < 1 << 14) return writer.u16((value << 2) | 1);
    if (value < 2 ** 30) return writer.u32(((value << 2) | 2) >>> 0);
    return writeBigCompact(writer, BigInt(value));
  }
  if (typeof value !== 'bigint' || value < 0n || value > MAX_COMPACT) {
    throw encodeError('compact must be a non-negative integer below 2^536');
  }
  if (value < 2n ** 30n) return writeCompact(writer, Number(value));
  return writeBigCompact(writer, value);
}

function writeBigCompact(writer: Writer, value: bigint): void {
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.push(Number(rest & 0xffn));
  while (bytes.length < 4) bytes.push(0);
  writer.u8(((bytes.length - 4) << 2) | 3);
  writer.bytes(Uint8Array.from(bytes));
}

/** Reads a canonical compact integer; rejects non-minimal encodings (they would make encodings malleable). */
export function readCompact(reader: Reader): bigint {
  const first = reader.u8();
  const mode = first & 3;
  if (mode === 0) return BigInt(first >> 2);
  if (mode === 1) {
    const value = (first | (reader.u8() << 8)) >> 2;
    if (value < 1 << 6) throw decodeError('non-canonical compact (two-byte mode for a small value)');
    return BigInt(value);
  }
  if (mode === 2) {
    const value = (first | (reader.u8() << 8) | (reader.u8() << 16) | (reader.u8() << 24)) >>> 2;
    if (value < 1 << 14) throw decodeError('non-canonical compact (four-byte mode for a small value)');
    return BigInt(value);
  }
  const length = (first >> 2) + 4;
  const bytes = reader.take(length, 'compact');
  if (bytes[length - 1] === 0) throw decodeError('non-canonical compact (leading zero byte)');
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  if (value < 2n ** 30n) throw decodeError('non-canonical compact (big mode for a small value)');
  return value;
}

/** Reads a compact length prefix and checks it against `max` and the bytes left, before allocating. */
export function readLength(reader: Reader, max: number, minBytesPerItem: number, what: string): number {
  const length = readCompact(reader);
  if (length > BigInt(max)) {
    throw decodeError(`${what} length ${length} exceeds the limit of ${max}`, { max });
  }
  const n = Number(length);
  if (n * minBytesPerItem > reader.remaining) {
    throw decodeError(`${what} length ${n} needs more bytes than remain (${reader.remaining})`, { length: n });
  }
  return n;
}

export const compact: Codec<bigint> = {
  name: 'Compact',
  encodeTo: writeCompact,
  decodeFrom: readCompact,
};

/** A compact that must fit a u32; decodes to a number. */
export const compactU32: Codec<number> = {
  name: 'Compact<u32>',
  encodeTo(writer, value) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw encodeError('Compact<u32> must be an integer in [0, 2^32 - 1]');
    }
    writeCompact(writer, value);
  },
  decodeFrom(reader) {
    const value = readCompact(reader);
    if (value > 0xffffffffn) throw decodeError('Compact<u32> value exceeds 2^32 - 1');
    return Number(value);
  },
};
