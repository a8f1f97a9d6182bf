import { enumOf, struct, unit } from '@phalanx/scale';
import { ThresholdParams } from './types.js';

/** Threshold calls (RuntimeCall variant 12). Variant order is part of the encoding: append only. */
export const ThresholdCall = enumOf('ThresholdCall', {
  /** Root (governance; sudo on a dev chain): the threshold and the round length. */
  setParams: struct('setParams', { params: ThresholdParams }),
  /** Root: abandons a session that is not decided (members that went away) so a new one starts. */
  restartDkg: unit,
});
