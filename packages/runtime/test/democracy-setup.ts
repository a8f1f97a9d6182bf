// Harness for the Democracy tests: a dev chain with short periods, call builders, and readers of
// the hook events (System.Events of the last block, phase Initialization).
import type { Keypair } from '@phalanx/crypto';
import {
  type DemocracyCall,
  type DemocracyParams,
  devGenesisConfig,
  type EventRecord,
  type RuntimeCall,
  readAccount,
  System,
  UNIT,
} from '../src/index.js';
import { GENESIS_TIME, TestChain } from './pallet-helpers.js';

/** Launch every 4 blocks, vote for 4, enact 2 after; deposits of at least 10 PHA. */
export const TEST_PARAMS: DemocracyParams = {
  launchPeriod: 4,
  votingPeriod: 4,
  enactmentPeriod: 2,
  minimumDeposit: 10n * UNIT,
  maxProposals: 3,
  maxVotesPerAccount: 2,
};

export function democracyChain(params: Partial<DemocracyParams> = {}): TestChain {
  return new TestChain({ ...devGenesisConfig(GENESIS_TIME), democracy: { ...TEST_PARAMS, ...params } });
}

/** Empty blocks until the chain's last block is `number`. */
export function advanceTo(chain: TestChain, number: number): void {
  while (chain.number < number) chain.block([]);
}

/** Every event of the chain's last block (hooks and extrinsics). */
export function lastEvents(chain: TestChain): EventRecord[] {
  return System.Events.get(chain.state) ?? [];
}

export function hookEvents(chain: TestChain): EventRecord[] {
  return lastEvents(chain).filter((r) => r.phase.tag === 'Initialization');
}

export const balanceOf = (chain: TestChain, who: Keypair) => readAccount(chain.state, who.publicKey);

const d = (value: DemocracyCall): RuntimeCall => ({ tag: 'Democracy', value });

export const democracy = {
  propose: (call: RuntimeCall, deposit: bigint): RuntimeCall => d({ tag: 'propose', value: { call, deposit } }),
  second: (proposal: number): RuntimeCall => d({ tag: 'second', value: { proposal } }),
  vote: (referendum: number, aye: boolean, balance: bigint, conviction: number): RuntimeCall =>
    d({ tag: 'vote', value: { referendum, aye, balance, conviction } }),
  removeVote: (referendum: number): RuntimeCall => d({ tag: 'removeVote', value: { referendum } }),
  unlock: (): RuntimeCall => d({ tag: 'unlock', value: null }),
  setParams: (params: DemocracyParams): RuntimeCall => d({ tag: 'setParams', value: { params } }),
};
