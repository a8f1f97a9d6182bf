import { Phase } from '@phalanx/primitives';
import { enumOf, type Infer, struct, vec } from '@phalanx/scale';
import { BalancesEvent } from './pallets/balances/events.js';
import { ConsensusEvent } from './pallets/consensus/events.js';
import { MqEvent } from './pallets/mq/events.js';
import { PhatEvent } from './pallets/phat/events.js';
import { RegistryEvent } from './pallets/registry/events.js';
import { StakePoolEvent } from './pallets/stake-pool/events.js';
import { SudoEvent } from './pallets/sudo/events.js';
import { SystemEvent } from './pallets/system/events.js';

/** Every event of the runtime, by pallet. Variant order is part of the encoding: append only. */
export const RuntimeEvent = enumOf('RuntimeEvent', {
  System: SystemEvent,
  Balances: BalancesEvent,
  Sudo: SudoEvent,
  Registry: RegistryEvent,
  Mq: MqEvent,
  Phat: PhatEvent,
  Consensus: ConsensusEvent,
  StakePool: StakePoolEvent,
});
export type RuntimeEvent = Infer<typeof RuntimeEvent>;

export const EventRecord = struct('EventRecord', { phase: Phase, event: RuntimeEvent });
export type EventRecord = Infer<typeof EventRecord>;

export const EventRecords = vec(EventRecord, 1_000_000);
