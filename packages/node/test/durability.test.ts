// Durability of what the node announced as finalized, and damaged stores (item 7 of issue 10).
// A real node process is killed with -9 and its LevelDB write-ahead log cut back to what had been
// synced (strace shows which bytes: a power loss keeps no more): on restart it must hold the
// finalized head it announced. Damage beyond that (a disk that drops synced writes, torn bytes) must
// make it refuse with STORE, never serve a different chain. Damaged table files (.ldb) must give
// STORE errors naming the directory and what to do, whatever is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toHex } from '@phalanx/crypto';
import { ChainDb } from '../src/db/chain-db.js';
import { FinalizedMark } from '../src/db/finalized-mark.js';
import { openChain, produce, rejectsWith, WsClient } from './helpers.js';
import { canTrace, finalizedHead, type HeadJson, kill9, startProcess, syncedLogBytes, writeAheadLogs } from './node-processes.js';
import { storeFixture } from './store-fixture.js';

const READER = fileURLToPath(new URL('./read-damaged-store.js', import.meta.url));

const fixture = storeFixture();
const dir = fixture.dir;

/** Runs a node until it has announced finalized block `blocks`, kills it with -9, returns the head it announced last. */
async function announceThenKill(dataDir: string, blocks: number, trace?: string): Promise<HeadJson> {
  const started = await startProcess(dataDir, trace);
  assert.ok('child' in started, `the node starts: ${JSON.stringify(started)}`);
  const ws = await WsClient.connect(started.port);
  const head = await finalizedHead(ws, blocks);
  await kill9(started);
  ws.socket.terminate();
  return head;
}

/** After the damage: the node either holds the announced head on an unbroken chain, or refuses with STORE. */
async function restartKeepsOrRefuses(dataDir: string, announced: HeadJson): Promise<'kept' | 'refused'> {
  const started = await startProcess(dataDir);
  if ('error' in started) {
    assert.equal(started.error.code, 'STORE', started.error.message);
    assert.ok(started.error.message.includes(join(dataDir, 'chain')), `names the directory: ${started.error.message}`);
    assert.match(started.error.message, /damaged: .*; restore the data directory from a backup/);
    return 'refused';
  }
  const ws = await WsClient.connect(started.port);
  try {
    const at = await ws.request<HeadJson | null>('chain_getHeader', [announced.hash]);
    assert.equal(at?.number, announced.number, `the announced finalized head #${announced.number} is still there`);
    for (let n = announced.number; n > 0; n--) {
      const header = await ws.request<HeadJson>('chain_getHeader', [await ws.request<string>('chain_getBlockHash', [n])]);
      const parent = await ws.request<string>('chain_getBlockHash', [n - 1]);
      assert.equal(header.parentHash, parent, `block ${n} links to block ${n - 1}`);
    }
    return 'kept';
  } finally {
    ws.socket.terminate();
    await kill9(started);
  }
}

describe('power loss (kill -9, then the write-ahead log loses what was not synced)', () => {
  test('the log cut back to its last sync: the node restarts holding the finalized head it announced', async (t) => {
    if (!canTrace()) return t.skip('needs strace (ptrace) to see which bytes of the log the node synced');
    const dataDir = dir('power-loss');
    const trace = join(dir('trace'), 'strace.txt');
    const announced = await announceThenKill(dataDir, 40, trace);
    const synced = syncedLogBytes(trace);
    const kept: string[] = [];
    for (const log of writeAheadLogs(dataDir)) {
      const bytes = synced.get(basename(log)) ?? 0;
      kept.push(`${basename(log)}: ${bytes} of ${statSync(log).size} bytes`);
      truncateSync(log, bytes);
    }
    t.diagnostic(`block ${announced.number} was announced; a power loss leaves ${kept.join(', ')}`);
    assert.equal(await restartKeepsOrRefuses(dataDir, announced), 'kept');
  });

  test('the log cut to half (a disk that drops synced writes): the node refuses with STORE, never an older chain', async () => {
    const dataDir = dir('half-log');
    const announced = await announceThenKill(dataDir, 40);
    const log = writeAheadLogs(dataDir).at(-1) as string;
    truncateSync(log, Math.floor(statSync(log).size / 2));
    assert.equal(await restartKeepsOrRefuses(dataDir, announced), 'refused');
    // Refusing is not a one-off: the directory is refused again, never opened at an older block.
    assert.equal(await restartKeepsOrRefuses(dataDir, announced), 'refused');
  });

  test('the log overwritten in the middle: the node keeps the announced head on an unbroken chain, or refuses', async (t) => {
    const dataDir = dir('torn-log');
    const announced = await announceThenKill(dataDir, 40);
    const log = writeAheadLogs(dataDir).at(-1) as string;
    const bytes = readFileSync(log);
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    writeFileSync(log, bytes);
    t.diagnostic(`after the damage the node ${await restartKeepsOrRefuses(dataDir, announced)} block ${announced.number}`);
  });

  test('kill -9 with an intact log loses nothing announced', async () => {
    const dataDir = dir('kill');
    const announced = await announceThenKill(dataDir, 20);
    assert.equal(await restartKeepsOrRefuses(dataDir, announced), 'kept');
  });
});

