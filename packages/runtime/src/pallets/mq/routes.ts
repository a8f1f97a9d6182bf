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

function reshareRoutes(): [string, Route][] {
  const gatekeeper = <T>(topic: string, codec: Codec<T>, record: (ctx: CallContext, sender: Uint8Array, value: T) => void) =>
    [topic, { from: 'Gatekeeper', deliver: (ctx, sender, payload) => record(ctx, sender, payloadOf(codec, payload, topic)) }] as [
      string,
      Route,
    ];
  return [
    gatekeeper(THRESHOLD_TOPICS.reshareDealing, ReshareDealingMessage, recordReshareDealing),
    gatekeeper(THRESHOLD_TOPICS.seedDealing, SeedDealingMessage, recordSeedDealing),
    gatekeeper(THRESHOLD_TOPICS.reshareReady, ReshareReadyMessage, recordReshareReady),
    gatekeeper(THRESHOLD_TOPICS.reshareJustify, ReshareJustifyMessage, recordReshareJustify),
  ];
}

/** Routing table: topic → route. Keys are the topics' bytes read as latin1 (topics here are ASCII). */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    MQ_TOPICS.masterPubkey,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) => publishMasterPubkey(ctx, sender, payloadOf(PublicKey, payload, MQ_TOPICS.masterPubkey)),
    },
  ],
  [
    MQ_TOPICS.contractKeys,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) =>
        recordContractKeys(ctx, sender, payloadOf(ContractKeysMessage, payload, MQ_TOPICS.contractKeys)),
    },
  ],
  [
    MQ_TOPICS.heartbeat,
    {
      from: 'Worker',
      deliver: (ctx, sender, payload) => receiveHeartbeat(ctx, sender, payloadOf(HeartbeatAnswer, payload, MQ_TOPICS.heartbeat)),
    },
  ],
  [
    MQ_TOPICS.receipts,
    {
      from: 'Contract',
      deliver: (ctx, sender, payload) => recordReceipts(ctx, sender, payloadOf(ContractReceipts, payload, MQ_TOPICS.receipts)),
    },
  ],
  [
    THRESHOLD_TOPICS.dealing,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) => recordDealing(ctx, sender, payloadOf(DealingMessage, payload, THRESHOLD_TOPICS.dealing)),
    },
  ],
  [
    THRESHOLD_TOPICS.ready,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) => recordReady(ctx, sender, payloadOf(ReadyMessage, payload, THRESHOLD_TOPICS.ready)),
    },
  ],
  [
    THRESHOLD_TOPICS.justify,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) =>
        recordJustifications(ctx, sender, payloadOf(JustifyMessage, payload, THRESHOLD_TOPICS.justify)),
    },
  ],
  [
    THRESHOLD_TOPICS.contractKeys,
    {
      from: 'Contract',
      deliver: (ctx, sender, payload) =>
        recordSelfPublishedContractKeys(ctx, sender, payloadOf(ContractKeysMessage, payload, THRESHOLD_TOPICS.contractKeys)),
    },
  ],
  [
    THRESHOLD_TOPICS.refresh,
    {
      from: 'Gatekeeper',
      deliver: (ctx, sender, payload) =>
        recordAnnouncement(ctx, sender, payloadOf(RefreshMessage, payload, THRESHOLD_TOPICS.refresh)),
    },
  ],
  ...reshareRoutes(),
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
