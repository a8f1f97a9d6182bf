import { PhalanxError } from '@phalanx/errors';
import { AccountId } from '@phalanx/primitives';
import { bool, type Codec, enumOf, type Infer, struct, u8, u32, u128, unit, vec } from '@phalanx/scale';
import { PALLET_INDEXES } from './pallet-indexes.js';
import { BalancesCall } from './pallets/balances/calls.js';
import { ConsensusCall } from './pallets/consensus/calls.js';
import { COUNCIL_LIMITS, type CouncilParams, CouncilParams as CouncilParamsCodec } from './pallets/council/types.js';
import {
  type DemocracyParams,
  DemocracyParams as DemocracyParamsCodec,
  type FastTrackTarget,
  FastTrackTarget as FastTrackTargetCodec,
} from './pallets/democracy/types.js';
import { MqCall } from './pallets/mq/calls.js';
import { PhatCall } from './pallets/phat/calls.js';
import { RegistryCall } from './pallets/registry/calls.js';
import { StakePoolCall } from './pallets/stake-pool/calls.js';
import { StakingCall } from './pallets/staking/calls.js';
import { SystemCall } from './pallets/system/calls.js';
import { ThresholdCall } from './pallets/threshold/calls.js';
import { TreasuryCall } from './pallets/treasury/calls.js';

/**
 * Every call of the runtime, by pallet. Variant order is part of the encoding: append only.
 * Sudo's calls are declared here because they contain a call (the codec is recursive).
 */
export type SudoCall = { tag: 'sudo'; value: { call: RuntimeCall } } | { tag: 'setKey'; value: { new: Uint8Array } };

export type DemocracyCall =
  | { tag: 'propose'; value: { call: RuntimeCall; deposit: bigint } }
  | { tag: 'second'; value: { proposal: number } }
  | { tag: 'vote'; value: { referendum: number; aye: boolean; balance: bigint; conviction: number } }
  | { tag: 'removeVote'; value: { referendum: number } }
  | { tag: 'unlock'; value: null }
  | { tag: 'setParams'; value: { params: DemocracyParams } }
  | { tag: 'fastTrack'; value: { target: FastTrackTarget; votingPeriod: number } }
  | { tag: 'cancelReferendum'; value: { referendum: number } }
  | { tag: 'externalPropose'; value: { call: RuntimeCall } };

export type CouncilCall =
  | { tag: 'propose'; value: { threshold: number; call: RuntimeCall } }
  | { tag: 'vote'; value: { motion: number; aye: boolean } }
  | { tag: 'close'; value: { motion: number } }
  | { tag: 'submitCandidacy'; value: null }
  | { tag: 'renounceCandidacy'; value: null }
  | { tag: 'voteCandidates'; value: { votes: Uint8Array[]; stake: bigint } }
  | { tag: 'removeVoter'; value: null }
  | { tag: 'setParams'; value: { params: CouncilParams } };

export type RuntimeCall =
  | { tag: 'System'; value: Infer<typeof SystemCall> }
  | { tag: 'Balances'; value: Infer<typeof BalancesCall> }
  | { tag: 'Sudo'; value: SudoCall }
  | { tag: 'Registry'; value: Infer<typeof RegistryCall> }
  | { tag: 'Mq'; value: Infer<typeof MqCall> }
  | { tag: 'Phat'; value: Infer<typeof PhatCall> }
  | { tag: 'Consensus'; value: Infer<typeof ConsensusCall> }
  | { tag: 'StakePool'; value: Infer<typeof StakePoolCall> }
  | { tag: 'Democracy'; value: DemocracyCall }
  | { tag: 'Staking'; value: Infer<typeof StakingCall> }
  | { tag: 'Council'; value: CouncilCall }
  | { tag: 'Treasury'; value: Infer<typeof TreasuryCall> }
  | { tag: 'Threshold'; value: Infer<typeof ThresholdCall> };

/** Nesting depth limit for calls inside calls (sudo(sudo(…))), enforced while decoding and dispatching. */
export const MAX_CALL_DEPTH = 4;

let nesting = 0;

/**
 * A call inside a call. Decoding counts the nesting and refuses more than MAX_CALL_DEPTH levels, so
 * whether a call decodes never depends on how much JavaScript stack a thread happens to have
 * (which would let two nodes disagree about a block).
 */
const nestedCall: Codec<RuntimeCall> = {
  name: 'RuntimeCall',
  encodeTo(writer, value) {
    enterNested('ENCODE');
    try {
      RuntimeCall.encodeTo(writer, value);
    } finally {
      nesting--;
    }
  },
  decodeFrom(reader) {
    enterNested('CODEC');
    try {
      return RuntimeCall.decodeFrom(reader);
    } finally {
      nesting--;
    }
  },
};

function enterNested(code: 'ENCODE' | 'CODEC'): void {
  if (nesting >= MAX_CALL_DEPTH) throw new PhalanxError(code, `calls nest at most ${MAX_CALL_DEPTH} deep`);
  nesting++;
}

const SudoCall: Codec<SudoCall> = enumOf('SudoCall', {
  sudo: struct('sudo', { call: nestedCall }),
  setKey: struct('setKey', { new: AccountId }),
});

/** Democracy's calls (declared here: `propose` carries a call). */
const DemocracyCall: Codec<DemocracyCall> = enumOf('DemocracyCall', {
  propose: struct('propose', { call: nestedCall, deposit: u128 }),
  second: struct('second', { proposal: u32 }),
  vote: struct('vote', { referendum: u32, aye: bool, balance: u128, conviction: u8 }),
  removeVote: struct('removeVote', { referendum: u32 }),
  unlock: unit,
  setParams: struct('setParams', { params: DemocracyParamsCodec }),
  /** Council ≥ 2/3 or root: a referendum now (or a running one sooner), open `votingPeriod` blocks. */
  fastTrack: struct('fastTrack', { target: FastTrackTargetCodec, votingPeriod: u32 }),
  /** Council ≥ 2/3 or root: ends a running referendum unapproved (its votes free at once). */
  cancelReferendum: struct('cancelReferendum', { referendum: u32 }),
  /** Council ≥ 2/3 or root: the next external proposal, a simple-majority referendum at a coming launch. */
  externalPropose: struct('externalPropose', { call: nestedCall }),
});

/** The council's calls (declared here: `propose` carries a call). */
const CouncilCall: Codec<CouncilCall> = enumOf('CouncilCall', {
  propose: struct('propose', { threshold: u32, call: nestedCall }),
  vote: struct('vote', { motion: u32, aye: bool }),
  close: struct('close', { motion: u32 }),
  submitCandidacy: unit,
  renounceCandidacy: unit,
  voteCandidates: struct('voteCandidates', { votes: vec(AccountId, COUNCIL_LIMITS.maxVotesPerVoter, 32), stake: u128 }),
  removeVoter: unit,
  /** Root: the council's parameters (motion duration, term, seats, candidacy bond). */
  setParams: struct('setParams', { params: CouncilParamsCodec }),
});

export const RuntimeCall: Codec<RuntimeCall> = enumOf(
  'RuntimeCall',
  {
    System: SystemCall,
    Balances: BalancesCall,
    Sudo: SudoCall,
    Registry: RegistryCall,
    Mq: MqCall,
    Phat: PhatCall,
    Consensus: ConsensusCall,
    StakePool: StakePoolCall,
    Democracy: DemocracyCall,
    Staking: StakingCall,
    Council: CouncilCall,
    Treasury: TreasuryCall,
    Threshold: ThresholdCall,
  },
  PALLET_INDEXES,
);
