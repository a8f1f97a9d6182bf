import { threshold } from '@phalanx/crypto';
import { PublicKey } from '@phalanx/primitives';
import { u8, u32, vec } from '@phalanx/scale';
import type { StateReader } from '../../state/overlay.js';
import { storageMap, storageValue } from '../../state/storage.js';
import { Registry } from '../registry/storage.js';
import {
  DEFAULT_THRESHOLD_PARAMS,
  DkgSession,
  KeyGroup,
  PendingRefresh,
  ReshareComplaints,
  THRESHOLD_LIMITS,
  ThresholdParams,
} from './types.js';

export const Threshold = {
  /** Unset: `DEFAULT_THRESHOLD_PARAMS` (t = 0: a whole-key MasterKey). */
  Params: storageValue('Threshold', 'Params', ThresholdParams),
  /** Sessions started so far (the next session's id). */
  SessionCount: storageValue('Threshold', 'SessionCount', u32),
  /** The current or last DKG session. */
  Session: storageValue('Threshold', 'Session', DkgSession),
  /** The current session's round-1 dealings, by dealer index. */
  Dealings: storageMap('Threshold', 'Dealings', u8, threshold.dkgDealingCodec),
  /** Each member's complaints (its Ready; empty = none), by member index. */
  Ready: storageMap('Threshold', 'Ready', u8, vec(threshold.complaintCodec, THRESHOLD_LIMITS.maxComplaints)),
  /** Each accused dealer's justifications, by dealer index. */
  Justifications: storageMap(
    'Threshold',
    'Justifications',
    u8,
    vec(threshold.justificationCodec, THRESHOLD_LIMITS.maxComplaints),
  ),
  /** The key holders: who holds the shares of the MasterKey and the group's commitments. */
  Group: storageValue('Threshold', 'Group', KeyGroup),
  /** Resharing: the dealings of the old holders (0: the whole key's holder), by dealer index. */
  ReshareDealings: storageMap('Threshold', 'ReshareDealings', u8, threshold.reshareDealingCodec),
  /** Resharing a whole key: the gatekeeper whose dealing as dealer 0 was recorded. */
  WholeDealer: storageValue('Threshold', 'WholeDealer', PublicKey),
  /** Resharing: the new committee's seed-exchange dealings, by member index. */
  SeedDealings: storageMap('Threshold', 'SeedDealings', u8, threshold.seedDealingCodec),
  /** Resharing: each new member's complaints about share dealers and seed dealers. */
  ReshareReady: storageMap('Threshold', 'ReshareReady', u8, ReshareComplaints),
  /** Resharing: accused share dealers' answers (by old dealer index) and seed dealers' (by member index). */
  ShareJustifications: storageMap(
    'Threshold',
    'ShareJustifications',
    u8,
    vec(threshold.justificationCodec, THRESHOLD_LIMITS.maxComplaints),
  ),
  SeedJustifications: storageMap(
    'Threshold',
    'SeedJustifications',
    u8,
    vec(threshold.justificationCodec, THRESHOLD_LIMITS.maxComplaints),
  ),
  /** The share refresh under way, if any. */
  Refresh: storageValue('Threshold', 'Refresh', PendingRefresh),
  /** Its announcements, by member index. */
  Announcements: storageMap('Threshold', 'Announcements', u8, threshold.refreshAnnouncementCodec),
  /** After a failed session, no new one starts before this block. */
  RetryAt: storageValue('Threshold', 'RetryAt', u32),
} as const;

export function thresholdParams(state: StateReader): ThresholdParams {
  return Threshold.Params.getOr(state, DEFAULT_THRESHOLD_PARAMS);
}

/** Member index (1-based) of `identity` in `members`, or undefined. */
export function memberIndex(members: readonly Uint8Array[], identity: Uint8Array): number | undefined {
  const i = members.findIndex((m) => m.length === identity.length && m.every((b, k) => b === identity[k]));
  return i < 0 ? undefined : i + 1;
}

/** The recorded resharing transcripts: the shares' (as `reshareOutcome` takes it) and the seeds'. */
export function reshareTranscripts(state: StateReader, session: DkgSession, oldMembers: number) {
  const shares: threshold.ReshareTranscript = { dealings: [], complaints: [], justifications: [] };
  const seeds: threshold.SeedTranscript = { dealings: [], complaints: [], justifications: [] };
  for (let i = 0; i <= oldMembers; i++) {
    const dealing = Threshold.ReshareDealings.get(state, i);
    if (dealing !== undefined) (shares.dealings as threshold.ReshareDealing[]).push(dealing);
    (shares.justifications as threshold.Justification[]).push(...(Threshold.ShareJustifications.get(state, i) ?? []));
  }
  for (let i = 1; i <= session.members.length; i++) {
    const dealing = Threshold.SeedDealings.get(state, i);
    if (dealing !== undefined) (seeds.dealings as threshold.SeedDealing[]).push(dealing);
    const ready = Threshold.ReshareReady.get(state, i);
    (shares.complaints as threshold.Complaint[]).push(...(ready?.shares ?? []));
    (seeds.complaints as threshold.Complaint[]).push(...(ready?.seeds ?? []));
    (seeds.justifications as threshold.Justification[]).push(...(Threshold.SeedJustifications.get(state, i) ?? []));
  }
  return { shares, seeds };
}

/** What the new committee knows of the key a resharing moves. */
export function reshareSource(state: StateReader, session: DkgSession): threshold.ReshareSource | undefined {
  if (session.source.tag === 'Whole') {
    const publicKey = Registry.MasterPubkey.get(state);
    return publicKey === undefined ? undefined : { kind: 'whole', publicKey };
  }
  const group = Threshold.Group.get(state);
  return session.source.tag === 'Group' && group !== undefined ? { kind: 'committee', group: group.group } : undefined;
}

/** The recorded transcript of the current session, as `dkgOutcome` takes it. */
export function dkgTranscript(state: StateReader, session: DkgSession): threshold.DkgTranscript {
  const dealings: threshold.DkgDealing[] = [];
  const complaints: threshold.Complaint[] = [];
  const justifications: threshold.Justification[] = [];
  for (let i = 1; i <= session.members.length; i++) {
    const dealing = Threshold.Dealings.get(state, i);
    if (dealing !== undefined) dealings.push(dealing);
    complaints.push(...(Threshold.Ready.get(state, i) ?? []));
    justifications.push(...(Threshold.Justifications.get(state, i) ?? []));
  }
  return { dealings, complaints, justifications };
}
