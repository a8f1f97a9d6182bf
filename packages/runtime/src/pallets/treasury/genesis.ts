import { PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { treasuryParamsProblem } from './set-params.js';
import { Treasury } from './storage.js';
import { DEFAULT_TREASURY_PARAMS, type TreasuryParams } from './types.js';

/** The treasury's genesis: parameters only when given (unset means the defaults); the pot starts empty. */
export function buildTreasuryGenesis(state: Overlay, config?: Partial<TreasuryParams>): void {
  if (config === undefined) return;
  const params = { ...DEFAULT_TREASURY_PARAMS, ...config };
  const problem = treasuryParamsProblem(params);
  if (problem !== undefined) throw new PhalanxError('INVALID_INPUT', `genesis treasury: ${problem}`);
  Treasury.Params.set(state, params);
}
