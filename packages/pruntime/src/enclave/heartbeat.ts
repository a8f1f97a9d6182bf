import type { Sr25519Keypair } from '@phalanx/crypto';
import { utf8 } from '@phalanx/crypto';
import { type Message, type MessageOrigin, signMessage } from '@phalanx/primitives';
import { HeartbeatAnswer, heartbeatResponse, MQ_TOPICS, Mq, Registry, type StateReader } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import type { EgressItem } from './ecall.js';

/**
 * Answers the chain's current heartbeat challenge (spec 002 "Offline Worker Detection"): the answer
 * proves this pRuntime read the challenge seed from verified state. One answer per challenge;
 * `answered` remembers the challenge block already answered while the answer is in flight.
 */
export function heartbeatDuty(
  identity: Sr25519Keypair,
  state: StateReader,
  answered: { block: number | undefined },
): EgressItem[] {
  const record = Registry.Workers.get(state, identity.publicKey);
  const challenge = Registry.Challenge.get(state);
  if (record === undefined || challenge === undefined) return [];
  if (record.lastHeartbeat >= challenge.block || answered.block === challenge.block) return [];
  answered.block = challenge.block;
  const origin: MessageOrigin = { tag: 'Worker', value: identity.publicKey };
  const payload = encode(HeartbeatAnswer, {
    challengeBlock: challenge.block,
    response: heartbeatResponse(challenge.seed, identity.publicKey),
  });
  const message: Message = { origin, topic: utf8(MQ_TOPICS.heartbeat), payload };
  const sequence = Mq.Sequences.get(state, origin) ?? 0n;
  return [{ tag: 'PushMessage', value: signMessage(identity, message, sequence, Mq.ChainId.get(state) ?? new Uint8Array(32)) }];
}

/** Whether an egress item is a heartbeat answer. */
export function isHeartbeat(item: EgressItem): boolean {
  return item.tag === 'PushMessage' && Buffer.from(item.value.message.topic).toString('utf8') === MQ_TOPICS.heartbeat;
}
