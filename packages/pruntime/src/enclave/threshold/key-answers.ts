import {
  concatBytes,
  contractId,
  contractInput,
  equalBytes,
  randomBytes,
  type Sr25519Keypair,
  sealEnvelope,
  threshold,
  utf8,
} from '@phalanx/crypto';
import { type Envelope, type Message, type MessageOrigin, signMessage } from '@phalanx/primitives';
import {
  InstantiateRequest,
  KeyAnswerMessage,
  MQ_TOPICS,
  Mq,
  Phat,
  ProvisionRequest,
  Registry,
  type StateReader,
  THRESHOLD_TOPICS,
} from '@phalanx/runtime';
import { decode, encode, type Infer, option, struct } from '@phalanx/scale';
import type { EgressItem } from '../ecall.js';
import type { ThresholdHolder } from './holder.js';
import type { OriginSequences } from './sequences.js';

/**
 * What one gatekeeper tells one worker about one contract (encrypted to the worker): its OPRF
 * answer on the contract's input, and for a new contract its agreement partial on the deployer's
 * argument envelope (so the worker can open the constructor arguments sealed to the MasterPubkey).
 */
export const KeyAnswer = struct('KeyAnswer', {
  seed: threshold.oprfAnswerCodec,
  args: option(threshold.oprfAnswerCodec),
});
export type KeyAnswer = Infer<typeof KeyAnswer>;

export const keyAnswerAd = (contract: Uint8Array, recipient: Uint8Array) =>
  concatBytes(utf8(THRESHOLD_TOPICS.keyAnswer), contract, recipient);
const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');

interface AnswerContext {
  readonly identity: Sr25519Keypair;
  readonly ecdh: Sr25519Keypair;
  readonly state: StateReader;
  readonly inbound: readonly Message[];
  readonly sequences: OriginSequences;
}

/**
 * Gatekeeper side of deployment under a threshold MasterKey (issue 13): for each instantiation
 * and provision request the chain delivered, answer with this share — never the key — to each
 * worker concerned, encrypted to its EcdhKey. Any t answers give the worker exactly the seed the
 * whole key would (`thresholdContractSeed`); each answer carries a DLEQ proof against this
 * member's verification share, so a wrong one is detected and named.
 */
export function answerKeyRequests(holder: ThresholdHolder, ctx: AnswerContext): EgressItem[] {
  const share = holder.share;
  if (share === undefined) return [];
  const egress: EgressItem[] = [];
  const origin: MessageOrigin = { tag: 'Gatekeeper', value: ctx.identity.publicKey };
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);
  const send = (contract: Uint8Array, worker: Uint8Array, answer: KeyAnswer) => {
    const record = Registry.Workers.get(ctx.state, worker);
    if (record === undefined) return;
    const plaintext = encode(KeyAnswer, answer);
    const envelope: Envelope = sealEnvelope(ctx.ecdh, record.info.ecdhPubkey, plaintext, {
      associatedData: keyAnswerAd(contract, worker),
    });
    const payload = encode(KeyAnswerMessage, { contract, recipient: worker, envelope });
    const message: Message = { origin, topic: utf8(THRESHOLD_TOPICS.keyAnswer), payload };
    egress.push({
      tag: 'PushMessage',
      value: signMessage(ctx.identity, message, ctx.sequences.take(ctx.state, origin), chainId),
    });
  };
  for (const message of ctx.inbound) {
    if (message.origin.tag !== 'Pallet') continue;
    const topic = topicOf(message);
    if (topic === MQ_TOPICS.instantiate) {
      const request = decode(InstantiateRequest, message.payload);
      const identity = { clusterId: request.cluster, deployer: request.deployer, codeHash: request.codeHash, salt: request.salt };
      if (!equalBytes(contractId(identity), request.contract)) continue;
      const seed = threshold.oprfPartialEvaluate(share, contractInput(identity), randomBytes);
      let args: KeyAnswer['args'];
      try {
        args = threshold.agreementPartial(share, request.args.senderPubkey, randomBytes);
      } catch {
        args = undefined; // not a key: the constructor gets no arguments, as with the whole key
      }
      for (const worker of Phat.Clusters.get(ctx.state, request.cluster)?.workers ?? [])
        send(request.contract, worker, { seed, args });
    } else if (topic === MQ_TOPICS.provision) {
      const request = decode(ProvisionRequest, message.payload);
      for (const { contract, cluster, deployer, codeHash, salt } of request.contracts) {
        const identity = { clusterId: cluster, deployer, codeHash, salt };
        if (!equalBytes(contractId(identity), contract)) continue;
        send(contract, request.worker, {
          seed: threshold.oprfPartialEvaluate(share, contractInput(identity), randomBytes),
          args: undefined,
        });
      }
    }
  }
  return egress;
}
