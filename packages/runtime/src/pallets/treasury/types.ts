import { AccountId } from '@phalanx/primitives';
import { type Infer, struct, u32, u128 } from '@phalanx/scale';
import { UNIT } from '../../constants.js';

/** Parts per million: the unit of every treasury share. */
export const PPM = 1_000_000;

/** Hard caps of what the treasury stores. */
export const TREASURY_LIMITS = {
  /** Approved spends waiting for a spend period. */
  maxApprovals: 100,
  /** Largest `spendPeriod`: about 70 days of 6-second blocks. */
  maxSpendPeriod: 1_000_000,
} as const;

export const TreasuryParams = struct('TreasuryParams', {
  /** Parts per million of every block's fees that go to the pot (the author keeps the rest). */
  feeShare: u32,
  /** Parts per million of a stake-pool offline slash that goes to the pot (the rest is burned). */
  slashShare: u32,
  /** A spend proposal's bond: this share (ppm) of its value … */
  proposalBond: u32,
  /** … and at least this much. */
  proposalBondMinimum: u128,
  /** Every this many blocks approved spends are paid, then part of what remains is burned. */
  spendPeriod: u32,
  /** Parts per million of the pot left after a spend period's payments that is burned. */
  burn: u32,
});
export type TreasuryParams = Infer<typeof TreasuryParams>;

/**
 * Defaults (no genesis `treasury` section): like Polkadot's in shape — 5% bonds of at least 1 PHA,
 * a spend period, 0.1% burned — but no fee or slash share, so a chain that does not opt in pays
 * its authors every fee and burns every slash as before.
 */
export const DEFAULT_TREASURY_PARAMS: TreasuryParams = {
  feeShare: 0,
  slashShare: 0,
  proposalBond: 50_000,
  proposalBondMinimum: UNIT,
  spendPeriod: 24,
  burn: 1_000,
};

/** A spend proposal: `value` from the pot to `beneficiary` once approved; `bond` is held of the proposer. */
export const SpendProposal = struct('SpendProposal', {
  proposer: AccountId,
  value: u128,
  beneficiary: AccountId,
  bond: u128,
});
export type SpendProposal = Infer<typeof SpendProposal>;

/** `part` ppm of `amount`, rounded down. */
export function ppmOf(amount: bigint, part: number): bigint {
  return (amount * BigInt(part)) / BigInt(PPM);
}
