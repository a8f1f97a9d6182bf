import { AccountId } from '@phalanx/primitives';
import { type Codec, enumOf, type Infer, lazy, struct } from '@phalanx/scale';
import { BalancesCall } from './pallets/balances/calls.js';
import { MqCall } from './pallets/mq/calls.js';
import { PhatCall } from './pallets/phat/calls.js';
import { RegistryCall } from './pallets/registry/calls.js';
import { SystemCall } from './pallets/system/calls.js';

/**
 * Every call of the runtime, by pallet. Variant order is part of the encoding: append only.
 * Sudo's calls are declared here because they contain a call (the codec is recursive).
 */
export type SudoCall = { tag: 'sudo'; value: { call: RuntimeCall } } | { tag: 'setKey'; value: { new: Uint8Array } };

export type RuntimeCall =
  | { tag: 'System'; value: Infer<typeof SystemCall> }
  | { tag: 'Balances'; value: Infer<typeof BalancesCall> }
  | { tag: 'Sudo'; value: SudoCall }
  | { tag: 'Registry'; value: Infer<typeof RegistryCall> }
  | { tag: 'Mq'; value: Infer<typeof MqCall> }
  | { tag: 'Phat'; value: Infer<typeof PhatCall> };

const SudoCall: Codec<SudoCall> = enumOf('SudoCall', {
  sudo: struct('sudo', { call: lazy<RuntimeCall>('RuntimeCall', () => RuntimeCall) }),
  setKey: struct('setKey', { new: AccountId }),
});

export const RuntimeCall: Codec<RuntimeCall> = enumOf('RuntimeCall', {
  System: SystemCall,
  Balances: BalancesCall,
  Sudo: SudoCall,
  Registry: RegistryCall,
  Mq: MqCall,
  Phat: PhatCall,
});

/** Nesting depth limit for calls inside calls (sudo(sudo(…))): bounds decoding recursion. */
export const MAX_CALL_DEPTH = 4;
