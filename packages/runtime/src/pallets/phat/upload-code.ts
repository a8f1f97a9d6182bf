import { blake2_256 } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold } from '../balances/currency.js';
import { Phat } from './storage.js';
import { codeDeposit } from './types.js';

const fail = palletErrors('Phat');

/**
 * Stores `code` under blake2_256(code), reserving `codeDeposit(size)` from the uploader. Code
 * already stored is refused (`CodeExists`) rather than accepted silently: nobody pays twice for
 * one code, and the uploader learns it can instantiate right away.
 */
export function uploadCode(ctx: CallContext, args: { code: Uint8Array }): void {
  const owner = ensureSigned(ctx.origin);
  const size = args.code.length;
  if (size === 0) throw fail('EmptyCode', 'the code is empty');
  const codeHash = blake2_256(args.code);
  if (Phat.Codes.has(ctx.state, codeHash)) throw fail('CodeExists', 'this code is already uploaded; instantiate it by its hash');
  const deposit = codeDeposit(size);
  hold(ctx, owner, deposit);
  Phat.Codes.set(ctx.state, codeHash, args.code);
  Phat.CodeInfo.set(ctx.state, codeHash, { owner, deposit, size });
  ctx.emit({ tag: 'Phat', value: { tag: 'CodeUploaded', value: { codeHash, owner, size, deposit } } });
}
