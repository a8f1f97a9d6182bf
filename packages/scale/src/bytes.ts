import { type Codec, decodeError, encodeError } from './codec.js';
import { readLength, writeCompact } from './compact.js';

/** `Vec<u8>` with a length prefix, capped at `maxLength` bytes in both directions. */
export function bytes(maxLength: number): Codec<Uint8Array> {
  const name = `Bytes<${maxLength}>`;
  return {
    name,
    encodeTo(writer, value) {
      if (!(value instanceof Uint8Array)) throw encodeError(`${name} must be a Uint8Array`);
      if (value.length > maxLength) {
        throw encodeError(`${name}: ${value.length} bytes exceed the limit of ${maxLength}`, { max: maxLength });
      }
      writeCompact(writer, value.length);
      writer.bytes(value);
    },
    decodeFrom(reader) {
      return reader.take(readLength(reader, maxLength, 1, name), name);
    },
  };
}

/** `[u8; N]`: exactly `length` bytes, no prefix. */
export function fixedBytes(length: number): Codec<Uint8Array> {
  const name = `[u8; ${length}]`;
  return {
    name,
    encodeTo(writer, value) {
      if (!(value instanceof Uint8Array) || value.length !== length) {
        throw encodeError(`${name} must be a Uint8Array of exactly ${length} bytes`, { expected: length });
      }
      writer.bytes(value);
    },
    decodeFrom(reader) {
      return reader.take(length, name);
    },
  };
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A UTF-8 string with a length prefix, capped at `maxBytes` encoded bytes; invalid UTF-8 is rejected. */
export function str(maxBytes: number): Codec<string> {
  const name = `Str<${maxBytes}>`;
  return {
    name,
    encodeTo(writer, value) {
      if (typeof value !== 'string') throw encodeError(`${name} must be a string`);
      if (!value.isWellFormed()) throw encodeError(`${name} must be well-formed Unicode (no lone surrogates)`);
      const encoded = utf8Encoder.encode(value);
      if (encoded.length > maxBytes) {
        throw encodeError(`${name}: ${encoded.length} bytes exceed the limit of ${maxBytes}`, { max: maxBytes });
      }
      writeCompact(writer, encoded.length);
      writer.bytes(encoded);
    },
    decodeFrom(reader) {
      const raw = reader.take(readLength(reader, maxBytes, 1, name), name);
      try {
        return utf8Decoder.decode(raw);
      } catch {
        throw decodeError(`${name}: invalid UTF-8`);
      }
    },
  };
}
