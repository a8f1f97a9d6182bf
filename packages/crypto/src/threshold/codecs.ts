import { bytes, type Codec, fixedBytes, str, struct, u8, u32, vec } from '@phalanx/scale';
import type { DkgDealing } from './dkg.js';
import { MAX_PARTICIPANTS } from './group.js';
import type { OprfAnswer } from './oprf.js';
import type { RefreshAnnouncement } from './refresh.js';
import type { ReshareDealing } from './reshare.js';
import type { SeedDealing } from './seed-exchange.js';
import type { Complaint, GroupPublic, Justification, KeyShare, RefreshSeeds } from './types.js';

/**
 * SCALE codecs of every threshold message, for the chain (broadcasts it orders and records) and
 * for sealing (shares, seeds). Limits: 256 set entries (C(10, 5) = 252 is the largest count at
 * n ≤ 10), payloads up to 16 KiB, reasons up to 256 bytes.
 */
const point = fixedBytes(32);
const points = vec(point, 256, 32);
const commitments = vec(point, MAX_PARTICIPANTS, 32);

function as<T>(codec: Codec<unknown>): Codec<T> {
  // The struct codecs below have exactly the fields of the interfaces (readonly arrays are arrays).
  return codec as Codec<T>;
}

export const dkgDealingCodec: Codec<DkgDealing> = as(
  struct('DkgDealing', { dealer: u8, commitments, proof: fixedBytes(64), seedCommitments: points }),
);
export const complaintCodec: Codec<Complaint> = as(struct('Complaint', { dealer: u8, accuser: u8, reason: str(256) }));
export const justificationCodec: Codec<Justification> = as(
  struct('Justification', { dealer: u8, accuser: u8, payload: bytes(16 * 1024) }),
);
export const reshareDealingCodec: Codec<ReshareDealing> = as(struct('ReshareDealing', { dealer: u8, commitments }));
export const seedDealingCodec: Codec<SeedDealing> = as(struct('SeedDealing', { dealer: u8, commitments: points }));
export const oprfAnswerCodec: Codec<OprfAnswer> = as(
  struct('OprfAnswer', { index: u8, epoch: u32, element: point, proof: fixedBytes(64) }),
);
export const refreshAnnouncementCodec: Codec<RefreshAnnouncement> = as(
  struct('RefreshAnnouncement', { index: u8, epoch: u32, points }),
);
export const groupPublicCodec: Codec<GroupPublic> = as(struct('GroupPublic', { n: u8, t: u8, epoch: u32, commitments }));
/** Secret: seal it, never send it. */
export const keyShareCodec: Codec<KeyShare> = as(struct('KeyShare', { index: u8, epoch: u32, secret: fixedBytes(32) }));
/** Secret: seal it, never send it. */
export const refreshSeedsCodec: Codec<RefreshSeeds> = as(
  struct('RefreshSeeds', { n: u8, t: u8, index: u8, epoch: u32, seeds: points }),
);
