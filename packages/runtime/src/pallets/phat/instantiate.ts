import { contractId } from '@phalanx/crypto';
import type { Envelope } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { pushPalletMessage } from '../mq/outbound.js';
import { MQ_TOPICS } from '../mq/types.js';
import { Phat } from './storage.js';
import { InstantiateRequest, PHAT_LIMITS } from './types.js';

const fail = palletErrors('Phat');

/**
 * Records a pending contract and asks the gatekeepers (pallet message "phalanx/phat/instantiate")
 * to derive its key; the contract is deployed when they publish its public keys. The constructor
 * args are forwarded encrypted, never opened or stored by the chain.
 */
export function instantiate(
  ctx: CallContext,
  args: { clusterId: Uint8Array; codeHash: Uint8Array; salt: Uint8Array; args: Envelope },
): void {
  const deployer = ensureSigned(ctx.origin);
  const { clusterId: cluster, codeHash, salt } = args;
  if (!Phat.Codes.has(ctx.state, codeHash)) throw fail('CodeNotFound', 'no code is uploaded with this hash');
  if (!Phat.Clusters.has(ctx.state, cluster)) throw fail('ClusterNotFound', 'no cluster has this id');
  const contract = contractId({ clusterId: cluster, deployer, codeHash, salt });
  if (Phat.Contracts.has(ctx.state, contract)) {
    throw fail('ContractExists', 'this deployer already instantiated this code in this cluster with this salt; use another salt');
  }
  Phat.Contracts.set(ctx.state, contract, {
    info: { id: contract, clusterId: cluster, deployer, codeHash, salt, publicKeys: undefined },
    instantiatedAt: ctx.block.number,
    deployedAt: undefined,
    workers: [],
    initArgs: undefined,
  });
  const inCluster = Phat.ClusterContracts.get(ctx.state, cluster) ?? [];
  if (inCluster.length >= PHAT_LIMITS.maxClusterContracts) {
    throw fail('ClusterFull', `a cluster holds at most ${PHAT_LIMITS.maxClusterContracts} contracts`);
  }
  Phat.ClusterContracts.set(ctx.state, cluster, [...inCluster, contract]);
  const request = { contract, cluster, deployer, codeHash, salt, args: args.args };
  pushPalletMessage(ctx, 'Phat', MQ_TOPICS.instantiate, encode(InstantiateRequest, request));
  ctx.emit({ tag: 'Phat', value: { tag: 'InstantiationRequested', value: { contract, cluster, deployer, codeHash } } });
}
