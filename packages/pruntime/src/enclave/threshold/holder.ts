import type { Sr25519Keypair, threshold } from '@phalanx/crypto';
import { utf8 } from '@phalanx/crypto';
import { type Envelope, type Message, type MessageOrigin, signMessage } from '@phalanx/primitives';
import { Mq, type StateReader } from '@phalanx/runtime';
import { type Codec, encode } from '@phalanx/scale';
import type { EgressItem } from '../ecall.js';
import type { OriginSequences } from './sequences.js';

// The gatekeeper's threshold role state and what its duties share (no duty imports another's module).

/** A DKG session this pRuntime takes part in: its round state (memory only) and what it received. */
export interface DkgRound {
  readonly session: number;
  readonly index: number;
  state: threshold.DkgState | undefined;
  readonly payloads: Map<number, Uint8Array>;
  ready: boolean;
  justified: boolean;
}

/** What a gatekeeper holds under a threshold MasterKey (sealed with its checkpoint: share and seeds only). */
export interface ThresholdHolder {
  round: DkgRound | undefined;
  share: threshold.KeyShare | undefined;
  seeds: threshold.RefreshSeeds | undefined;
  /** The session whose group the share belongs to. */
  session: number | undefined;
  /** The next epoch's share and seeds while a refresh is under way (announced, not yet decided). */
  next: { share: threshold.KeyShare; seeds: threshold.RefreshSeeds } | undefined;
  /** A resharing under way (memory only, like a DKG round). */
  reshare: ReshareRound | undefined;
}

export function newThresholdHolder(): ThresholdHolder {
  return { round: undefined, share: undefined, seeds: undefined, session: undefined, next: undefined, reshare: undefined };
}

export interface DutyContext {
  readonly identity: Sr25519Keypair;
  readonly ecdh: Sr25519Keypair;
  /** Opens what was sealed to this pRuntime's current or (in its grace window) previous EcdhKey. */
  readonly open: (envelope: Envelope, associatedData: Uint8Array) => Uint8Array;
  readonly blockNumber: number;
  readonly state: StateReader;
  readonly inbound: readonly Message[];
  readonly sequences: OriginSequences;
}

/** A resharing this pRuntime takes part in, as an old holder (dealer), a new member, or both. */
export interface ReshareRound {
  readonly session: number;
  readonly source: threshold.ReshareSource;
  /** The old group's members (by dealer index − 1) when the round opened: the chain's group changes at the end. */
  readonly oldMembers: readonly Uint8Array[];
  readonly dealer: number | undefined;
  readonly member: number | undefined;
  shareState: threshold.ReshareState | undefined;
  seedState: threshold.SeedDealerState | undefined;
  /** Share payloads by sender identity (hex): with a whole key, only the recorded dealer's counts. */
  readonly sharePayloads: Map<string, Uint8Array>;
  readonly seedPayloads: Map<number, Uint8Array>;
  ready: boolean;
  justified: boolean;
}

/** Signs a gatekeeper message (origin its identity) at its next sequence. */
export function push<T>(ctx: DutyContext, topic: string, codec: Codec<T>, value: T): EgressItem {
  const origin: MessageOrigin = { tag: 'Gatekeeper', value: ctx.identity.publicKey };
  const message: Message = { origin, topic: utf8(topic), payload: encode(codec, value) };
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);
  return { tag: 'PushMessage', value: signMessage(ctx.identity, message, ctx.sequences.take(ctx.state, origin), chainId) };
}
