// Blocks decode into the rows a person reads; a confidential command shows its envelope's size,
// never a decoded payload; receipts open only with the caller's key.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CommChannels, devKeypair, generateKeypair, type Sr25519Keypair, toSs58 } from '@phalanx/crypto';
import { Envelope, sealReceipt } from '@phalanx/primitives';
import type { EventRecord } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { summarizeBlock } from '../src/view/decode.js';
import { hex } from '../src/view/format.js';
import { openReceipts, receiptKeyFromUri, receiptsOf } from '../src/view/receipts.js';
import { workerHistory } from '../src/view/worker-history.js';
import { CONTRACT, commandCall, extrinsicHex, rawBlock, ready, transferCall } from './fixtures.js';

const apply = (index: number) => ({ tag: 'ApplyExtrinsic' as const, value: index });

describe('decoding blocks into rows', () => {
  before(ready);

  it('a transfer: signer, call, arguments, fee and success', () => {
    const events: EventRecord[] = [
      {
        phase: apply(0),
        event: { tag: 'Balances', value: { tag: 'FeePaid', value: { who: devKeypair('Alice').publicKey, fee: 123n, tip: 0n } } },
      },
      { phase: apply(0), event: { tag: 'System', value: { tag: 'ExtrinsicSuccess', value: { index: 0 } } } },
    ];
    const summary = summarizeBlock(rawBlock(3, [extrinsicHex(transferCall, 4)], events));
    const [row] = summary.extrinsics;
    assert.equal(row?.signer, toSs58(devKeypair('Alice').publicKey));
    assert.equal(row?.call, 'Balances.transfer');
    assert.equal(row?.nonce, 4);
    assert.equal(row?.fee, 123n);
    assert.equal(row?.ok, true);
    assert.match(row?.args ?? '', /"value":"1500000000000"/);
    assert.equal(summary.events.length, 2);
    assert.equal(summary.events[0]?.name, 'Balances.FeePaid');
    assert.equal(summary.events[0]?.phase, '0');
  });

  it('a confidential command shows only its envelope size, and counts as confidential', () => {
    const summary = summarizeBlock(rawBlock(4, [extrinsicHex(commandCall(300))], []));
    const [row] = summary.extrinsics;
    assert.equal(row?.confidential, true);
    assert.equal(row?.envelopeBytes, 32 + 12 + 2 + 300, 'sender key, IV, compact length, ciphertext');
    assert.match(row?.args ?? '', /envelope 346 B \(encrypted\)/);
    assert.doesNotMatch(row?.args ?? '', /090909/, 'no ciphertext bytes dumped as if they meant something');
    assert.equal(summary.confidentialCount, 1);
  });

  it('a failed call says which pallet error, and the failure reason', () => {
    const error = { pallet: 'Balances', error: 'InsufficientBalance', message: 'not enough free balance' };
    const events: EventRecord[] = [
      { phase: apply(0), event: { tag: 'System', value: { tag: 'ExtrinsicFailed', value: { index: 0, error } } } },
    ];
    const [row] = summarizeBlock(rawBlock(5, [extrinsicHex(transferCall)], events)).extrinsics;
    assert.equal(row?.ok, false);
    assert.equal(row?.error, 'Balances.InsufficientBalance: not enough free balance');
  });

  it('state commits: entries changed, deleted and ciphertext bytes, only the accepted one', () => {
    const commit = {
      contract: CONTRACT,
      block: 9,
      commandSequence: 2n,
      changes: [
        [new Uint8Array(32).fill(1), new Uint8Array(70)],
        [new Uint8Array(32).fill(2), undefined],
        [new Uint8Array(32).fill(3), new Uint8Array(30)],
      ] as [Uint8Array, Uint8Array | undefined][],
      digest: new Uint8Array(32),
    };
    const call = {
      tag: 'Phat' as const,
      value: { tag: 'commitState' as const, value: { commit: { commit, signature: new Uint8Array(64) } } },
    };
    const duplicate = { pallet: 'Phat', error: 'StaleCommit', message: 'already recorded' };
    const events: EventRecord[] = [
      { phase: apply(1), event: { tag: 'System', value: { tag: 'ExtrinsicFailed', value: { index: 1, error: duplicate } } } },
    ];
    const summary = summarizeBlock(rawBlock(10, [extrinsicHex(call, 0), extrinsicHex(call, 1)], events));
    assert.deepEqual(summary.commits, [{ contract: hex(CONTRACT), block: 10, entries: 3, deleted: 1, bytes: 100 }]);
  });
});

