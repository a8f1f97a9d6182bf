import { PhalanxError } from '@phalanx/errors';
import { feeFor } from '../constants.js';
import { readAccount } from '../pallets/system/account.js';
import type { StateReader } from '../state/overlay.js';
import type { CheckedExtrinsic } from './check.js';

export interface TransactionValidity {
  /** The account's next nonce now; `nonce > accountNonce` means the transaction waits (future). */
  readonly accountNonce: number;
  readonly nonce: number;
  readonly fee: bigint;
  readonly priority: bigint;
}

/** Stateful pool checks against the best state: not stale, fee payable now. */
export function validateTransaction(state: StateReader, checked: CheckedExtrinsic): TransactionValidity {
  const account = readAccount(state, checked.signer);
  const { nonce, tip } = checked.extrinsic;
  if (nonce < account.nonce) {
    throw new PhalanxError('TX_STALE', `nonce ${nonce} was already used; the account's next nonce is ${account.nonce}`, {
      details: { nonce, expected: account.nonce },
    });
  }
  const fee = feeFor(checked.bytes.length, tip);
  if (account.free < fee) {
    throw new PhalanxError('TX_PAYMENT', `the signer's free balance ${account.free} cannot pay the fee ${fee}`, {
      details: { fee, free: account.free },
    });
  }
  return { accountNonce: account.nonce, nonce, fee, priority: tip };
}
