import { PhalanxError } from '@phalanx/errors';

/**
 * The ABCI socket protocol's framing (CometBFT v0.38 `libs/protoio`): each protobuf message is
 * preceded by its length as an unsigned LEB128 varint (Go's `binary.PutUvarint`). This reader takes
 * the socket's chunks as they come, however split, and yields whole messages; a length over the cap
 * is refused before anything of that size is buffered.
 */
export const ABCI_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A uvarint of a 64-bit length takes at most 10 bytes; a longer run of continuation bits is malformed. */
const MAX_VARINT_BYTES = 10;

export function frameMessage(message: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let length = message.length;
  while (length >= 0x80) {
    prefix.push((length & 0x7f) | 0x80);
    length = Math.floor(length / 128);
  }
  prefix.push(length);
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

export class AbciFrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageBytes = ABCI_MAX_MESSAGE_BYTES) {}

  /** Adds bytes from the socket; returns the messages completed by them, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const messages: Uint8Array[] = [];
    for (;;) {
      const header = this.readLength();
      if (header === undefined) break;
      const { length, prefixBytes } = header;
      if (this.buffered < prefixBytes + length) break;
      const all = this.take(prefixBytes + length);
      messages.push(all.subarray(prefixBytes));
    }
    return messages;
  }

  /** Bytes received but not yet part of a whole message. */
  get pending(): number {
    return this.buffered;
  }

  private readLength(): { length: number; prefixBytes: number } | undefined {
    let length = 0;
    let scale = 1;
    let index = 0;
    for (const chunk of this.chunks) {
      for (const byte of chunk) {
        index++;
        length += (byte & 0x7f) * scale;
        if ((byte & 0x80) === 0) {
          if (length > this.maxMessageBytes)
            throw new PhalanxError(
              'INVALID_INPUT',
              `an ABCI message of ${length} bytes is over the limit of ${this.maxMessageBytes}: is the peer CometBFT?`,
            );
          return { length, prefixBytes: index };
        }
        if (index >= MAX_VARINT_BYTES || length > this.maxMessageBytes)
          throw new PhalanxError('INVALID_INPUT', 'a malformed or oversized ABCI length prefix: is the peer CometBFT?');
        scale *= 128;
      }
    }
    return undefined;
  }

  private take(bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.chunks[0] as Uint8Array;
      const part = Math.min(chunk.length, bytes - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.buffered -= bytes;
    return out;
  }
}
