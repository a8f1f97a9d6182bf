import { PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { checkParams } from './set-params.js';
import { Democracy } from './storage.js';
import { DEFAULT_DEMOCRACY_PARAMS, type DemocracyParams } from './types.js';

/** Democracy's genesis: parameters (only when given; unset means the dev defaults). */
export function buildDemocracyGenesis(state: Overlay, config?: Partial<DemocracyParams>): void {
  if (config === undefined) return;
  const params = { ...DEFAULT_DEMOCRACY_PARAMS, ...config };
  const problem = checkParams(params);
  if (problem !== undefined) throw new PhalanxError('INVALID_INPUT', `genesis democracy: ${problem}`);
  Democracy.Params.set(state, params);
}
