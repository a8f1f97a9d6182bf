import type { Overlay, StateReader } from '../../state/overlay.js';
import { type AccountInfo, EMPTY_ACCOUNT, System } from './storage.js';

export function readAccount(state: StateReader, who: Uint8Array): AccountInfo {
  return System.Account.get(state, who) ?? EMPTY_ACCOUNT;
}

/** Writes an account; an account with no nonce and no balance is removed (nothing to remember). */
export function writeAccount(state: Overlay, who: Uint8Array, info: AccountInfo): void {
  if (info.nonce === 0 && info.free === 0n && info.reserved === 0n) System.Account.remove(state, who);
  else System.Account.set(state, who, info);
}

export function accountExists(state: StateReader, who: Uint8Array): boolean {
  return System.Account.has(state, who);
}
