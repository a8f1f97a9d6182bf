import type { ContractReceipt } from '@phalanx/runtime';

/** An MQ payload is at most 64 KiB: receipts of one block go in as many messages as needed. */
const MAX_RECEIPTS_PAYLOAD = 60 * 1024;

export function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Splits receipts into groups whose encoded message stays under the MQ payload cap. */
export function receiptChunks(receipts: readonly ContractReceipt[]): ContractReceipt[][] {
  const chunks: ContractReceipt[][] = [];
  let current: ContractReceipt[] = [];
  let size = 64;
  for (const receipt of receipts) {
    const bytes = receipt.receipt.ciphertext.length + 64;
    if (current.length > 0 && size + bytes > MAX_RECEIPTS_PAYLOAD) {
      chunks.push(current);
      current = [];
      size = 64;
    }
    current.push(receipt);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
