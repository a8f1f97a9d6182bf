import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { settleGas } from './gas.js';
import { Phat } from './storage.js';
import type { ContractReceipts } from './types.js';

const fail = palletErrors('Phat');

/**
 * A contract's "phalanx/phat/receipts" message (routed by the MQ pallet; its replicas all send the
 * same one and the MQ keeps the first): each receipt becomes a `ContractCalled` event, still
 * encrypted to its caller — the chain and everyone else see ciphertext only. A command's receipt
 * also settles its gas: the sender pays for the gas the receipt states (see gas.ts).
 */
export function recordReceipts(ctx: CallContext, identity: Uint8Array, message: ContractReceipts): void {
  const contract = Phat.ContractByIdentity.get(ctx.state, identity);
  if (contract === undefined || !equalBytes(contract, message.contract)) {
    throw fail('NotContractIdentity', 'receipts must be sent by the identity key of the contract they belong to');
  }
  for (const { for: call, gasUsed, receipt } of message.receipts) {
    if (call.tag === 'Command') settleGas(ctx, [contract, call.value], gasUsed);
    ctx.emit({ tag: 'Phat', value: { tag: 'ContractCalled', value: { contract, for: call, receipt } } });
  }
}
