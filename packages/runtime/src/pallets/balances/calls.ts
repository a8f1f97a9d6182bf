import { AccountId } from '@phalanx/primitives';
import { compact, enumOf, struct } from '@phalanx/scale';

export const BalancesCall = enumOf('BalancesCall', {
  transfer: struct('transfer', { dest: AccountId, value: compact }),
  reserve: struct('reserve', { value: compact }),
  unreserve: struct('unreserve', { value: compact }),
});
