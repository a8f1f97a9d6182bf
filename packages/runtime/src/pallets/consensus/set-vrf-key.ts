import { isSr25519PublicKey } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Consensus } from './storage.js';
import { replaceVrfKey } from './vrf-keys.js';

const fail = palletErrors('Consensus');

/**
 * Root: sets (or, with none, removes) the sr25519 VRF key of a current validator. The validator
 * extends its votes with it from the next height on (the node reads it from state), so the
 * operator installs the secret before this call; until then its vote extensions are refused.
 */
export function setVrfKey(ctx: CallContext, args: { consensusKey: Uint8Array; vrfKey: Uint8Array | undefined }): void {
  ensureRoot(ctx.origin);
  const { consensusKey, vrfKey } = args;
  if (!Consensus.Validators.has(ctx.state, consensusKey)) throw fail('NotAValidator', 'this consensus key is not a validator');
  if (vrfKey !== undefined && !isSr25519PublicKey(vrfKey)) {
    throw fail('InvalidVrfKey', 'the VRF key is not a valid sr25519 public key (a ristretto255 point other than the identity)');
  }
  replaceVrfKey(ctx.state, consensusKey, vrfKey);
  ctx.emit({ tag: 'Consensus', value: { tag: 'VrfKeySet', value: { consensusKey, vrfKey } } });
}
