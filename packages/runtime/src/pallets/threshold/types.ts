import { threshold } from '@phalanx/crypto';
import { Envelope, Hash, PublicKey } from '@phalanx/primitives';
import { enumOf, type Infer, struct, u8, u32, unit, vec } from '@phalanx/scale';

/**
 * The threshold MasterKey's chain parameters (issue 13, spec 002 "[Improvement] DKG"): `n`
 * gatekeepers hold shares and any `t` of them must answer to derive a contract key; t = 0 keeps
 * the whole-key MasterKey of one holder (a development chain with one gatekeeper). A session
 * starts once `n` gatekeepers are registered. `phaseBlocks` bounds each DKG round (and each
 * refresh). Every `refreshPeriod` blocks (0: never) the holders refresh their shares without
 * talking to each other (spec 002 ★): new shares, same key.
 */
export const ThresholdParams = struct('ThresholdParams', { t: u8, n: u8, phaseBlocks: u32, refreshPeriod: u32 });
export type ThresholdParams = Infer<typeof ThresholdParams>;

export const DEFAULT_THRESHOLD_PARAMS: ThresholdParams = { t: 0, n: 0, phaseBlocks: 10, refreshPeriod: 0 };

export const THRESHOLD_LIMITS = {
  /** Shares the refresh's replicated zero sharing supports (C(n, t−2) seed sets). */
  maxMembers: threshold.MAX_PARTICIPANTS,
  maxPhaseBlocks: 14_400,
  /** Complaints one member may file: one per other dealer. */
  maxComplaints: threshold.MAX_PARTICIPANTS,
} as const;

export const DkgPhase = enumOf('DkgPhase', {
  /** Round 1 + 2: each member broadcasts its dealing and sends each other member its payload. */
  Dealing: unit,
  /** Each member that dealt reports its complaints (possibly none): its `Ready`. */
  Complaining: unit,
  /** Accused dealers publish the accuser's payload in the clear. */
  Justifying: unit,
  /** Decided: the group key is registered (the transcript stays until the next session). */
  Completed: unit,
  /** Fewer than t qualified dealers: a new session starts after `phaseBlocks`. */
  Failed: unit,
});
export type DkgPhase = Infer<typeof DkgPhase>;

/**
 * Where a session's key comes from: a fresh DKG, the one-time move of a whole MasterKey to shares
 * (its holder deals as dealer 0), or the current group resharing to a new committee (its members
 * deal their shares) — the group key stays the same in both resharings.
 */
export const KeySource = enumOf('KeySource', { Dkg: unit, Whole: unit, Group: unit });
export type KeySource = Infer<typeof KeySource>;

/** One key session. Member i (1-based) is `members[i − 1]`, a gatekeeper's identity key. */
export const DkgSession = struct('DkgSession', {
  id: u32,
  source: KeySource,
  /** Binds every proof and payload to this session: blake2(SCALE(domain, chain id, id)). */
  context: Hash,
  members: vec(PublicKey, THRESHOLD_LIMITS.maxMembers, 32),
  t: u8,
  phase: DkgPhase,
  /** The block at whose start the current phase ends at the latest. */
  phaseEnds: u32,
});
export type DkgSession = Infer<typeof DkgSession>;

/** The key holders' public record: the members and the Feldman commitments (commitments[0] = MasterPubkey). */
export const KeyGroup = struct('KeyGroup', {
  session: u32,
  members: vec(PublicKey, THRESHOLD_LIMITS.maxMembers, 32),
  group: threshold.groupPublicCodec,
});
export type KeyGroup = Infer<typeof KeyGroup>;

// Messages (MQ payloads). Broadcasts are recorded by the chain; payloads and answers are relayed only.
export const DealingMessage = struct('DealingMessage', { session: u32, dealing: threshold.dkgDealingCodec });
export const DkgPayloadMessage = struct('DkgPayloadMessage', {
  session: u32,
  dealer: u8,
  recipient: u8,
  /** The dealer's `dkgPayload` for the recipient, from the dealer's EcdhKey to the recipient's. */
  envelope: Envelope,
});
export type DkgPayloadMessage = Infer<typeof DkgPayloadMessage>;
export const ReadyMessage = struct('ReadyMessage', {
  session: u32,
  complaints: vec(threshold.complaintCodec, THRESHOLD_LIMITS.maxComplaints),
});
export const JustifyMessage = struct('JustifyMessage', {
  session: u32,
  justifications: vec(threshold.justificationCodec, THRESHOLD_LIMITS.maxComplaints),
});

