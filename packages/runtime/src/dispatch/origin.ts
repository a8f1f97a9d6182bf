import { palletErrors } from './error.js';

/** Who is calling: a signed account, or root (sudo, genesis governance). */
export type Origin = { readonly kind: 'signed'; readonly account: Uint8Array } | { readonly kind: 'root' };

const fail = palletErrors('System');

export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'signed') throw fail('BadOrigin', 'this call must be signed by an account');
  return origin.account;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw fail('BadOrigin', 'this call needs the root origin (submit it through sudo.sudo)');
}
