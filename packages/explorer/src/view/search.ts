// What a search box entry means: a block number, a 32-byte hex (block hash, contract id or
// account), or an SS58 address (account or contract). The page resolves a hex against the chain.
import { fromSs58 } from '@phalanx/crypto';
import { hex } from './format.js';

export type SearchTarget =
  | { readonly kind: 'block'; readonly number: number }
  | { readonly kind: 'hash'; readonly hex: string }
  | { readonly kind: 'address'; readonly hex: string; readonly ss58: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseSearch(input: string): SearchTarget {
  const text = input.trim();
  if (text === '') return { kind: 'invalid', reason: 'type a block number, a hash, an account or a contract address' };
  if (/^#?\d+$/.test(text)) {
    const number = Number(text.replace('#', ''));
    if (!Number.isSafeInteger(number) || number > 0xffff_ffff)
      return { kind: 'invalid', reason: 'block numbers go up to 2^32 − 1' };
    return { kind: 'block', number };
  }
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { kind: 'hash', hex: text.toLowerCase() };
  if (/^0x/.test(text)) return { kind: 'invalid', reason: 'a hash or account in hex is 0x and 64 hex digits' };
  try {
    return { kind: 'address', hex: hex(fromSs58(text, null)), ss58: text };
  } catch {
    return { kind: 'invalid', reason: `"${text}" is no block number, 0x hash or SS58 address` };
  }
}
