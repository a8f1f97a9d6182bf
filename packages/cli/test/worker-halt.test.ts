// A worker whose node starts lying once it is registered: its pRuntime halts, and the halt is shown,
// not hidden. The host stays up: GET /info says "halted" with the refusal's code and reason, queries
// are refused with SYNC_INVALID, and the explorer (its relay, and the page in Debian's Chromium)
// shows "pRuntime halted". Stopped, it exits 76; restarted against the same node it halts again at
// once (with --halt-linger 0 it exits 76 by itself); against an honest node it resumes and follows.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cryptoReady, devKeypair, fromHex, generateKeypair } from '@phalanx/crypto';
import { type ExplorerServer, startExplorer } from '@phalanx/explorer';
import { HOST_EXIT_CODES } from '@phalanx/host';
import { connect, type PhalanxClient, queryWorker } from '@phalanx/sdk';
import { chromium } from 'playwright-core';
import { bin, freePorts, runCli, startNodeProcess, until } from './helpers.js';
import { alterChangesOf, type Lie, startLyingNode } from './lying-node.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../explorer/screenshots/', import.meta.url));
const REFUSAL = /^SYNC_INVALID: block (\d+): the state changes do not rebuild the header's state root$/;

interface Info {
  identity: string;
  best: number;
  registeredAt: number | null;
  halted: string | null;
}

describe('a worker whose node lies after it registered', { timeout: 300_000 }, () => {
  let dir: string;
  let node: { child: ChildProcess; rpc: string };
  let liar: { url: string; close(): Promise<void> };
  let client: PhalanxClient;
  let explorer: ExplorerServer;
  let port: number;
  let worker: ChildProcess;
  let stderr = '';
  /** From this block on, the liar alters every block's state changes (undefined: honest so far). */
  let lieFrom: number | undefined;
  const lie: Lie = (method, params, result) =>
    lieFrom !== undefined && typeof params[0] === 'number' && params[0] >= lieFrom
      ? alterChangesOf(params[0])(method, params, result)
      : result;
  const info = () => fetch(`http://127.0.0.1:${port}/info`).then((r) => r.json() as Promise<Info>);
  const startWorker = (rpc: string, extra: string[] = []) => {
    const args = ['worker', '--rpc', rpc, '--data-dir', join(dir, 'worker'), '--port', String(port), '--suri', '//Alice'];
    const child = spawn(process.execPath, [bin, ...args, '--log-level', 'warn', ...extra], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    return child;
  };
  const exitOf = (child: ChildProcess) =>
    child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-halt-'));
    node = await startNodeProcess(dir);
    liar = await startLyingNode(node.rpc, lie);
    client = await connect(node.rpc);
    port = await freePorts(1, 20_000, 5_000);
    worker = startWorker(liar.url);
    await until('the worker to register', async () => typeof (await info().catch(() => undefined))?.registeredAt === 'number');
    explorer = await startExplorer({ rpc: node.rpc, port: 0 });
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await explorer?.close();
    await client?.close();
    await liar?.close();
    node?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad --halt-linger as a usage error', async () => {
    for (const value of ['-1', 'soon', '86401']) {
      const result = await runCli(['worker', `--halt-linger=${value}`]);
      assert.equal(result.code, 2, value);
      assert.match(result.stderr, /--halt-linger must be a number of seconds between 0 and 86400/);
    }
  });

  it('halts and stays up: /info says halted with the refusal, queries are refused, stderr says why', async () => {
    lieFrom = ((await client.header())?.number ?? 0) + 1;
    const transfer = { dest: devKeypair('Charlie').publicKey, value: 1_000_000n };
    const outcome = await client.signAndSubmit(devKeypair('Bob'), {
      tag: 'Balances',
      value: { tag: 'transfer', value: transfer },
    });
    assert.equal(outcome.ok, true, 'a new block, which the liar alters for the worker');
    await until('the worker to halt', async () => typeof (await info()).halted === 'string');
    const halted = await info();
    const refused = REFUSAL.exec(halted.halted ?? '');
    assert.ok(refused, `the reason names the refusal: ${halted.halted}`);
    assert.ok(Number(refused[1]) >= lieFrom, 'the first altered block was refused');
    assert.equal(halted.best, Number(refused[1]) - 1, 'its verified position stays before the refused block');
    assert.equal(worker.exitCode, null, 'the halted host is still up');
    await assert.rejects(
      queryWorker(client, generateKeypair('sr25519'), fromHex(halted.identity, 'worker', 32), { method: 'ping' }),
      { code: 'SYNC_INVALID', message: /pRuntime halted \(SYNC_INVALID: block \d+: the state changes do not rebuild/ },
    );
    await until('stderr to say why', async () => /the pRuntime halted/.test(stderr));
    assert.match(stderr, /SYNC_INVALID: the pRuntime halted: block \d+: the state changes do not rebuild/);
    assert.match(stderr, /point --rpc at an honest node/);
  });

  it("the explorer's relay serves the halted /info", async () => {
    const { identity, halted } = await info();
    const relayed = (await fetch(new URL(`api/worker-info/${identity}`, explorer.url)).then((r) => r.json())) as Info;
    assert.equal(relayed.identity, identity);
    assert.match(relayed.halted ?? '', REFUSAL);
    assert.equal(relayed.halted, halted);
  });

  it('the explorer page shows the worker as halted, with its reason, on the workers page and the dashboard', {
    skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (bash scripts/install-chromium.sh)`,
  }, async () => {
    const { identity } = await info();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${explorer.url}#/workers`);
      const row = page.locator('tr', { hasText: `${identity.slice(0, 10)}…${identity.slice(-8)}` });
      await row.getByTestId('worker-status').getByText('halted', { exact: true }).waitFor({ timeout: 60_000 });
      const host = (await row.getByTestId('host-state').textContent()) ?? '';
      assert.match(host, /^pRuntime halted: SYNC_INVALID: block \d+: the state changes do not rebuild/);
      await page.getByTestId('workers-summary').getByText('1 pRuntime halted', { exact: false }).waitFor();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'worker-halted.png'), fullPage: true });
      await page.goto(`${explorer.url}#/`); // the dashboard, in the same document
      await page.getByTestId('workers-summary').getByText('1 worker: 0 serving, 1 pRuntime halted').waitFor({ timeout: 60_000 });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('stopped while halted it exits 76; restarted against the liar it halts again; against an honest node it follows', async () => {
    const { best } = await info();
    worker.kill('SIGTERM');
    assert.equal(await exitOf(worker), HOST_EXIT_CODES.nodeLied, 'a stop while halted is not a clean stop');
    // The same lying node: it halts at once, and with --halt-linger 0 exits 76 by itself.
    worker = startWorker(liar.url, ['--halt-linger', '0']);
    assert.equal(await exitOf(worker), HOST_EXIT_CODES.nodeLied, stderr);
    assert.match(stderr, /SYNC_INVALID: the pRuntime halted: block \d+: the state changes do not rebuild/);
    // The operator's remedy: an honest node. It resumes from its checkpoint and verifies the block it refused.
    worker = startWorker(node.rpc);
    await until('the worker to follow past the refused block', async () => {
      const now = await info().catch(() => undefined);
      assert.equal(now?.halted ?? null, null, `halted against an honest node: ${now?.halted}`);
      return (now?.best ?? 0) > best;
    });
    worker.kill('SIGTERM');
    assert.equal(await exitOf(worker), HOST_EXIT_CODES.stopped);
  });
});
