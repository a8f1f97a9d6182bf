import type { ThresholdParams } from './group.js';

/** A participant's secret share at one epoch. Seal it; erase the previous epoch's (`eraseShare`). */
export interface KeyShare {
  readonly index: number;
  readonly epoch: number;
  /** s_i as a canonical 32-byte little-endian scalar. */
  readonly secret: Uint8Array;
}

/**
 * What everyone may know of a shared key at one epoch: the Feldman commitments of the sharing
 * polynomial. `commitments[0]` is the group key (the MasterPubkey); participant j's verification
 * share is Σ commitments[k]·j^k (`verificationShare`).
 */
export interface GroupPublic extends ThresholdParams {
  readonly epoch: number;
  readonly commitments: readonly Uint8Array[];
}

/** Zero-sharing set seeds a participant holds (refresh.ts); secret, sealed with the share. */
export interface RefreshSeeds extends ThresholdParams {
  readonly index: number;
  readonly epoch: number;
  /** One 32-byte seed per zero-sharing set containing `index`, in `setsContaining` order. */
  readonly seeds: readonly Uint8Array[];
}

/** A participant's accusation that a dealer's private payload to it was missing or invalid. */
export interface Complaint {
  readonly dealer: number;
  readonly accuser: number;
  readonly reason: string;
}

/** The dealer's answer to a complaint: the payload for the accuser, published in the clear. */
export interface Justification {
  readonly dealer: number;
  readonly accuser: number;
  readonly payload: Uint8Array;
}

/** Why a dealer was left out of the qualified set. */
export interface Exclusion {
  readonly dealer: number;
  readonly reason: string;
}

export function eraseShare(share: KeyShare): void {
  share.secret.fill(0);
}

export function eraseSeeds(seeds: RefreshSeeds): void {
  for (const seed of seeds.seeds) seed.fill(0);
}
