// `npm run bench -- explorer`: the explorer page in Debian's Chromium against a dev node.
//   1. A chain of many blocks: an instant-seal dev node and one transfer per block, as many as fit
//      in BENCH_CHAIN_SECONDS (default 120) up to BENCH_BLOCKS (default 10000) — the count made is reported.
//   2. Page load → first rendered block: from navigation to the head block in the page (and the
//      latest-blocks table filled), cold browser context, median of 3 loads.
//   3. The page's JS heap (after a forced GC) once loaded, and again after BENCH_STREAM_BLOCKS
//      (default 3000) more blocks arrived live — the page keeps a window of 500 blocks, so the
//      heap must stay flat however many blocks pass (an hour at 4 blocks/s is 14400 blocks).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoReady, devKeypair } from '@phalanx/crypto';
import { startExplorer } from '@phalanx/explorer';
import { connect } from '@phalanx/sdk';
import { chromium } from 'playwright-core';
import { freePorts } from './harness.mjs';

const PHALANX = fileURLToPath(new URL('../packages/cli/bin/phalanx.js', import.meta.url));
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10_000);
const CHAIN_SECONDS = Number(process.env.BENCH_CHAIN_SECONDS ?? 120);
const STREAM_BLOCKS = Number(process.env.BENCH_STREAM_BLOCKS ?? 3_000);
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

async function startNode(dataDir) {
  const port = await freePorts(1);
  const child = spawn(
    process.execPath,
    [PHALANX, 'node', '--dev', '--data-dir', dataDir, '--rpc-port', String(port), '--log-level', 'warn'],
    {
      stdio: 'ignore',
    },
  );
  const rpc = `ws://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      return { child, rpc, client: await connect(rpc) };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('the node did not start');
}

/** One transfer per block until `count` blocks or `seconds` pass; returns the head. */
async function makeBlocks(client, count, seconds) {
  const alice = devKeypair('Alice');
  const bob = devKeypair('Bob').publicKey;
  const end = Date.now() + seconds * 1000;
  let head = (await client.header())?.number ?? 0;
  const target = head + count;
  while (head < target && Date.now() < end) head = (await client.transfer(alice, bob, 1n)).block;
  return head;
}

async function heapMiB(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}

export async function run() {
  if (!existsSync('/usr/bin/chromium')) return { skipped: '/usr/bin/chromium is missing (apt-get install -y chromium)' };
  await cryptoReady();
  const dataDir = mkdtempSync(join(tmpdir(), 'phalanx-bench-explorer-'));
  const node = await startNode(dataDir);
  const explorer = await startExplorer({ rpc: node.rpc, port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
  try {
    const made = performance.now();
    const chainHeight = await makeBlocks(node.client, BLOCKS, CHAIN_SECONDS);
    const chainSeconds = (performance.now() - made) / 1000;

    const loads = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(explorer.url);
      await page.locator('[data-testid=latest-blocks] tbody tr').first().waitFor({ timeout: 60_000 });
      const total = Math.round(performance.now() - start);
      const marks = await page.evaluate(() =>
        Object.fromEntries(
          performance.getEntriesByType('mark').map((m) => [m.name.replace('phalanx:', ''), Math.round(m.startTime)]),
        ),
      );
      loads.push({ total, ...marks });
      await context.close();
    }
    loads.sort((a, b) => a.total - b.total);

    const page = await browser.newPage();
    await page.goto(explorer.url);
    await page.locator('[data-testid=latest-blocks] tbody tr').first().waitFor();
    await page.waitForFunction(() => window.phalanxExplorer?.blocks.size >= 100, null, { timeout: 60_000 });
    const heapLoaded = await heapMiB(page);
    /** Streams `count` blocks to the open page, waits until it has them all, returns its heap. */
    const stream = async (count) => {
      const to = await makeBlocks(node.client, count, CHAIN_SECONDS);
      await page.waitForFunction((n) => (window.phalanxExplorer?.best?.number ?? 0) >= n, to, { timeout: 120_000 });
      await page.waitForTimeout(2000); // the last blocks decoded and rendered
      return { to, heap: await heapMiB(page), kept: await page.evaluate(() => window.phalanxExplorer?.blocks.size) };
    };
    const streamStart = performance.now();
    const half = await stream(Math.ceil(STREAM_BLOCKS / 2)); // the window is full from here on
    const end = await stream(Math.floor(STREAM_BLOCKS / 2));
    const streamSeconds = (performance.now() - streamStart) / 1000;
    const streamedTo = end.to;
    return {
      chain: { blocks: chainHeight, madeInSeconds: Math.round(chainSeconds), note: 'instant seal, one transfer per block' },
      firstRenderedBlockMs: {
        median: loads[1]?.total,
        loads,
        note: 'total: navigation to the latest-blocks table showing the head (cold context); the rest: page marks, ms since navigation',
      },
      heap: {
        loadedMiB: heapLoaded,
        windowFullMiB: half.heap,
        afterStreamMiB: end.heap,
        streamedBlocks: streamedTo - chainHeight,
        streamedBlocksPerSecond: Math.round((streamedTo - chainHeight) / streamSeconds),
        blocksKeptInPage: { windowFull: half.kept, afterStream: end.kept },
        note: 'JS heap after a forced GC; the page keeps a window of 500 blocks',
      },
    };
  } finally {
    await browser.close();
    await explorer.close();
    await node.client.close();
    node.child.kill('SIGINT');
    await new Promise((resolve) => node.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
