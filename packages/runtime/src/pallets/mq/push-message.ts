import { equalBytes } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { type MessageOrigin, type SignedMessage, verifyMessage } from '@phalanx/primitives';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { Phat } from '../phat/storage.js';
import { isGatekeeper } from '../registry/register-gatekeeper.js';
import { Registry } from '../registry/storage.js';
import { Threshold } from '../threshold/storage.js';
import { THRESHOLD_TOPICS } from '../threshold/types.js';
import { appendOutbound } from './outbound.js';
import { routeOf } from './routes.js';
import { Mq } from './storage.js';

const fail = palletErrors('Mq');

const isTopic = (topic: Uint8Array, name: string) => Buffer.from(topic).toString('latin1') === name;

/**
 * Who may send as `origin`: a registered worker, a gatekeeper (its identity key, or the
 * MasterKey once published, so that all gatekeepers can emit the same bytes), a deployed
 * contract's identity key, or the extrinsic's own signer. Pallet origins are the runtime's own.
 */
function checkOrigin(state: StateReader, origin: MessageOrigin, relayer: Uint8Array, topic: Uint8Array): void {
  switch (origin.tag) {
    case 'Pallet':
      throw fail('PalletOriginRefused', 'pallet-origin messages are produced by the runtime only');
    case 'Worker':
      if (!Registry.Workers.has(state, origin.value))
        throw fail('UnknownWorker', 'the message origin is not a registered worker');
      return;
    case 'Gatekeeper': {
      const master = Registry.MasterPubkey.get(state);
      const isMaster = master !== undefined && equalBytes(master, origin.value);
      // Holders of the shared key speak while they hold it, listed or not: a gatekeeper voted out or
      // replaced by a migration still deals its share to the new committee.
      const holder = Threshold.Group.get(state)?.members.some((m) => equalBytes(m, origin.value)) ?? false;
      if (!isMaster && !holder && !isGatekeeper(state, origin.value))
        throw fail('NotGatekeeper', 'the message origin is not a registered gatekeeper');
      return;
    }
    case 'Contract':
      // A contract's first message under a threshold MasterKey publishes its own keys (self-signed, checked on delivery).
      if (!Phat.ContractByIdentity.has(state, origin.value) && !isTopic(topic, THRESHOLD_TOPICS.contractKeys))
        throw fail('UnknownContract', 'the message origin is not a deployed contract');
      return;
    case 'Account':
      if (!equalBytes(origin.value, relayer))
        throw fail('AccountMismatch', 'an account-origin message must be submitted by that account');
      return;
  }
}

/**
 * Queues a signed message. Exactly the sender's next sequence is accepted; an older one is a
 * duplicate (identical copies from several relayers): a successful no-op with `MessageDuplicate`;
 * a newer one is a gap and fails. Messages on the chain's own topics are routed to their pallet.
 */
export function pushMessage(ctx: CallContext, args: { signed: SignedMessage }): void {
  const relayer = ensureSigned(ctx.origin);
  const { message, sequence } = args.signed;
  const { origin, topic } = message;
  checkOrigin(ctx.state, origin, relayer, topic);
  const route = routeOf(topic);
  if (route !== undefined && route.from !== origin.tag) {
    throw fail('TopicNotAllowed', `this topic is reserved for ${route.from} origins`);
  }
  const chainId = Mq.ChainId.get(ctx.state);
  if (chainId === undefined) throw fail('NoChainId', 'the chain has no Mq.ChainId: its genesis predates the MQ pallet');
  try {
    verifyMessage(args.signed, chainId);
  } catch (error) {
    if (isPhalanxError(error, 'BAD_SIGNATURE'))
      throw fail('BadSignature', 'the message is not signed by its origin key for this chain');
    throw error;
  }
  const expected = Mq.Sequences.get(ctx.state, origin) ?? 0n;
  if (sequence < expected) {
    ctx.emit({ tag: 'Mq', value: { tag: 'MessageDuplicate', value: { origin, sequence } } });
    return;
  }
  if (sequence > expected) throw fail('SequenceGap', `expected sequence ${expected} from this sender, got ${sequence}`);
  Mq.Sequences.set(ctx.state, origin, expected + 1n);
  appendOutbound(ctx.state, message);
  if (route?.deliver !== undefined && origin.tag !== 'Pallet') route.deliver(ctx, origin.value, message.payload);
  ctx.emit({ tag: 'Mq', value: { tag: 'MessageAccepted', value: { origin, topic, sequence } } });
}
