import { PhalanxError } from '@phalanx/errors';

/** A WebAssembly module (or part of one) is malformed or uses a feature Phalanx does not run. */
export function invalidWasm(message: string, at?: number): PhalanxError {
  return new PhalanxError('WASM_INVALID', at === undefined ? message : `${message} (at byte ${at})`);
}

/**
 * A bounds-checked reader of the WebAssembly binary format: LEB128 integers as the spec allows them
 * (no more bytes than the type needs, unused bits of the last byte zero), bytes, names.
 */
export class WasmReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw invalidWasm('unexpected end of the module', this.pos);
    return this.bytes[this.pos++] as number;
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      if (shift === 28 && byte > 0x0f) throw invalidWasm('a u32 is out of range', start);
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw invalidWasm('a u32 is longer than 5 bytes', start);
  }

  /** Signed LEB128 of `bits` bits (32, 33 or 64), returned as a bigint. */
  signed(bits: 32 | 33 | 64): bigint {
    const start = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if ((byte & 0x40) !== 0) result -= 1n << shift;
        const min = -(1n << BigInt(bits - 1));
        if (result < min || result >= -min) throw invalidWasm(`an s${bits} is out of range`, start);
        return result;
      }
    }
    throw invalidWasm(`an s${bits} is longer than ${maxBytes} bytes`, start);
  }

  take(length: number): Uint8Array {
    if (length > this.end - this.pos) throw invalidWasm('a length runs past the end of its section', this.pos);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  name(): string {
    const bytes = this.take(this.u32());
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw invalidWasm('a name is not UTF-8', this.pos);
    }
  }
}

/** A growable byte buffer with the writers the binary format needs. */
export class WasmWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  u8(byte: number): this {
    this.reserve(1);
    this.buffer[this.length++] = byte;
    return this;
  }

  u32(value: number): this {
    let rest = value >>> 0;
    do {
      const byte = rest & 0x7f;
      rest >>>= 7;
      this.u8(rest === 0 ? byte : byte | 0x80);
    } while (rest !== 0);
    return this;
  }

  s64(value: bigint): this {
    let rest = value;
    for (;;) {
      const byte = Number(rest & 0x7fn);
      rest >>= 7n;
      const done = (rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  name(text: string): this {
    const data = new TextEncoder().encode(text);
    return this.u32(data.length).bytes(data);
  }

  /** `data` prefixed with its length as a u32 (sections, function bodies). */
  sized(data: Uint8Array): this {
    return this.u32(data.length).bytes(data);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
