import { palletErrors } from './error.js';

/**
 * Who is calling: a signed account, root (sudo, an enacted referendum), or the council — a motion
 * that passed with `ayes` of the `members` council members at its close (Substrate's
 * `pallet_collective::RawOrigin::Members`).
 */
export type Origin =
  | { readonly kind: 'signed'; readonly account: Uint8Array }
  | { readonly kind: 'root' }
  | { readonly kind: 'council'; readonly ayes: number; readonly members: number };

const fail = palletErrors('System');

export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'signed') throw fail('BadOrigin', 'this call must be signed by an account');
  return origin.account;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw fail('BadOrigin', 'this call needs the root origin (submit it through sudo.sudo)');
}

/**
 * Root, or a council motion whose ayes are at least `numerator/denominator` of the members
 * (`ayes · denominator ≥ numerator · members`, Substrate's `EnsureProportionAtLeast`).
 */
export function ensureCouncil(origin: Origin, numerator: number, denominator: number): void {
  if (origin.kind === 'root') return;
  if (origin.kind === 'council' && origin.members > 0 && origin.ayes * denominator >= numerator * origin.members) return;
  throw fail(
    'BadOrigin',
    `this call needs root or a council motion passed by at least ${numerator}/${denominator} of the members (propose it with council.propose)`,
  );
}