// Resharing messages: old holders deal shares (kind 0 payloads), the new committee agrees its
// zero-sharing seeds (kind 1 payloads); complaints and justifications say which of the two they are about.
export const ReshareDealingMessage = struct('ReshareDealingMessage', { session: u32, dealing: threshold.reshareDealingCodec });
export const SeedDealingMessage = struct('SeedDealingMessage', { session: u32, dealing: threshold.seedDealingCodec });
export const PAYLOAD_KIND = { share: 0, seeds: 1 } as const;
export const ResharePayloadMessage = struct('ResharePayloadMessage', {
  session: u32,
  kind: u8,
  dealer: u8,
  recipient: u8,
  envelope: Envelope,
});
export type ResharePayloadMessage = Infer<typeof ResharePayloadMessage>;
const complaints = vec(threshold.complaintCodec, THRESHOLD_LIMITS.maxComplaints + 1);
const justifications = vec(threshold.justificationCodec, THRESHOLD_LIMITS.maxComplaints);
export const ReshareComplaints = struct('ReshareComplaints', { shares: complaints, seeds: complaints });
export const ReshareReadyMessage = struct('ReshareReadyMessage', { session: u32, complaints: ReshareComplaints });
export const ReshareJustifyMessage = struct('ReshareJustifyMessage', {
  session: u32,
  shares: justifications,
  seeds: justifications,
});

/** A share refresh under way: the epoch it leads to, and when it is decided at the latest. */
export const PendingRefresh = struct('PendingRefresh', { epoch: u32, deadline: u32 });
export type PendingRefresh = Infer<typeof PendingRefresh>;
export const RefreshMessage = struct('RefreshMessage', { announcement: threshold.refreshAnnouncementCodec });

/** A gatekeeper's answers for one contract, to one of its workers (relayed, never read by the chain). */
export const KeyAnswerMessage = struct('KeyAnswerMessage', { contract: Hash, recipient: PublicKey, envelope: Envelope });
export type KeyAnswerMessage = Infer<typeof KeyAnswerMessage>;

export const THRESHOLD_TOPICS = {
  /** Gatekeeper → chain: a round-1 dealing, payload `DealingMessage`. */
  dealing: 'phalanx/threshold/dealing',
  /** Gatekeeper → gatekeeper: a round-2 payload, encrypted, `DkgPayloadMessage`. */
  payload: 'phalanx/threshold/payload',
  /** Gatekeeper → chain: its complaints (or none), `ReadyMessage`. */
  ready: 'phalanx/threshold/ready',
  /** Gatekeeper → chain: payloads for its accusers in the clear, `JustifyMessage`. */
  justify: 'phalanx/threshold/justify',
  /** Gatekeeper → chain: its refresh announcement (R_A = ρ_A·G per zero-sharing set), `RefreshMessage`. */
  refresh: 'phalanx/threshold/refresh',
  /** Old holder → chain: its resharing dealing, `ReshareDealingMessage`. */
  reshareDealing: 'phalanx/threshold/reshare-dealing',
  /** New member → chain: its seed-exchange commitments, `SeedDealingMessage`. */
  seedDealing: 'phalanx/threshold/seed-dealing',
  /** Old holder or new member → new member: a resharing payload, encrypted, `ResharePayloadMessage`. */
  resharePayload: 'phalanx/threshold/reshare-payload',
  /** New member → chain: its complaints about share and seed dealers, `ReshareReadyMessage`. */
  reshareReady: 'phalanx/threshold/reshare-ready',
  /** Accused dealer → chain: payloads in the clear, `ReshareJustifyMessage`. */
  reshareJustify: 'phalanx/threshold/reshare-justify',
  /** Gatekeeper → a contract's worker: OPRF and agreement answers, encrypted, `KeyAnswerMessage`. */
  keyAnswer: 'phalanx/threshold/key-answer',
  /** A contract's workers → chain, as the contract (self-signed): its public keys, `ContractKeysMessage`. */
  contractKeys: 'phalanx/threshold/contract-keys',
} as const;
