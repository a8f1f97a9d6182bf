import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockWindow } from '../src/view/block-window.js';
import type { BlockSummary } from '../src/view/decode.js';
import {
  formatAgo,
  formatBalance,
  formatBytes,
  formatDuration,
  formatValue,
  parseAmount,
  shortHash,
} from '../src/view/format.js';
import { parseSearch } from '../src/view/search.js';
import { blockTimes, commitSizes, extrinsicCounts, Series } from '../src/view/series.js';

const block = (number: number, extra: Partial<BlockSummary> = {}): BlockSummary => ({
  number,
  hash: `0x${number.toString(16).padStart(64, '0')}`,
  parentHash: '0x',
  timestamp: number * 250,
  author: '0x',
  extrinsics: [],
  events: [],
  commits: [],
  confidentialCount: 0,
  mismatches: 0,
  ...extra,
});

describe('formatting', () => {
  it('balances in PHA with 12 decimals, grouped, trailing zeros dropped', () => {
    assert.equal(formatBalance(1_500_000_000_000n), '1.5 PHA');
    assert.equal(formatBalance(1_234_567n * 10n ** 12n), '1,234,567 PHA');
    assert.equal(formatBalance(1n), '0.000000000001 PHA');
    assert.equal(formatBalance(-2n * 10n ** 12n), '-2 PHA');
  });
  it('amounts typed in PHA, refusing what is not one', () => {
    assert.equal(parseAmount('1.5'), 1_500_000_000_000n);
    assert.equal(parseAmount('2 PHA'), 2_000_000_000_000n);
    assert.throws(() => parseAmount('1.0000000000001'), /at most 12 decimals/);
    assert.throws(() => parseAmount('-1'), /not an amount/);
  });
  it('hashes, bytes, durations and ages', () => {
    assert.equal(shortHash(`0x${'ab'.repeat(32)}`), '0xababab…ababab');
    assert.equal(shortHash('0x1234'), '0x1234');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
    assert.equal(formatDuration(250), '250 ms');
    assert.equal(formatDuration(1200), '1.2 s');
    assert.equal(formatDuration(184_000), '3 min 4 s');
    assert.equal(formatAgo(1000, 1500), 'just now');
    assert.equal(formatAgo(0, 12_000), '12 s ago');
    assert.equal(formatAgo(0, 7_200_000), '2 h ago');
  });
  it('decoded values as short text: bigints as digits, long bytes cut with their length', () => {
    assert.equal(formatValue({ a: 5n, b: new Uint8Array([1, 2]) }), '{"a":"5","b":"0x0102"}');
    assert.equal(formatValue(new Uint8Array(40), 2), '"0x0000… (40 B)"');
  });
});

describe('search', () => {
  it('tells block numbers, hashes and addresses apart', () => {
    assert.deepEqual(parseSearch(' 42 '), { kind: 'block', number: 42 });
    assert.deepEqual(parseSearch('#7'), { kind: 'block', number: 7 });
    assert.deepEqual(parseSearch(`0x${'AB'.repeat(32)}`), { kind: 'hash', hex: `0x${'ab'.repeat(32)}` });
    const alice = parseSearch('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    assert.equal(alice.kind, 'address');
    assert.equal(alice.kind === 'address' && alice.hex.length, 66);
  });
  it('says what is wrong with anything else', () => {
    assert.equal(parseSearch('').kind, 'invalid');
    assert.match((parseSearch('0x12') as { reason: string }).reason, /64 hex digits/);
    assert.match((parseSearch('hello') as { reason: string }).reason, /no block number/);
    assert.equal(parseSearch('99999999999').kind, 'invalid');
  });
});

describe('the block window', () => {
  it('keeps only the newest `capacity` blocks, whatever order they come in', () => {
    const window = new BlockWindow(100);
    for (let n = 1_000; n >= 1; n--) window.add(block(n)); // a backfill, newest first
    for (let n = 1_001; n <= 10_000; n++) window.add(block(n)); // then hours of new blocks
    assert.equal(window.size, 100);
    assert.equal(window.head?.number, 10_000);
    assert.equal(window.ascending()[0]?.number, 9_901);
    assert.equal(window.get(9_900), undefined);
    assert.equal(window.get(block(9_950).hash)?.number, 9_950, 'found by hash');
    assert.equal(window.get(block(50).hash), undefined, 'evicted blocks are gone by hash too');
  });
  it('replaces a block at the same height (a new best chain) and forgets the old hash', () => {
    const window = new BlockWindow(10);
    window.add(block(5));
    window.add({ ...block(5), hash: `0x${'ee'.repeat(32)}` });
    assert.equal(window.size, 1);
    assert.equal(window.get(block(5).hash), undefined);
  });
  it('records finality', () => {
    const window = new BlockWindow(10);
    for (let n = 1; n <= 5; n++) window.add(block(n));
    window.markFinalized(3, 99);
    assert.equal(window.finalized, 3);
    assert.equal(window.finalizedSeenAt(2), 99);
    assert.equal(window.finalizedSeenAt(4), undefined);
  });
});

describe('plot series', () => {
  it('block times in seconds between consecutive kept blocks only', () => {
    const blocks = [block(1), block(2), { ...block(3), timestamp: 1_000 }, block(5)];
    assert.deepEqual(blockTimes(blocks), [
      [2, 3],
      [0.25, 0.5],
    ]);
  });
  it('extrinsics, confidential commands and commit sizes per block', () => {
    const commit = { contract: '0xc0', block: 2, entries: 3, deleted: 1, bytes: 200 };
    const blocks = [
      block(1),
      block(2, { confidentialCount: 2, commits: [commit, { ...commit, contract: '0xother', bytes: 9 }] }),
    ];
    assert.deepEqual(extrinsicCounts(blocks), [
      [1, 2],
      [0, 0],
      [0, 2],
    ]);
    assert.deepEqual(commitSizes(blocks, '0xc0'), [[2], [200], [3]]);
    assert.equal(commitSizes(blocks)[0].length, 2);
  });
  it('a bounded sample series; a repeated x replaces its sample', () => {
    const series = new Series(3);
    for (const [x, y] of [
      [1, 1],
      [2, 2],
      [2, 5],
      [3, 3],
      [4, 4],
    ] as const)
      series.push(x, y);
    assert.deepEqual(series.columns(), [
      [2, 3, 4],
      [5, 3, 4],
    ]);
  });
});
