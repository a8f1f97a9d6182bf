import { Phase } from '@phalanx/primitives';
import { enumOf, type Infer, struct, vec } from '@phalanx/scale';
import { PALLET_INDEXES } from './pallet-indexes.js';
import { BalancesEvent } from './pallets/balances/events.js';
import { ConsensusEvent } from './pallets/consensus/events.js';
import { CouncilEvent } from './pallets/council/events.js';
import { DemocracyEvent } from './pallets/democracy/events.js';
import { MqEvent } from './pallets/mq/events.js';
import { PhatEvent } from './pallets/phat/events.js';
import { RegistryEvent } from './pallets/registry/events.js';
import { StakePoolEvent } from './pallets/stake-pool/events.js';
import { StakingEvent } from './pallets/staking/events.js';
import { SudoEvent } from './pallets/sudo/events.js';
import { SystemEvent } from './pallets/system/events.js';
import { ThresholdEvent } from './pallets/threshold/events.js';
import { TreasuryEvent } from './pallets/treasury/events.js';

/**
 * Every event of the runtime, by pallet, at the same indexes as `RuntimeCall` (StakePool 7,
 * Democracy 8, Staking 9, Council 10, Treasury 11, Threshold 12). Indexes are part of the encoding: never reuse one.
 */
export const RuntimeEvent = enumOf(
  'RuntimeEvent',
  {
    System: SystemEvent,
    Balances: BalancesEvent,
    Sudo: SudoEvent,
    Registry: RegistryEvent,
    Mq: MqEvent,
    Phat: PhatEvent,
    Consensus: ConsensusEvent,
    StakePool: StakePoolEvent,
    Democracy: DemocracyEvent,
    Staking: StakingEvent,
    Council: CouncilEvent,
    Treasury: TreasuryEvent,
    Threshold: ThresholdEvent,
  },
  PALLET_INDEXES,
);
export type RuntimeEvent = Infer<typeof RuntimeEvent>;

export const EventRecord = struct('EventRecord', { phase: Phase, event: RuntimeEvent });
export type EventRecord = Infer<typeof EventRecord>;

export const EventRecords = vec(EventRecord, 1_000_000);
