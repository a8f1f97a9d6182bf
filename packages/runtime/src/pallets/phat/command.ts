import type { Envelope } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { pushPalletMessage } from '../mq/outbound.js';
import { MQ_TOPICS } from '../mq/types.js';
import { readAccount } from '../system/account.js';
import { scheduleExecutionDeadline } from './execution-timeout.js';
import { holdGas, reserveGas } from './gas.js';
import { Phat } from './storage.js';
import { CommandMessage } from './types.js';

const fail = palletErrors('Phat');

/**
 * Orders an encrypted command for a deployed contract: it gets the contract's next sequence, its gas
 * is reserved from the signer, and it goes to the workers as pallet message "phalanx/phat/command"
 * (the signer is the `sender`, which the client binds into the envelope's associated data).
 */
export function command(
  ctx: CallContext,
  args: { contract: Uint8Array; envelope: Envelope; gasLimit: bigint; gasPrice: bigint },
): void {
  const sender = ensureSigned(ctx.origin);
  const record = Phat.Contracts.get(ctx.state, args.contract);
  if (record === undefined) throw fail('ContractNotFound', 'no contract has this id');
  if (record.deployedAt === undefined)
    throw fail('ContractNotDeployed', 'the contract is not deployed yet (its keys are not published)');
  const sequence = Phat.CommandSequences.get(ctx.state, args.contract) ?? 0n;
  holdGas(ctx, [args.contract, sequence], reserveGas(ctx, sender, args.gasLimit, args.gasPrice));
  scheduleExecutionDeadline(ctx, [args.contract, sequence]);
  // The executive bumped the signer's nonce before dispatch: the carrying extrinsic's nonce is one less.
  const txNonce = Math.max(0, readAccount(ctx.state, sender).nonce - 1);
  const message = { contract: args.contract, sender, sequence, txNonce, gasLimit: args.gasLimit, envelope: args.envelope };
  pushPalletMessage(ctx, 'Phat', MQ_TOPICS.command, encode(CommandMessage, message));
  Phat.CommandSequences.set(ctx.state, args.contract, sequence + 1n);
  ctx.emit({ tag: 'Phat', value: { tag: 'CommandSubmitted', value: { contract: args.contract, sender, sequence } } });
}
