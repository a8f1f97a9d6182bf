import { threshold } from '@phalanx/crypto';
import { u8, u32, vec } from '@phalanx/scale';
import type { StateReader } from '../../state/overlay.js';
import { storageMap, storageValue } from '../../state/storage.js';
import { DEFAULT_THRESHOLD_PARAMS, DkgSession, KeyGroup, PendingRefresh, THRESHOLD_LIMITS, ThresholdParams } from './types.js';

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
