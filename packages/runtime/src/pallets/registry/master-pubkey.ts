import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { Registry } from './storage.js';

/**
 * A gatekeeper's MQ message on topic "phalanx/registry/master-pubkey" (routed by the MQ pallet,
 * which already checked the sender is a gatekeeper). The first publication sets the key; the
 * same key again is a no-op; a different key is kept out and reported (`MasterPubkeyConflict`),
 * without failing the message, so the gatekeeper's sequence moves on.
 */
export function publishMasterPubkey(ctx: CallContext, gatekeeper: Uint8Array, pubkey: Uint8Array): void {
  const recorded = Registry.MasterPubkey.get(ctx.state);
  if (recorded === undefined) {
    Registry.MasterPubkey.set(ctx.state, pubkey);
    ctx.emit({ tag: 'Registry', value: { tag: 'MasterPubkeyPublished', value: { pubkey } } });
    return;
  }
  if (equalBytes(recorded, pubkey)) return;
  ctx.emit({ tag: 'Registry', value: { tag: 'MasterPubkeyConflict', value: { gatekeeper, recorded, published: pubkey } } });
}
