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

/** The on-chain record of any error escaping a call (unknown errors are reported without internals). */
export function dispatchErrorRecord(error: unknown): DispatchErrorRecord {
  if (error instanceof DispatchError) {
    return { pallet: error.pallet, error: error.error, message: error.message.slice(0, 200) };
  }
  if (error instanceof PhalanxError) return { pallet: 'Runtime', error: error.code, message: error.message.slice(0, 200) };
  return { pallet: 'Runtime', error: 'Internal', message: 'unexpected failure inside the call' };
}

/** A helper per pallet: `const fail = palletErrors('Balances'); throw fail('InsufficientBalance', '…')`. */
export function palletErrors(pallet: string): (error: string, message: string) => DispatchError {
  return (error, message) => new DispatchError(pallet, error, message);
}
