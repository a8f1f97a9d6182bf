import { PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { thresholdParamsProblem } from './set-params.js';
import { Threshold } from './storage.js';
import { DEFAULT_THRESHOLD_PARAMS, type ThresholdParams } from './types.js';

/** The threshold's genesis: parameters only when given (unset: t = 0, a whole-key MasterKey). */
export function buildThresholdGenesis(state: Overlay, config?: Partial<ThresholdParams>): void {
  if (config === undefined) return;
  const params = { ...DEFAULT_THRESHOLD_PARAMS, ...config };
  const problem = thresholdParamsProblem(params);
  if (problem !== undefined) throw new PhalanxError('INVALID_INPUT', `genesis threshold: ${problem}`);
  Threshold.Params.set(state, params);
}
