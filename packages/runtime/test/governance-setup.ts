// Harness for the council and treasury tests: a dev chain with a seeded council (Alice, Bob,
// Charlie) and short periods, call builders, a helper that passes a motion, and the conservation
// check with the treasury pot.
import assert from 'node:assert/strict';
import type { Keypair } from '@phalanx/crypto';
import {
  type CouncilCall,
  type CouncilParams,
  type DemocracyParams,
  devGenesisConfig,
  type EventRecord,
  type FastTrackTarget,
  type RuntimeCall,
  type TreasuryParams,
  UNIT,
} from '../src/index.js';
import { hookEvents, lastEvents, TEST_PARAMS } from './democracy-setup.js';
import { dev, eventsOf, expectOk, GENESIS_TIME, TestChain } from './pallet-helpers.js';

export { hookEvents, lastEvents };

/** Motions open 5 blocks; no elections unless a test sets a term. */
export const COUNCIL_TEST_PARAMS: CouncilParams = {
  motionDuration: 5,
  termDuration: 0,
  desiredMembers: 3,
  candidacyBond: 5n * UNIT,
};

/** Spend every 5 blocks, 5% bonds of at least 1 PHA, 10% burned; no fee or slash share. */
export const TREASURY_TEST_PARAMS: TreasuryParams = {
  feeShare: 0,
  slashShare: 0,
  proposalBond: 50_000,
  proposalBondMinimum: UNIT,
  spendPeriod: 5,
  burn: 100_000,
};

export interface GovernanceOptions {
  readonly members?: readonly Keypair[];
  readonly council?: Partial<CouncilParams>;
  readonly treasury?: Partial<TreasuryParams>;
  readonly democracy?: Partial<DemocracyParams>;
}

/** A dev chain with a council of Alice, Bob and Charlie (unless told otherwise). */
export function governanceChain(options: GovernanceOptions = {}): TestChain {
  const members = options.members ?? [dev.alice, dev.bob, dev.charlie];
  return new TestChain({
    ...devGenesisConfig(GENESIS_TIME),
    council: { members: members.map((k) => k.publicKey), params: { ...COUNCIL_TEST_PARAMS, ...options.council } },
    treasury: { ...TREASURY_TEST_PARAMS, ...options.treasury },
    democracy: { ...TEST_PARAMS, ...options.democracy },
  });
}

const c = (value: CouncilCall): RuntimeCall => ({ tag: 'Council', value });
const t = (value: Extract<RuntimeCall, { tag: 'Treasury' }>['value']): RuntimeCall => ({ tag: 'Treasury', value });
const d = (value: Extract<RuntimeCall, { tag: 'Democracy' }>['value']): RuntimeCall => ({ tag: 'Democracy', value });

export const council = {
  propose: (threshold: number, call: RuntimeCall) => c({ tag: 'propose', value: { threshold, call } }),
  vote: (motion: number, aye: boolean) => c({ tag: 'vote', value: { motion, aye } }),
  close: (motion: number) => c({ tag: 'close', value: { motion } }),
  submitCandidacy: () => c({ tag: 'submitCandidacy', value: null }),
  renounceCandidacy: () => c({ tag: 'renounceCandidacy', value: null }),
  voteCandidates: (votes: Uint8Array[], stake: bigint) => c({ tag: 'voteCandidates', value: { votes, stake } }),
  removeVoter: () => c({ tag: 'removeVoter', value: null }),
  setParams: (params: CouncilParams) => c({ tag: 'setParams', value: { params } }),
};

export const treasury = {
  proposeSpend: (value: bigint, beneficiary: Uint8Array) => t({ tag: 'proposeSpend', value: { value, beneficiary } }),
  approveSpend: (id: number) => t({ tag: 'approveSpend', value: { id } }),
  rejectSpend: (id: number) => t({ tag: 'rejectSpend', value: { id } }),
  setParams: (params: TreasuryParams) => t({ tag: 'setParams', value: { params } }),
};

export const democracyCouncil = {
  fastTrack: (target: FastTrackTarget, votingPeriod: number) => d({ tag: 'fastTrack', value: { target, votingPeriod } }),
  cancelReferendum: (referendum: number) => d({ tag: 'cancelReferendum', value: { referendum } }),
  externalPropose: (call: RuntimeCall) => d({ tag: 'externalPropose', value: { call } }),
};

export type ExecutedError = { pallet: string; error: string; message: string } | undefined;

/**
 * Passes `call` as a council motion: `proposer` proposes it with `threshold`, the next members vote
 * aye until the threshold is reached, anyone closes it. Returns the `Executed` error (undefined:
 * the call succeeded) and the close's events.
 */
export function passMotion(
  chain: TestChain,
  call: RuntimeCall,
  threshold = 2,
  voters: readonly Keypair[] = [dev.alice, dev.bob, dev.charlie],
): { error: ExecutedError; events: EventRecord[]; motion: number } {
  const [proposer, ...rest] = voters as [Keypair, ...Keypair[]];
  const proposed = chain.submit(proposer, council.propose(threshold, call));
  expectOk(proposed);
  const [created] = eventsOf<{ motion: number }>(proposed.events, 'Council', 'Proposed');
  assert.ok(created !== undefined);
  for (const voter of rest.slice(0, threshold - 1)) expectOk(chain.submit(voter, council.vote(created.motion, true)));
  const closed = chain.submit(dev.eve, council.close(created.motion));
  expectOk(closed);
  const [executed] = eventsOf<{ error: ExecutedError }>(closed.events, 'Council', 'Executed');
  assert.ok(executed !== undefined, 'the motion was approved and executed');
  return { error: executed.error, events: closed.events, motion: created.motion };
}
