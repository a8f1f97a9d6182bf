import { Hash, PublicKey } from '@phalanx/primitives';
import { enumOf, str, struct, u8, u32, vec } from '@phalanx/scale';
import { THRESHOLD_LIMITS, ThresholdParams } from './types.js';

const Exclusion = struct('Exclusion', { dealer: u8, reason: str(256) });

/** Threshold events (RuntimeEvent variant 12). Variant order is part of the encoding: append only. */
export const ThresholdEvent = enumOf('ThresholdEvent', {
  ParamsSet: ThresholdParams,
  DkgStarted: struct('DkgStarted', { session: u32, members: vec(PublicKey, THRESHOLD_LIMITS.maxMembers, 32), t: u8 }),
  DealingRecorded: struct('DealingRecorded', { session: u32, dealer: u8 }),
  ReadyRecorded: struct('ReadyRecorded', { session: u32, member: u8, complaints: u8 }),
  JustificationsRecorded: struct('JustificationsRecorded', { session: u32, dealer: u8, count: u8 }),
  /** A message the session could not take (wrong session or phase, not a member, a second copy…). */
  MessageRefused: struct('MessageRefused', { session: u32, gatekeeper: PublicKey, reason: str(256) }),
  /** The group key is the MasterPubkey; `excluded` dealers (bad dealings, unanswered complaints) added nothing. */
  DkgCompleted: struct('DkgCompleted', {
    session: u32,
    masterPubkey: Hash,
    qualified: vec(u8, THRESHOLD_LIMITS.maxMembers),
    excluded: vec(Exclusion, THRESHOLD_LIMITS.maxMembers),
  }),
  DkgFailed: struct('DkgFailed', { session: u32, reason: str(256), retryAt: u32 }),
  RefreshStarted: struct('RefreshStarted', { epoch: u32, deadline: u32 }),
  /** The shares moved to `epoch`: same MasterPubkey, new verification shares; older shares are useless. */
  SharesRefreshed: struct('SharesRefreshed', { epoch: u32, announced: vec(u8, THRESHOLD_LIMITS.maxMembers) }),
  RefreshFailed: struct('RefreshFailed', { epoch: u32, reason: str(256) }),
  /** Self-published contract keys the chain did not take (no shared MasterKey, or signed by another key). */
  ContractKeysRefused: struct('ContractKeysRefused', { contract: Hash, signer: PublicKey, reason: str(256) }),
});