describe('the finalized mark', () => {
  test('a store behind its mark is refused; one whose block at the mark differs is refused', async () => {
    const path = dir('behind');
    const t = await openChain(path, { verifier: fixture.verifier });
    const first = await produce(t, { allowEmpty: true });
    await produce(t, { allowEmpty: true });
    await t.close();
    const mark = await FinalizedMark.open(path);
    assert.equal(mark.point?.number, 2);
    await mark.write({ number: 3, hash: new Uint8Array(32).fill(7) });
    await mark.close();
    await rejectsWith(
      ChainDb.open(path),
      'STORE',
      /finalized up to block 2, but block 3 \(0x0707.*\) was finalized and announced/,
    );

    // Both slots, so the bad mark is the newest one read.
    const other = await FinalizedMark.open(path);
    await other.write({ number: 1, hash: new Uint8Array(32).fill(9) });
    await other.write({ number: 1, hash: new Uint8Array(32).fill(9) });
    await other.close();
    await rejectsWith(ChainDb.open(path), 'STORE', /its block 1 is not the finalized 0x0909/);
    const fixed = await FinalizedMark.open(path);
    await fixed.write({ number: 1, hash: first.hash });
    await fixed.write({ number: 1, hash: first.hash });
    await fixed.close();
    await (await ChainDb.open(path)).close();
  });

  test('a torn write spoils one slot only: the previous mark is read', async () => {
    const path = dir('torn');
    const mark = await FinalizedMark.open(path);
    await mark.write({ number: 5, hash: new Uint8Array(32).fill(5) });
    await mark.write({ number: 6, hash: new Uint8Array(32).fill(6) });
    await mark.close();
    const file = join(path, 'phalanx-finalized');
    const bytes = readFileSync(file);
    bytes[512 + 3] = (bytes[512 + 3] as number) ^ 0xff; // the slot number 6 went to
    writeFileSync(file, bytes);
    const reread = await FinalizedMark.open(path);
    assert.deepEqual(reread.point, { number: 5, hash: new Uint8Array(32).fill(5) });
    await reread.close();
  });

  test('a store made before the mark existed gets one on open', async () => {
    const path = dir('unmarked');
    const t = await openChain(path, { verifier: fixture.verifier });
    const block = await produce(t, { allowEmpty: true });
    await t.close();
    rmSync(join(path, 'phalanx-finalized'));
    await (await ChainDb.open(path)).close();
    const mark = await FinalizedMark.open(path);
    assert.deepEqual(mark.point, { number: 1, hash: block.hash });
    await mark.close();
  });
});

describe('damaged table files', () => {
  test('bytes damaged anywhere in a table: reading the chain gives its blocks or a STORE error naming the directory', async () => {
    const pristine = dir('pristine');
    const t = await openChain(pristine, { verifier: fixture.verifier });
    for (let i = 0; i < 30; i++) await produce(t, { allowEmpty: true });
    const heads = await Promise.all(
      Array.from({ length: 31 }, async (_, n) => toHex((await t.chain.header(n))?.hash ?? new Uint8Array())),
    );
    await t.close();
    await (await ChainDb.open(pristine)).close(); // reopening moves the log into a table (.ldb)
    const table = readdirSync(pristine).find((name) => name.endsWith('.ldb'));
    assert.ok(table !== undefined);
    const size = statSync(join(pristine, table)).size;
    const outcomes = { intact: 0, store: 0, aborted: 0 };
    for (let offset = 0; offset < size; offset += Math.ceil(size / 24)) {
      const copy = dir('damaged');
      cpSync(pristine, copy, { recursive: true });
      const bytes = readFileSync(join(copy, table));
      for (let i = offset; i < Math.min(offset + 8, size); i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
      writeFileSync(join(copy, table), bytes);
      // In its own process: LevelDB aborts on some damage (a native assertion) — loud, never wrong data.
      const run = spawnSync(process.execPath, [READER, copy, '30'], { encoding: 'utf8' });
      if (run.signal !== null || run.status !== 0) {
        assert.equal(
          run.signal,
          'SIGABRT',
          `offset ${offset}: the reader died by ${run.signal ?? `exit ${run.status}`}: ${run.stderr}`,
        );
        outcomes.aborted++;
        continue;
      }
      const answer = JSON.parse(run.stdout) as { hashes?: string[]; error?: { code: string; message: string } };
      if (answer.error !== undefined) {
        assert.equal(answer.error.code, 'STORE', `offset ${offset}: ${answer.error.message}`);
        assert.ok(answer.error.message.includes(copy), answer.error.message);
        assert.doesNotMatch(answer.error.message, /in use/);
        outcomes.store++;
      } else {
        // Headers are content-addressed and the index is checked: what is served is the chain itself.
        assert.deepEqual(answer.hashes, heads, `offset ${offset}`);
        outcomes.intact++;
      }
    }
    assert.ok(outcomes.store + outcomes.aborted >= 6, `most damage is noticed: ${JSON.stringify(outcomes)}`);
  });

  test('a node whose tables are overwritten with garbage stops with STORE (not INTERNAL), naming the directory', async () => {
    const dataDir = dir('garbage');
    const announced = await announceThenKill(dataDir, 5);
    await (await ChainDb.open(join(dataDir, 'chain'))).close(); // reopening moves the log into a table (.ldb)
    const tables = readdirSync(join(dataDir, 'chain')).filter((file) => file.endsWith('.ldb'));
    assert.ok(tables.length > 0);
    for (const name of tables) {
      const path = join(dataDir, 'chain', name);
      writeFileSync(path, Buffer.alloc(statSync(path).size, 0x42));
    }
    assert.equal(await restartKeepsOrRefuses(dataDir, announced), 'refused');
  });
});
