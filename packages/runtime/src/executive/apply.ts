import { PhalanxError } from '@phalanx/errors';
import { feeFor } from '../constants.js';
import type { CallContext } from '../dispatch/context.js';
import { dispatchErrorRecord } from '../dispatch/error.js';
import { readAccount, writeAccount } from '../pallets/system/account.js';
import type { CheckedExtrinsic } from './check.js';

export type ApplyOutcome = { readonly ok: true } | { readonly ok: false; readonly error: ReturnType<typeof dispatchErrorRecord> };

/**
 * Applies one checked extrinsic at position `index`. Throws (with nothing written) when it cannot
 * be included at all: wrong nonce or unpayable fee. Otherwise the nonce is bumped and the fee taken
 * whatever happens (the executor pays the block's fees to its author once, at finalisation); the call runs in its own transaction, and a failure reverts its
 * writes only and is recorded as `ExtrinsicFailed`.
 */
export function applyExtrinsic(ctx: CallContext, checked: CheckedExtrinsic, index: number): ApplyOutcome {
  const { signer } = checked;
  const { nonce, tip, call } = checked.extrinsic;
  const account = readAccount(ctx.state, signer);
  if (nonce !== account.nonce) {
    throw new PhalanxError(
      nonce < account.nonce ? 'TX_STALE' : 'TX_FUTURE',
      `nonce ${nonce} is not the account's next nonce ${account.nonce}`,
    );
  }
  const fee = feeFor(checked.bytes.length, tip);
  if (account.free < fee) throw new PhalanxError('TX_PAYMENT', `free balance ${account.free} cannot pay the fee ${fee}`);
  writeAccount(ctx.state, signer, { ...account, nonce: account.nonce + 1, free: account.free - fee });
  ctx.emit({ tag: 'Balances', value: { tag: 'FeePaid', value: { who: signer, fee, tip } } });
  try {
    ctx.transaction(() => ctx.dispatchAs({ kind: 'signed', account: signer }, call));
  } catch (error) {
    const record = dispatchErrorRecord(error);
    ctx.emit({ tag: 'System', value: { tag: 'ExtrinsicFailed', value: { index, error: record } } });
    return { ok: false, error: record };
  }
  ctx.emit({ tag: 'System', value: { tag: 'ExtrinsicSuccess', value: { index } } });
  return { ok: true };
}
