import type { CallReceipt } from '@phalanx/primitives';
import type { CommandMessage } from '@phalanx/runtime';
import { DEFAULT_GAS_LIMIT, GAS } from './gas.js';

/** A command refused before it ran (bad envelope, replay) pays the base charge: opening it was work. */
export function failedReceipt(error: string): CallReceipt {
  return { ok: false, result: 'null', error, gasUsed: BigInt(GAS.base), events: [] };
}

/** The gas limit the sender reserved for (the runtime bounds it; the engine's own cap holds regardless). */
export function commandGasLimit(message: CommandMessage): number {
  return message.gasLimit < BigInt(DEFAULT_GAS_LIMIT) ? Number(message.gasLimit) : DEFAULT_GAS_LIMIT;
}

/**
 * A string the receipt codec accepts: lone surrogates replaced, cut to `maxBytes` of UTF-8 on a
 * character boundary (the engine counts UTF-16 units; the codec counts bytes).
 */
export function wellFormed(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes && text.isWellFormed()) return text; // the common case, without copying
  const bytes = Buffer.from(text, 'utf8'); // lone surrogates become U+FFFD here
  if (bytes.length <= maxBytes) return bytes.toString('utf8');
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // do not split a character
  return bytes.subarray(0, end).toString('utf8');
}
