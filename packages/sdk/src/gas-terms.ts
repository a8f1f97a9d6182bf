import { PhalanxError } from '@phalanx/errors';
import { COMMAND_GAS } from '@phalanx/runtime';

/** What a command may spend on gas: `gasLimit × gasPrice` is reserved at submission, the unused part freed at the receipt. */
export interface CallOptions {
  /** Most gas the command may use (default 100 million, about 30–40 CPU-ms; at most 1 billion). */
  readonly gasLimit?: number | bigint;
  /** Planck per gas unit (default and least: the chain's minimum, 100). */
  readonly gasPrice?: number | bigint;
}

/** Enough for ordinary contract methods many times over; a heavy method asks for more. */
export const DEFAULT_COMMAND_GAS_LIMIT = 100_000_000n;

function integer(value: number | bigint, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new PhalanxError('INVALID_INPUT', `${name} must be a whole number (got ${String(value)})`);
  return BigInt(value);
}

/** Checks the gas terms against the chain's rules before a nonce is taken (a refused command would still pay its fee). */
export function gasTerms(options: CallOptions = {}): { gasLimit: bigint; gasPrice: bigint } {
  const gasLimit = integer(options.gasLimit ?? DEFAULT_COMMAND_GAS_LIMIT, 'gasLimit');
  const gasPrice = integer(options.gasPrice ?? COMMAND_GAS.minPrice, 'gasPrice');
  if (gasLimit < COMMAND_GAS.minLimit || gasLimit > COMMAND_GAS.maxLimit)
    throw new PhalanxError(
      'INVALID_INPUT',
      `gasLimit must be within [${COMMAND_GAS.minLimit}, ${COMMAND_GAS.maxLimit}] (got ${gasLimit})`,
    );
  if (gasPrice < COMMAND_GAS.minPrice || gasPrice >= 1n << 128n)
    throw new PhalanxError('INVALID_INPUT', `gasPrice must be at least ${COMMAND_GAS.minPrice} planck per gas (got ${gasPrice})`);
  return { gasLimit, gasPrice };
}
