// The explorer in a real browser (Debian's Chromium) against a live devnet: the page loads with
// no console errors, blocks arrive without reload, a contract deployed and called from the page
// shows its commit and the caller's receipt decrypted in the page — with no request carrying the
// secret — workers show online, a worker killed with kill -9 turns offline, plots have points, and a lost node
// shows the banner. Screenshots of the main views go to packages/explorer/screenshots/ (gitignored).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { shortHash } from '../src/view/format.js';
import { chromiumMissing, type Devnet, launchBrowser, PHALANX, SCREENSHOTS, startDevnet, stopDevnet } from './harness.js';

/** A port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }),
  );
}

const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const SECRET_URI = '//Alice';

describe('the explorer in a browser', { skip: chromiumMissing, timeout: 300_000 }, () => {
  let devnet: Devnet;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];
  const sent: string[] = []; // every request URL and body, every WebSocket frame the page sent

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phalanx-explorer-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    devnet = await startDevnet(join(dir, 'devnet'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
  });
  after(async () => {
    await browser?.close();
    if (devnet !== undefined) await stopDevnet(devnet);
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const bestNumber = async () => Number((await page.getByTestId('best-number').textContent())?.slice(1));

  it('loads, follows new blocks without reload, and plots them', async () => {
    await page.goto(devnet.explorer);
    await page.getByTestId('best-number').waitFor();
    const first = await bestNumber();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=best-number]')?.textContent?.slice(1)) > n + 2,
      first,
    );
    await page.waitForFunction(
      () => Number((document.querySelector('[data-testid=plot-block-time]') as HTMLElement | null)?.dataset.points) > 2,
    );
    assert.ok((await page.getByTestId('latest-blocks').locator('tbody tr').count()) > 0);
    await shot('dashboard');
    assert.deepEqual(consoleErrors, []);
  });

  it('shows two workers online', async () => {
    await page.goto(`${devnet.explorer}#/workers`);
    const online = page
      .locator('tr', { has: page.getByTestId('worker-role').getByText('worker', { exact: true }) })
      .getByText('online', { exact: true });
    await online.nth(1).waitFor();
    assert.equal(await online.count(), 2);
    await shot('workers');
  });

  it('transfers, deploys, calls and queries a contract from the page; its commit and the decrypted receipt appear; the secret never leaves', async () => {
    await page.goto(`${devnet.explorer}#/dev`);
    await page.getByTestId('transfer').click();
    await page
      .getByTestId('transfer-result')
      .getByText(/^in block #\d+/)
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('deploy').click();
    await page.getByTestId('deployed-link').waitFor({ timeout: 90_000 });
    await shot('dev-actions');
    const address = (await page.getByTestId('deployed-link').textContent()) ?? '';
    // Search: a block number, then the contract's SS58 address.
    await page.getByTestId('search').fill('3');
    await page.getByTestId('search').press('Enter');
    await page.getByTestId('block-page').getByText('Block #3').waitFor();
    await page.getByTestId('search').fill(address);
    await page.getByTestId('search').press('Enter');
    await page.getByTestId('contract-facts').getByText(address).waitFor(); // the contract's page, found by search
    await page.getByTestId('contract-page').waitFor();
    await page.getByTestId('call').waitFor();
    await page.getByTestId('call-args').fill(JSON.stringify([CHARLIE, 250]));
    await page.getByTestId('call').click();
    await page.getByTestId('call-result').getByText('"result": 999750').waitFor({ timeout: 60_000 });
    await page.getByTestId('call-method').fill('balanceOf');
    await page.getByTestId('call-args').fill('[]');
    await page.getByTestId('query').click();
    await page
      .getByTestId('call-result')
      .getByText(/^999750$/)
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('suri').fill(SECRET_URI);
    await page.getByTestId('unlock').click();
    await page.getByTestId('decrypted-receipt').getByText('ok → 999750').waitFor({ timeout: 30_000 });
    await page.getByTestId('last-commit').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('state-size').textContent()) ?? '', /[1-9]\d* entries/);
    await page.waitForFunction(() => document.querySelector('[data-testid=commits] tbody tr') !== null);
    await shot('contract');
    const leaks = sent.filter((text) => text.includes(SECRET_URI));
    assert.deepEqual(leaks, [], 'no request or WebSocket frame carries the secret URI');
    assert.deepEqual(consoleErrors, []);
  });

  it('an extrinsic page shows a command as an envelope size, not a decoded payload', async () => {
    await page.goto(`${devnet.explorer}#/blocks`);
    const withCommand = page
      .locator('tr', { has: page.locator('td:nth-child(5)', { hasNotText: /^0$/ }) })
      .getByTestId('block-link');
    await withCommand.first().click();
    await page.getByTestId('block-page').getByText('Phat.command').first().waitFor();
    await shot('block');
    await page.locator('tr', { hasText: 'Phat.command' }).getByTestId('extrinsic-link').first().click();
    await page
      .getByTestId('extrinsic-page')
      .getByText(/encrypted envelope of \d+ bytes/)
      .waitFor();
    await shot('extrinsic');
  });

  it('the staking and governance page says who decides', async () => {
    await page.goto(`${devnet.explorer}#/governance`);
    await page
      .getByTestId('sudo')
      .getByText(/a sudo key exists/i)
      .waitFor();
    await page.getByTestId('treasury').getByText(/PHA/).waitFor();
    await page.getByText(/NPoS elections are off/).waitFor();
    await shot('governance');
    assert.deepEqual(consoleErrors, []);
  });

  it('a worker killed with kill -9 turns offline on the page', async () => {
    // Eve's own worker process, outside the devnet's supervisor (which would restart a devnet
    // worker before the chain's 30-block silence window passes): nothing brings it back.
    const port = await freePort();
    const args = ['worker', '--rpc', devnet.rpc, '--data-dir', join(dir, 'eve-worker'), '--tee', 'sim', '--port', String(port)];
    args.push('--public-url', `http://127.0.0.1:${port}`, '--suri', '//Eve', '--log-level', 'warn');
    const worker = spawn(process.execPath, [PHALANX, ...args], { stdio: 'ignore' });
    try {
      let identity = '';
      for (let i = 0; i < 240 && identity === ''; i++) {
        const info = await fetch(`http://127.0.0.1:${port}/info`)
          .then((r) => r.json() as Promise<{ identity: string; registeredAt: number | null }>)
          .catch(() => undefined);
        if (typeof info?.registeredAt === 'number') identity = info.identity;
        else await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert.ok(identity !== '', 'Eve’s worker registered');
      await page.goto(`${devnet.explorer}#/workers`);
      const row = page.locator('tr', { hasText: shortHash(identity, 8) });
      await row.getByTestId('worker-status').getByText('online', { exact: true }).waitFor({ timeout: 90_000 });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGKILL');
      await exited;
      await row.getByTestId('worker-status').getByText('offline', { exact: true }).waitFor({ timeout: 120_000 });
      await page.getByTestId('worker-history').getByText('offline', { exact: true }).first().waitFor();
      await shot('worker-offline');
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  });

  it('shows a banner when the node is unreachable', async () => {
    await page.goto(devnet.explorer);
    await page.getByTestId('best-number').waitFor();
    await stopDevnet(devnet);
    await page.getByTestId('banner').getByText('unreachable').waitFor({ timeout: 30_000 });
    await shot('node-unreachable');
  });
});
