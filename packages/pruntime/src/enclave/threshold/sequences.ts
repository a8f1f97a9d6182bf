import type { MessageOrigin } from '@phalanx/primitives';
import { Mq, type StateReader } from '@phalanx/runtime';

/**
 * MQ sequences of an origin that sends several messages before the chain includes them: the next
 * one is past both what the chain counted and what this pRuntime already signed, so two messages
 * in flight never share a sequence (the chain would keep one and drop the other as a duplicate).
 * In memory only: after a restart the chain's count is the start again (messages lost with the
 * restart are gone either way).
 */
export class OriginSequences {
  private readonly next = new Map<string, bigint>();

  take(state: StateReader, origin: MessageOrigin): bigint {
    const id = `${origin.tag}:${Buffer.from(origin.value as Uint8Array).toString('hex')}`;
    const onChain = Mq.Sequences.get(state, origin) ?? 0n;
    const local = this.next.get(id) ?? 0n;
    const sequence = local > onChain ? local : onChain;
    this.next.set(id, sequence + 1n);
    return sequence;
  }
}
