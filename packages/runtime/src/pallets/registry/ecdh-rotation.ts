import { DOMAIN, equalBytes, type Keypair, signTagged, verifyTagged } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot, ensureSigned } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { Mq } from '../mq/storage.js';
import {
  DEFAULT_ECDH_ROTATION,
  EcdhRotation,
  type EcdhRotationSettings,
  MAX_ECDH_GRACE,
  type SignedEcdhRotation,
} from './ecdh-rotation-types.js';
import { Registry } from './storage.js';

const fail = palletErrors('Registry');

export function ecdhRotationSettings(state: StateReader): EcdhRotationSettings {
  return Registry.EcdhRotation.getOr(state, DEFAULT_ECDH_ROTATION);
}

export function signEcdhRotation(identity: Keypair, rotation: EcdhRotation, chainId: Uint8Array): SignedEcdhRotation {
  return { rotation, signature: signTagged(identity, DOMAIN.ecdhRotation, chainId, encode(EcdhRotation, rotation)) };
}

/**
 * Signed (by anyone: the worker's host relays it): the worker's new EcdhKey, signed by its
 * IdentityKey over the key it replaces. The old key stays on record as `PreviousEcdh` until
 * `grace` blocks have passed; the pRuntime erases its secret then.
 */
export function rotateEcdhKey(ctx: CallContext, args: { signed: SignedEcdhRotation }): void {
  ensureSigned(ctx.origin);
  const { rotation, signature } = args.signed;
  const record = Registry.Workers.get(ctx.state, rotation.worker);
  if (record === undefined) throw fail('UnknownWorker', 'only a registered worker rotates its EcdhKey');
  if (!equalBytes(record.info.ecdhPubkey, rotation.previous))
    throw fail('StaleRotation', 'the rotation replaces a key that is not the worker’s current EcdhKey');
  if (equalBytes(rotation.ecdhPubkey, rotation.previous)) throw fail('SameKey', 'the new EcdhKey equals the current one');
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);
  if (!verifyTagged('sr25519', rotation.worker, DOMAIN.ecdhRotation, chainId, encode(EcdhRotation, rotation), signature))
    throw fail('BadSignature', 'the rotation is not signed by the worker’s IdentityKey for this chain');
  const until = ctx.block.number + ecdhRotationSettings(ctx.state).grace;
  Registry.Workers.set(ctx.state, rotation.worker, { ...record, info: { ...record.info, ecdhPubkey: rotation.ecdhPubkey } });
  Registry.PreviousEcdh.set(ctx.state, rotation.worker, { key: rotation.previous, until });
  Registry.EcdhSince.set(ctx.state, rotation.worker, ctx.block.number);
  ctx.emit({
    tag: 'Registry',
    value: {
      tag: 'EcdhKeyRotated',
      value: { identity: rotation.worker, ecdhPubkey: rotation.ecdhPubkey, previousValidUntil: until },
    },
  });
}

/** Root: the rotation interval and grace window. */
export function setEcdhRotation(ctx: CallContext, args: { settings: EcdhRotationSettings }): void {
  ensureRoot(ctx.origin);
  const { interval, grace } = args.settings;
  if (grace < 1 || grace > MAX_ECDH_GRACE) throw fail('InvalidSettings', `grace must be within 1..=${MAX_ECDH_GRACE} blocks`);
  if (interval !== 0 && interval <= grace) throw fail('InvalidSettings', 'interval must be 0 (never) or longer than grace');
  Registry.EcdhRotation.set(ctx.state, args.settings);
  ctx.emit({ tag: 'Registry', value: { tag: 'EcdhRotationChanged', value: args.settings } });
}
