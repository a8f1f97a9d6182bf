import { PhalanxError } from '@phalanx/errors';
import { Reader, Writer } from './io.js';

/**
 * A SCALE codec. Encoding validates the value (range, length) and decoding validates the bytes
 * (bounds, canonical form, limits); both fail only with `PhalanxError` (ENCODE / CODEC).
 */
export interface Codec<T> {
  /** Human-readable type name, used in error messages. */
  readonly name: string;
  encodeTo(writer: Writer, value: T): void;
  decodeFrom(reader: Reader): T;
}

/** The value type a codec encodes and decodes. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

/** Writers reused across `encode` calls (a stack, so nested encodes each get their own). */
const writers: Writer[] = [];

export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const writer = writers.pop() ?? new Writer(256);
  writer.length = 0;
  try {
    codec.encodeTo(writer, value);
    return writer.finish();
  } catch (error) {
    throw asEncodeError(codec, error);
  } finally {
    if (writers.length < 8 && writer.capacity <= 64 * 1024) writers.push(writer); // big buffers are not kept
  }
}

/** Decodes exactly one value: trailing bytes are an error, as is anything short. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new PhalanxError('CODEC', `${codec.name}: input must be a Uint8Array`);
  }
  const reader = new Reader(bytes);
  let value: T;
  try {
    value = codec.decodeFrom(reader);
  } catch (error) {
    throw asDecodeError(codec, error);
  }
  if (reader.remaining !== 0) {
    throw new PhalanxError('CODEC', `${codec.name}: ${reader.remaining} trailing bytes after the value`, {
      details: { type: codec.name, trailing: reader.remaining, length: bytes.length },
    });
  }
  return value;
}

/** Decodes one value from the start of `bytes` and says how many bytes it took. */
export function decodePrefix<T>(codec: Codec<T>, bytes: Uint8Array): { value: T; length: number } {
  if (!(bytes instanceof Uint8Array)) {
    throw new PhalanxError('CODEC', `${codec.name}: input must be a Uint8Array`);
  }
  const reader = new Reader(bytes);
  try {
    const value = codec.decodeFrom(reader);
    return { value, length: reader.offset };
  } catch (error) {
    throw asDecodeError(codec, error);
  }
}

function asDecodeError(codec: Codec<unknown>, error: unknown): PhalanxError {
  if (error instanceof PhalanxError && error.code === 'CODEC') {
    return error.message.startsWith(`${codec.name}`)
      ? error
      : new PhalanxError('CODEC', `${codec.name}: ${error.message}`, { details: error.details });
  }
  // Anything else escaping a decoder is still bad input, never a crash of the caller.
  return new PhalanxError('CODEC', `${codec.name}: malformed input`, { cause: error });
}

function asEncodeError(codec: Codec<unknown>, error: unknown): PhalanxError {
  if (error instanceof PhalanxError) {
    return error.message.startsWith(codec.name)
      ? error
      : new PhalanxError(error.code, `${codec.name}: ${error.message}`, { details: error.details });
  }
  return new PhalanxError('ENCODE', `${codec.name}: value cannot be encoded`, { cause: error });
}

export function encodeError(message: string, details?: Record<string, string | number>): PhalanxError {
  return new PhalanxError('ENCODE', message, details === undefined ? {} : { details });
}

export function decodeError(message: string, details?: Record<string, string | number>): PhalanxError {
  return new PhalanxError('CODEC', message, details === undefined ? {} : { details });
}
