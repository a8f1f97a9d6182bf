// Blocks made the way the node serves them (SCALE hex of real extrinsics and events), for the
// view-model tests.
import { cryptoReady, devKeypair, toHex } from '@phalanx/crypto';
import { signExtrinsic } from '@phalanx/primitives';
import { type EventRecord, EventRecords, Extrinsic, RuntimeCall } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import type { RawBlock } from '../src/view/decode.js';

export const GENESIS = new Uint8Array(32).fill(7);
export const CONTRACT = new Uint8Array(32).fill(0xc0);

export async function ready(): Promise<void> {
  await cryptoReady();
}

export function extrinsicHex(call: RuntimeCall, nonce = 0): string {
  return toHex(encode(Extrinsic, signExtrinsic(RuntimeCall, devKeypair('Alice'), GENESIS, { nonce, call })));
}

export function rawBlock(
  number: number,
  extrinsics: string[],
  events: EventRecord[],
  timestamp = 1_000 + number * 250,
): RawBlock {
  const hash = `0x${number.toString(16).padStart(64, '0')}`;
  return {
    header: {
      hash,
      parentHash: `0x${(number - 1).toString(16).padStart(64, '0')}`,
      number,
      timestamp,
      author: toHex(new Uint8Array(32)),
    },
    extrinsics,
    events: toHex(encode(EventRecords, events)),
  };
}

export const transferCall: RuntimeCall = {
  tag: 'Balances',
  value: { tag: 'transfer', value: { dest: new Uint8Array(32).fill(2), value: 1_500_000_000_000n } },
};

export const commandCall = (ciphertextBytes: number): RuntimeCall => ({
  tag: 'Phat',
  value: {
    tag: 'command',
    value: {
      contract: CONTRACT,
      envelope: {
        senderPubkey: new Uint8Array(32).fill(1),
        iv: new Uint8Array(12),
        ciphertext: new Uint8Array(ciphertextBytes).fill(9),
      },
      gasLimit: 1_000_000n,
      gasPrice: 1n,
    },
  },
});
