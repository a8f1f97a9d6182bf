import {
  concatBytes,
  contractId,
  contractKeys,
  contractSeed,
  derive,
  deriveIv,
  equalBytes,
  masterDerivedSecret,
  type Sr25519Keypair,
  sealEnvelope,
  utf8,
} from '@phalanx/crypto';
import {
  Envelope,
  Hash,
  type Message,
  type MessageOrigin,
  openInstantiateArgs,
  PublicKey,
  sealInitArgs,
  signMessage,
} from '@phalanx/primitives';
import {
  ContractKeysMessage,
  InstantiateRequest,
  MQ_TOPICS,
  Mq,
  Phat,
  ProvisionRequest,
  Registry,
  type StateReader,
} from '@phalanx/runtime';
import { decode, encode, type Infer, struct } from '@phalanx/scale';
import type { EgressItem } from './ecall.js';

/** Gatekeeper → a contract's worker: the ContractKey seed, encrypted to the worker's EcdhKey. */
export const CONTRACT_KEY_TOPIC = 'phalanx/gatekeeper/contract-key';
export const ContractKeyDelivery = struct('ContractKeyDelivery', { contract: Hash, recipient: PublicKey, envelope: Envelope });
export type ContractKeyDelivery = Infer<typeof ContractKeyDelivery>;

const deliveryAd = (contract: Uint8Array, recipient: Uint8Array) => concatBytes(utf8(CONTRACT_KEY_TOPIC), contract, recipient);
const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');

/**
 * Gatekeeper side of deployment (spec 002 "Contract Key Generation / Provision"): for each
 * instantiation request the chain delivered, derive the ContractKey from the MasterKey (OPRF, DESIGN
 * §3), publish the contract's public keys, and send the key — encrypted, per contract — to each
 * registered worker of its cluster only. Sender, origin and IVs come from the MasterKey, so every
 * gatekeeper emits the same messages with the same sequences.
 */
export function deployContracts(
  master: Sr25519Keypair,
  state: StateReader,
  blockNumber: number,
  inbound: readonly Message[],
  firstSequence: bigint,
): EgressItem[] {
  const origin: MessageOrigin = { tag: 'Gatekeeper', value: master.publicKey };
  const chainId = Mq.ChainId.get(state) ?? new Uint8Array(32);
  let sequence = firstSequence;
  const ivKey = masterDerivedSecret(master, 'gatekeeper-iv');
  const egress: EgressItem[] = [];
  const push = (topic: string, payload: Uint8Array) => {
    egress.push({ tag: 'PushMessage', value: signMessage(master, { origin, topic: utf8(topic), payload }, sequence, chainId) });
    sequence++;
  };
  const deliver = (contract: Uint8Array, seed: Uint8Array, worker: Uint8Array) => {
    const record = Registry.Workers.get(state, worker);
    if (record === undefined) return;
    const envelope = sealEnvelope(master, record.info.ecdhPubkey, seed, {
      associatedData: deliveryAd(contract, worker),
      iv: deriveIv(ivKey, blockNumber, sequence),
    });
    push(CONTRACT_KEY_TOPIC, encode(ContractKeyDelivery, { contract, recipient: worker, envelope }));
  };
  for (const message of inbound) {
    if (message.origin.tag !== 'Pallet') continue;
    const topic = topicOf(message);
    if (topic === MQ_TOPICS.provision) {
      const request = decode(ProvisionRequest, message.payload);
      for (const { contract, cluster, deployer, codeHash, salt } of request.contracts) {
        const identity = { clusterId: cluster, deployer, codeHash, salt };
        if (!equalBytes(contractId(identity), contract)) continue;
        const seed = contractSeed(master, identity);
        deliver(contract, seed, request.worker);
        seed.fill(0);
      }
      continue;
    }
    if (topic !== MQ_TOPICS.instantiate) continue;
    const request = decode(InstantiateRequest, message.payload);
    const identity = { clusterId: request.cluster, deployer: request.deployer, codeHash: request.codeHash, salt: request.salt };
    if (!equalBytes(contractId(identity), request.contract)) continue; // not what the chain would compute: ignore
    const seed = contractSeed(master, identity);
    const keys = contractKeys(seed);
    push(
      MQ_TOPICS.contractKeys,
      encode(ContractKeysMessage, {
        contract: request.contract,
        identityPubkey: keys.identity.publicKey,
        ecdhPubkey: keys.ecdh.publicKey,
        initArgs: reencryptArgs(master, request, keys.ecdh, derive(seed, 'init-iv')),
      }),
    );
    const cluster = Phat.Clusters.get(state, request.cluster);
    for (const worker of cluster?.workers ?? []) deliver(request.contract, seed, worker);
    seed.fill(0);
  }
  return egress;
}

/**
 * The deployer encrypted the constructor arguments to the MasterKey (the contract key did not exist
 * yet); hand them on encrypted to the contract's own EcdhKey, so any of its workers — now or later
 * — can read them and nobody else. Unreadable arguments become an empty plaintext: the constructor
 * then fails with a clear receipt instead of the deployment hanging.
 */
function reencryptArgs(master: Sr25519Keypair, request: InstantiateRequest, ecdh: Sr25519Keypair, ivKey: Uint8Array): Envelope {
  let args: Uint8Array;
  try {
    args = openInstantiateArgs(master, request.args, request.contract, request.deployer);
  } catch {
    args = new Uint8Array();
  }
  return sealInitArgs(ecdh, request.contract, args, deriveIv(ivKey, 0, 0));
}

/**
 * Worker side: takes the ContractKeys addressed to this worker from the block's messages, sent by
 * the registered MasterKey, and keeps those whose derived public keys match what gatekeepers
 * published for the contract on chain.
 */
export function receiveContractKeys(
  open: (envelope: Envelope, associatedData: Uint8Array) => Uint8Array,
  identity: Uint8Array,
  state: StateReader,
  inbound: readonly Message[],
): Map<string, Uint8Array> {
  const master = Registry.MasterPubkey.get(state);
  const received = new Map<string, Uint8Array>();
  if (master === undefined) return received;
  for (const message of inbound) {
    if (
      topicOf(message) !== CONTRACT_KEY_TOPIC ||
      message.origin.tag !== 'Gatekeeper' ||
      !equalBytes(message.origin.value, master)
    )
      continue;
    try {
      const delivery = decode(ContractKeyDelivery, message.payload);
      if (!equalBytes(delivery.recipient, identity)) continue;
      const seed = open(delivery.envelope, deliveryAd(delivery.contract, identity));
      const published = Phat.Contracts.get(state, delivery.contract)?.info.publicKeys;
      if (published === undefined || !equalBytes(contractKeys(seed).identity.publicKey, published.identityPubkey)) continue;
      received.set(Buffer.from(delivery.contract).toString('hex'), seed);
    } catch {
      // Not for us or not genuine: ignore.
    }
  }
  return received;
}
