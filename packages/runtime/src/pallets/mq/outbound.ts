import { utf8 } from '@phalanx/crypto';
import { LIMITS, type Message } from '@phalanx/primitives';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import type { Overlay } from '../../state/overlay.js';
import { Mq } from './storage.js';
import { MQ_LIMITS } from './types.js';

const fail = palletErrors('Mq');

/** Appends to this block's outbound messages. */
export function appendOutbound(state: Overlay, message: Message): void {
  const count = Mq.OutboundCount.getOr(state, 0);
  if (count >= MQ_LIMITS.maxOutbound)
    throw fail('OutboundFull', `a block queues at most ${MQ_LIMITS.maxOutbound} messages; retry in a later block`);
  Mq.Outbound.set(state, count, message);
  Mq.OutboundCount.set(state, count + 1);
}

/**
 * Queues a message from a pallet (`Pallet` origin: produced by the runtime itself, so unsigned
 * and without a sequence; enclaves trust it because they read it from verified state).
 */
export function pushPalletMessage(ctx: Pick<CallContext, 'state'>, pallet: string, topic: string, payload: Uint8Array): void {
  if (payload.length > LIMITS.mqPayload) {
    throw fail('PayloadTooLarge', `a message payload holds at most ${LIMITS.mqPayload} bytes, this one is ${payload.length}`);
  }
  appendOutbound(ctx.state, { origin: { tag: 'Pallet', value: pallet }, topic: utf8(topic), payload });
}

/** Drops the previous block's messages (block initialisation). */
export function clearOutbound(state: Overlay): void {
  const count = Mq.OutboundCount.getOr(state, 0);
  for (let i = 0; i < count; i++) Mq.Outbound.remove(state, i);
  Mq.OutboundCount.remove(state);
}
