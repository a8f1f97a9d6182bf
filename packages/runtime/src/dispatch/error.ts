import { PhalanxError } from '@phalanx/errors';
import { type Infer, str, struct } from '@phalanx/scale';

/** A dispatch failure as recorded on chain: which pallet, which error, and a readable message. */
export const DispatchErrorRecord = struct('DispatchError', { pallet: str(32), error: str(64), message: str(256) });
export type DispatchErrorRecord = Infer<typeof DispatchErrorRecord>;

/**
 * Thrown by a call handler to fail its call. The executive rolls back the call's writes, keeps the
 * fee, and records `ExtrinsicFailed` with this error. Messages are public: never put secrets here.
 */
export class DispatchError extends PhalanxError {
  override readonly name = 'DispatchError';
  readonly pallet: string;
  readonly error: string;

  constructor(pallet: string, error: string, message: string) {
    super('DISPATCH_FAILED', `${pallet}.${error}: ${message}`, { details: { pallet, error } });
    this.pallet = pallet;
    this.error = error;
  }
}

/** Cuts a message to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && ((encoded[end] as number) & 0xc0) === 0x80) end--; // back off continuation bytes
  return encoded.subarray(0, end).toString('utf8');
}

/** The on-chain record of any error escaping a call (unknown errors are reported without internals). */
export function dispatchErrorRecord(error: unknown): DispatchErrorRecord {
  if (error instanceof DispatchError) {
    return { pallet: error.pallet, error: error.error, message: truncateUtf8(error.message, 256) };
  }
  if (error instanceof PhalanxError) return { pallet: 'Runtime', error: error.code, message: truncateUtf8(error.message, 256) };
  return { pallet: 'Runtime', error: 'Internal', message: 'unexpected failure inside the call' };
}

/** A helper per pallet: `const fail = palletErrors('Balances'); throw fail('InsufficientBalance', '…')`. */
export function palletErrors(pallet: string): (error: string, message: string) => DispatchError {
  return (error, message) => new DispatchError(pallet, error, message);
}
