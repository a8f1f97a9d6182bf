import type { CallContext } from '../../dispatch/context.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { changeValidator, type ValidatorChange } from './validator-set.js';

/** Root (a referendum; sudo on a dev chain): changes the CometBFT validator set; see `changeValidator`. */
export function setValidator(ctx: CallContext, args: ValidatorChange): void {
  ensureRoot(ctx.origin);
  changeValidator(ctx.state, args);
  const { consensusKey, power, operator } = args;
  ctx.emit({ tag: 'Consensus', value: { tag: 'ValidatorSet', value: { consensusKey, power, operator } } });
}
