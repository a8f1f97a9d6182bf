import { PhalanxError } from '@phalanx/errors';

/** Growable output buffer. One per `encode` call; codecs append to it. */
export class Writer {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 64) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buffer.length) return;
    // Math.max(…, 16): a Writer built with capacity 0 must still grow (0 * 2 would loop forever).
    let capacity = Math.max(this.buffer.length * 2, 16);
    while (capacity < need) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  u64(value: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.length, value, true);
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  get capacity(): number {
    return this.buffer.length;
  }

  /** The encoded bytes (a copy sized to fit, so callers may keep it). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Cursor over input bytes. Every read checks bounds and fails with a typed CODEC error. */
export class Reader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  offset = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number, what: string): void {
    if (n > this.remaining) {
      throw new PhalanxError(
        'CODEC',
        `truncated input: ${what} needs ${n} bytes at offset ${this.offset}, only ${this.remaining} left`,
        { details: { offset: this.offset, needed: n, remaining: this.remaining } },
      );
    }
  }

  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.offset++] as number;
  }

  u16(): number {
    this.need(2, 'u16');
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4, 'u32');
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  u64(): bigint {
    this.need(8, 'u64');
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** A copy of the next `n` bytes (copies, so decoded values never alias the input buffer). */
  take(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    // Not `this.bytes.slice`: on a Node Buffer that is a view (Buffer#slice = subarray), which would
    // alias the input and keep its whole (possibly pooled) backing store alive.
    const out = new Uint8Array(n);
    out.set(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }
}
