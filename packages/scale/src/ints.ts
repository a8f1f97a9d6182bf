import { type Codec, decodeError, encodeError } from './codec.js';

function numberCodec(name: string, bits: 8 | 16 | 32): Codec<number> {
  const max = 2 ** bits - 1;
  return {
    name,
    encodeTo(writer, value) {
      if (!Number.isInteger(value) || value < 0 || value > max) {
        throw encodeError(`${name} must be an integer in [0, ${max}]`, { type: name });
      }
      if (bits === 8) writer.u8(value);
      else if (bits === 16) writer.u16(value);
      else writer.u32(value);
    },
    decodeFrom(reader) {
      return bits === 8 ? reader.u8() : bits === 16 ? reader.u16() : reader.u32();
    },
  };
}

function bigintCodec(name: string, words: 1 | 2 | 4): Codec<bigint> {
  const max = (1n << BigInt(64 * words)) - 1n;
  const mask = (1n << 64n) - 1n;
  return {
    name,
    encodeTo(writer, value) {
      if (typeof value !== 'bigint' || value < 0n || value > max) {
        throw encodeError(`${name} must be a bigint in [0, 2^${64 * words} - 1]`, { type: name });
      }
      for (let i = 0; i < words; i++) writer.u64((value >> BigInt(64 * i)) & mask);
    },
    decodeFrom(reader) {
      let value = 0n;
      for (let i = 0; i < words; i++) value |= reader.u64() << BigInt(64 * i);
      return value;
    },
  };
}

export const u8: Codec<number> = numberCodec('u8', 8);
export const u16: Codec<number> = numberCodec('u16', 16);
export const u32: Codec<number> = numberCodec('u32', 32);
export const u64: Codec<bigint> = bigintCodec('u64', 1);
export const u128: Codec<bigint> = bigintCodec('u128', 2);
export const u256: Codec<bigint> = bigintCodec('u256', 4);

/** Strict bool: only 0x00 and 0x01 decode. */
export const bool: Codec<boolean> = {
  name: 'bool',
  encodeTo(writer, value) {
    if (typeof value !== 'boolean') throw encodeError('bool must be a boolean');
    writer.u8(value ? 1 : 0);
  },
  decodeFrom(reader) {
    const byte = reader.u8();
    if (byte > 1) throw decodeError(`bool byte must be 0 or 1, got ${byte}`);
    return byte === 1;
  },
};
