// "What the chain sees" next to what only the caller can read: the receipts of a contract as the
// chain holds them (`Phat.ContractCalled`: ciphertext), and — locally, with a key the developer
// holds — the same receipts decrypted. Pure: the key never leaves this function's caller.
import { CommChannels, type Sr25519Keypair } from '@phalanx/crypto';
import { type CallReceipt, Envelope, openReceipt } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import type { BlockSummary } from './decode.js';
import { hex } from './format.js';

export interface ReceiptOnChain {
  readonly block: number;
  /** The command's sequence, or undefined for the constructor's receipt. */
  readonly sequence: bigint | undefined;
  readonly envelope: Envelope;
  /** Bytes of the encrypted envelope as the chain stores it. */
  readonly bytes: number;
  /** The start of the ciphertext, hex: what anyone can see. */
  readonly preview: string;
}

// The receipt key of a caller (derived from its secret URI) is the SDK's, so the page opens the
// receipts of calls made with the CLI or the SDK from the same URI.
export { RECEIPT_KEY_PATH, receiptKeyFromUri } from '@phalanx/sdk';

/** Every receipt of `contract` (0x id) in the kept blocks, oldest first. */
export function receiptsOf(blocks: readonly BlockSummary[], contract: string): ReceiptOnChain[] {
  const found: ReceiptOnChain[] = [];
  for (const block of blocks) {
    for (const { event } of block.events) {
      if (event.tag !== 'Phat' || event.value.tag !== 'ContractCalled') continue;
      const called = event.value.value;
      if (hex(called.contract) !== contract) continue;
      found.push({
        block: block.number,
        sequence: called.for.tag === 'Command' ? called.for.value : undefined,
        envelope: called.receipt,
        bytes: encode(Envelope, called.receipt).length,
        preview: hex(called.receipt.ciphertext.subarray(0, 24)),
      });
    }
  }
  return found;
}

export interface OpenedReceipt {
  readonly receipt: ReceiptOnChain;
  /** The decrypted receipt, or undefined when this key cannot open it (another caller's). */
  readonly clear: CallReceipt | undefined;
}

/** Tries to open each receipt with `key`; receipts sealed to other keys stay closed. */
export function openReceipts(receipts: readonly ReceiptOnChain[], key: Sr25519Keypair, contractId: Uint8Array): OpenedReceipt[] {
  const session = new CommChannels(key);
  return receipts.map((receipt) => {
    try {
      return { receipt, clear: openReceipt(session, receipt.envelope, contractId, receipt.sequence) };
    } catch {
      return { receipt, clear: undefined };
    }
  });
}
