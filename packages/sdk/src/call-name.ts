import { RuntimeCall } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';

/**
 * `Pallet.call` of a SCALE-encoded `RuntimeCall` (a proposal, a motion, a referendum's call), for
 * listings; "?" when it does not decode (a call from another runtime version).
 */
export function callName(bytes: Uint8Array): string {
  try {
    const call = decode(RuntimeCall, bytes);
    return `${call.tag}.${(call.value as { tag: string }).tag}`;
  } catch {
    return '?';
  }
}