describe('receipts: what the chain sees, and what the caller decrypts locally', () => {
  before(ready);

  it('the caller’s URI opens their receipts; another caller’s stay closed', () => {
    const contractEcdh = generateKeypair('sr25519') as Sr25519Keypair;
    const mine = receiptKeyFromUri('//Bob');
    const theirs = receiptKeyFromUri('//Charlie');
    const seal = (to: Sr25519Keypair, sequence: bigint | undefined, result: string) =>
      sealReceipt(
        new CommChannels(contractEcdh).with(to.publicKey).to,
        contractEcdh.publicKey,
        CONTRACT,
        sequence,
        { ok: true, result, error: '', gasUsed: 7n, events: [] },
        new Uint8Array(12).fill(Number(sequence ?? 0n) + 1),
      );
    const called = (sequence: bigint | undefined, receipt: Envelope): EventRecord => ({
      phase: apply(0),
      event: {
        tag: 'Phat',
        value: {
          tag: 'ContractCalled',
          value: {
            contract: CONTRACT,
            for: sequence === undefined ? { tag: 'Init', value: null } : { tag: 'Command', value: sequence },
            receipt,
          },
        },
      },
    });
    const blocks = [
      summarizeBlock(rawBlock(1, [], [called(undefined, seal(mine, undefined, 'null'))])),
      summarizeBlock(rawBlock(2, [], [called(0n, seal(theirs, 0n, '42')), called(1n, seal(mine, 1n, '"secret"'))])),
    ];
    const onChain = receiptsOf(blocks, hex(CONTRACT));
    assert.deepEqual(
      onChain.map((r) => [r.block, r.sequence]),
      [
        [1, undefined],
        [2, 0n],
        [2, 1n],
      ],
    );
    assert.equal(onChain[2]?.bytes, encode(Envelope, onChain[2]?.envelope as Envelope).length);
    assert.equal(receiptsOf(blocks, `0x${'00'.repeat(32)}`).length, 0);
    const opened = openReceipts(onChain, receiptKeyFromUri(' //Bob '), CONTRACT);
    assert.deepEqual(
      opened.map((o) => o.clear?.result),
      ['null', undefined, '"secret"'],
    );
  });

  it('the receipt key is not the account key (a leaked receipt key signs nothing)', () => {
    assert.notDeepEqual(receiptKeyFromUri('//Bob').publicKey, devKeypair('Bob').publicKey);
  });
});

describe('worker history', () => {
  before(ready);

  it('heartbeats, offline and online events of the kept blocks, newest first, bounded', () => {
    const identity = new Uint8Array(32).fill(5);
    const registry = (value: unknown): EventRecord => ({
      phase: { tag: 'Finalization', value: null },
      event: { tag: 'Registry', value } as EventRecord['event'],
    });
    const blocks = [
      summarizeBlock(rawBlock(10, [], [registry({ tag: 'HeartbeatReceived', value: { identity, challengeBlock: 10 } })])),
      summarizeBlock(rawBlock(41, [], [registry({ tag: 'WorkerOffline', value: { identity, lastHeartbeat: 10 } })])),
      summarizeBlock(rawBlock(50, [], [registry({ tag: 'WorkerOnline', value: { identity } })])),
    ];
    assert.deepEqual(
      workerHistory(blocks).map((r) => [r.block, r.what, r.detail]),
      [
        [50, 'online', 'answered again'],
        [41, 'offline', 'silent since #10'],
        [10, 'heartbeat', 'answered the challenge of #10'],
      ],
    );
    assert.equal(workerHistory(blocks, 1).length, 1);
  });
});
