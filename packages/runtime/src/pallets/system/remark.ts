import { blake2_256 } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';

export function remark(ctx: CallContext, args: { remark: Uint8Array }): void {
  const sender = ensureSigned(ctx.origin);
  ctx.emit({ tag: 'System', value: { tag: 'Remarked', value: { sender, hash: blake2_256(args.remark) } } });
}
