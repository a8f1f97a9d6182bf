import { type MessageOrigin, PublicKey } from '@phalanx/primitives';
import { type Codec, decode } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { recordContractKeys } from '../phat/contract-keys.js';
import { recordReceipts } from '../phat/receipts.js';
import { ContractKeysMessage, ContractReceipts } from '../phat/types.js';
import { receiveHeartbeat } from '../registry/heartbeat.js';
import { publishMasterPubkey } from '../registry/master-pubkey.js';
import { HeartbeatAnswer } from '../registry/types.js';
import { recordDealing, recordJustifications, recordReady, recordSelfPublishedContractKeys } from '../threshold/messages.js';
import { recordAnnouncement } from '../threshold/refresh.js';
import {
  recordReshareDealing,
  recordReshareJustify,
  recordReshareReady,
  recordSeedDealing,
} from '../threshold/reshare-messages.js';
import {
  DealingMessage,
  JustifyMessage,
  ReadyMessage,
  RefreshMessage,
  ReshareDealingMessage,
  ReshareJustifyMessage,
  ReshareReadyMessage,
  SeedDealingMessage,
  THRESHOLD_TOPICS,
} from '../threshold/types.js';
import { MQ_TOPICS } from './types.js';

const fail = palletErrors('Mq');

/** A topic the chain gives meaning to: who may send on it, and what the chain does on delivery. */
export interface Route {
  readonly from: MessageOrigin['tag'];
  /** Runs inside the push (its failure fails the push); `sender` is the origin's key. */
  readonly deliver?: (ctx: CallContext, sender: Uint8Array, payload: Uint8Array) => void;
}

function payloadOf<T>(codec: Codec<T>, payload: Uint8Array, topic: string): T {
  try {
    return decode(codec, payload);
  } catch {
    throw fail('BadPayload', `the payload of a "${topic}" message does not decode as ${codec.name}`);
  }
}

/** A topic whose messages the chain decodes with `codec` and hands to `record`. */
function routed<T>(
  topic: string,
  from: MessageOrigin['tag'],
  codec: Codec<T>,
  record: (ctx: CallContext, sender: Uint8Array, value: T) => void,
): [string, Route] {
  return [topic, { from, deliver: (ctx, sender, payload) => record(ctx, sender, payloadOf(codec, payload, topic)) }];
}

/** Routing table: topic → route. Keys are the topics' bytes read as latin1 (topics here are ASCII). */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  routed(MQ_TOPICS.masterPubkey, 'Gatekeeper', PublicKey, publishMasterPubkey),
  routed(MQ_TOPICS.contractKeys, 'Gatekeeper', ContractKeysMessage, recordContractKeys),
  routed(MQ_TOPICS.heartbeat, 'Worker', HeartbeatAnswer, receiveHeartbeat),
  routed(MQ_TOPICS.receipts, 'Contract', ContractReceipts, recordReceipts),
  routed(THRESHOLD_TOPICS.dealing, 'Gatekeeper', DealingMessage, recordDealing),
  routed(THRESHOLD_TOPICS.ready, 'Gatekeeper', ReadyMessage, recordReady),
  routed(THRESHOLD_TOPICS.justify, 'Gatekeeper', JustifyMessage, recordJustifications),
  routed(THRESHOLD_TOPICS.contractKeys, 'Contract', ContractKeysMessage, recordSelfPublishedContractKeys),
  routed(THRESHOLD_TOPICS.refresh, 'Gatekeeper', RefreshMessage, recordAnnouncement),
  routed(THRESHOLD_TOPICS.reshareDealing, 'Gatekeeper', ReshareDealingMessage, recordReshareDealing),
  routed(THRESHOLD_TOPICS.seedDealing, 'Gatekeeper', SeedDealingMessage, recordSeedDealing),
  routed(THRESHOLD_TOPICS.reshareReady, 'Gatekeeper', ReshareReadyMessage, recordReshareReady),
  routed(THRESHOLD_TOPICS.reshareJustify, 'Gatekeeper', ReshareJustifyMessage, recordReshareJustify),
  // Relayed only: encrypted to their recipients, who check them.
  [THRESHOLD_TOPICS.payload, { from: 'Gatekeeper' }],
  [THRESHOLD_TOPICS.keyAnswer, { from: 'Gatekeeper' }],
  [THRESHOLD_TOPICS.resharePayload, { from: 'Gatekeeper' }],
  [MQ_TOPICS.instantiate, { from: 'Pallet' }],
  [MQ_TOPICS.provision, { from: 'Pallet' }],
  [MQ_TOPICS.command, { from: 'Pallet' }],
]);

/** The route of a topic, or `undefined` for a topic the chain only delivers. */
export function routeOf(topic: Uint8Array): Route | undefined {
  return ROUTES.get(Buffer.from(topic.buffer, topic.byteOffset, topic.byteLength).toString('latin1'));
}
