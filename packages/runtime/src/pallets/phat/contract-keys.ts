import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { Phat } from './storage.js';
import type { ContractKeysMessage } from './types.js';

const fail = palletErrors('Phat');

/**
 * A gatekeeper's "phalanx/phat/contract-keys" message (routed by the MQ pallet, sender checked):
 * records the contract's public keys and deploys it to its cluster's current workers. The same
 * keys again are a no-op (every gatekeeper publishes them); other keys are kept out and reported.
 */
export function recordContractKeys(ctx: CallContext, gatekeeper: Uint8Array, keys: ContractKeysMessage): void {
  const record = Phat.Contracts.get(ctx.state, keys.contract);
  if (record === undefined) throw fail('ContractNotFound', 'the published keys are for a contract that was never instantiated');
  const published = record.info.publicKeys;
  if (published !== undefined) {
    const same = equalBytes(published.identityPubkey, keys.identityPubkey) && equalBytes(published.ecdhPubkey, keys.ecdhPubkey);
    if (!same) ctx.emit({ tag: 'Phat', value: { tag: 'ContractKeysConflict', value: { contract: keys.contract, gatekeeper } } });
    return;
  }
  if (Phat.ContractByIdentity.has(ctx.state, keys.identityPubkey)) {
    throw fail('IdentityInUse', 'another contract already has this identity key');
  }
  const cluster = Phat.Clusters.get(ctx.state, record.info.clusterId);
  const workers = cluster?.workers ?? [];
  const publicKeys = { identityPubkey: keys.identityPubkey, ecdhPubkey: keys.ecdhPubkey };
  Phat.Contracts.set(ctx.state, keys.contract, {
    ...record,
    info: { ...record.info, publicKeys },
    deployedAt: ctx.block.number,
    workers,
    initArgs: keys.initArgs,
  });
  Phat.ContractByIdentity.set(ctx.state, keys.identityPubkey, keys.contract);
  ctx.emit({ tag: 'Phat', value: { tag: 'ContractDeployed', value: { contract: keys.contract, workers } } });
}
