import { isSr25519PublicKey } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Consensus } from './storage.js';
import { replaceVrfKey } from './vrf-keys.js';

const fail = palletErrors('Consensus');

/**
 * Root: sets (or, with none, removes) the sr25519 VRF key of a current validator. From the height
 * after this block its node must extend its precommits with the new key (it reads the registered
 * key from state and extends with nothing while its loaded key differs, and the others then refuse
 * those precommits): a rotation costs the validator its votes until its node runs with the new key.
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
