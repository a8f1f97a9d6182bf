import { PhalanxError } from '@phalanx/errors';
import { AccountId } from '@phalanx/primitives';
import { bool, type Codec, enumOf, type Infer, struct, u8, u32, u128, unit } from '@phalanx/scale';
import { BalancesCall } from './pallets/balances/calls.js';
import { ConsensusCall } from './pallets/consensus/calls.js';
import { type DemocracyParams, DemocracyParams as DemocracyParamsCodec } from './pallets/democracy/types.js';
import { MqCall } from './pallets/mq/calls.js';
import { PhatCall } from './pallets/phat/calls.js';
import { RegistryCall } from './pallets/registry/calls.js';
import { StakePoolCall } from './pallets/stake-pool/calls.js';
import { StakingCall } from './pallets/staking/calls.js';
import { SystemCall } from './pallets/system/calls.js';

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
  | { tag: 'setParams'; value: { params: DemocracyParams } };

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
  | { tag: 'Staking'; value: Infer<typeof StakingCall> };

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
});

/** Pallet indexes are explicit and part of the encoding: never reuse one. */
const PALLET_INDEXES = {
  System: 0,
  Balances: 1,
  Sudo: 2,
  Registry: 3,
  Mq: 4,
  Phat: 5,
  Consensus: 6,
  StakePool: 7,
  Democracy: 8,
  Staking: 9,
} as const;

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
  },
  PALLET_INDEXES,
);
