import { PhalanxError } from '@phalanx/errors';
import { type Codec, decodeError, encodeError, type Infer } from './codec.js';
import { readLength, writeCompact } from './compact.js';

/** `Vec<T>` with at most `maxItems` items. `minItemBytes` lets decoding reject impossible lengths early. */
export function vec<T>(item: Codec<T>, maxItems: number, minItemBytes = 1): Codec<T[]> {
  const name = `Vec<${item.name}, ${maxItems}>`;
  return {
    name,
    encodeTo(writer, value) {
      if (!Array.isArray(value)) throw encodeError(`${name} must be an array`);
      if (value.length > maxItems) throw encodeError(`${name}: ${value.length} items exceed the limit of ${maxItems}`);
      writeCompact(writer, value.length);
      for (const element of value) item.encodeTo(writer, element);
    },
    decodeFrom(reader) {
      const length = readLength(reader, maxItems, minItemBytes, name);
      const out: T[] = new Array(length);
      for (let i = 0; i < length; i++) out[i] = item.decodeFrom(reader);
      return out;
    },
  };
}

/** `Option<T>` as `T | undefined`. The tag byte must be 0 or 1. */
export function option<T>(inner: Codec<T>): Codec<T | undefined> {
  return {
    name: `Option<${inner.name}>`,
    encodeTo(writer, value) {
      if (value === undefined) return writer.u8(0);
      writer.u8(1);
      inner.encodeTo(writer, value);
    },
    decodeFrom(reader) {
      const tag = reader.u8();
      if (tag === 0) return undefined;
      if (tag === 1) {
        const value = inner.decodeFrom(reader);
        // `Some(x)` where x itself reads as `undefined` (e.g. Option<Option<T>> holding `Some(None)`)
        // would decode to the same value as `None`: two encodings of one value. Refuse it.
        if (value === undefined) throw decodeError('Option: Some(value) whose value is undefined cannot be represented');
        return value;
      }
      throw decodeError(`Option tag must be 0 or 1, got ${tag}`);
    },
  };
}

type Fields = Record<string, Codec<unknown>>;
export type StructValue<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

/** A struct: fields in declaration order, no prefix. Errors name the field. */
export function struct<F extends Fields>(name: string, fields: F): Codec<StructValue<F>> {
  const entries = Object.entries(fields);
  return {
    name,
    encodeTo(writer, value) {
      if (typeof value !== 'object' || value === null) throw encodeError(`${name} must be an object`);
      for (const [key, codec] of entries) {
        try {
          codec.encodeTo(writer, (value as Record<string, unknown>)[key]);
        } catch (error) {
          throw prefixed(error, `${name}.${key}`);
        }
      }
    },
    decodeFrom(reader) {
      const out: Record<string, unknown> = {};
      for (const [key, codec] of entries) {
        try {
          out[key] = codec.decodeFrom(reader);
        } catch (error) {
          throw prefixed(error, `${name}.${key}`);
        }
      }
      return out as StructValue<F>;
    },
  };
}

export type TupleValue<C extends readonly Codec<unknown>[]> = { [K in keyof C]: Infer<C[K]> };

export function tuple<const C extends readonly Codec<unknown>[]>(...codecs: C): Codec<TupleValue<C>> {
  return {
    name: `(${codecs.map((codec) => codec.name).join(', ')})`,
    encodeTo(writer, value) {
      if (!Array.isArray(value) || value.length !== codecs.length) {
        throw encodeError(`tuple must be an array of ${codecs.length} items`);
      }
      for (const [i, codec] of codecs.entries()) codec.encodeTo(writer, value[i]);
    },
    decodeFrom(reader) {
      return codecs.map((codec) => codec.decodeFrom(reader)) as TupleValue<C>;
    },
  };
}

/** Maps a codec to another representation (e.g. a branded type) with checks in both directions. */
export function mapCodec<I, O>(inner: Codec<I>, name: string, to: (value: O) => I, from: (value: I) => O): Codec<O> {
  return {
    name,
    encodeTo: (writer, value) => inner.encodeTo(writer, to(value)),
    decodeFrom: (reader) => from(inner.decodeFrom(reader)),
  };
}

/** For recursive types: the codec is looked up on first use. */
export function lazy<T>(name: string, get: () => Codec<T>): Codec<T> {
  return {
    name,
    encodeTo: (writer, value) => get().encodeTo(writer, value),
    decodeFrom: (reader) => get().decodeFrom(reader),
  };
}

function prefixed(error: unknown, path: string): unknown {
  if (!(error instanceof PhalanxError) || error.message.startsWith(path)) return error;
  return new PhalanxError(error.code, `${path}: ${error.message}`, { details: error.details });
}
