import type { RuntimeCall } from '../../call.js';
import type { CallContext } from '../../dispatch/context.js';
import { dispatchErrorRecord, palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { Sudo } from './storage.js';

const fail = palletErrors('Sudo');

function ensureSudo(ctx: CallContext): Uint8Array {
  const caller = ensureSigned(ctx.origin);
  const key = Sudo.Key.get(ctx.state);
  if (key === undefined || Buffer.compare(key, caller) !== 0) throw fail('RequireSudo', 'only the sudo key may call this');
  return caller;
}

/** Runs `call` as root. Its failure is reported in `Sudid` (and its writes reverted), not as sudo's. */
export function sudo(ctx: CallContext, args: { call: RuntimeCall }): void {
  ensureSudo(ctx);
  try {
    ctx.transaction(() => ctx.dispatchAs({ kind: 'root' }, args.call));
    ctx.emit({ tag: 'Sudo', value: { tag: 'Sudid', value: { error: undefined } } });
  } catch (error) {
    ctx.emit({ tag: 'Sudo', value: { tag: 'Sudid', value: { error: dispatchErrorRecord(error) } } });
  }
}

export function setKey(ctx: CallContext, args: { new: Uint8Array }): void {
  const old = ensureSudo(ctx);
  Sudo.Key.set(ctx.state, args.new);
  ctx.emit({ tag: 'Sudo', value: { tag: 'KeyChanged', value: { old, new: args.new } } });
}
