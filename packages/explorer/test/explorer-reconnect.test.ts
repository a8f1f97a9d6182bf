// The page survives its node going away: a banner while it is unreachable, and once the node is
// back (same port, same chain) the banner goes and blocks flow again, without a reload.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type ExplorerServer, startExplorer } from '../src/server/index.js';
import { chromiumMissing, launchBrowser, PHALANX, SCREENSHOTS } from './harness.js';

/** `phalanx node --dev` with a block every 250 ms; resolves with its RPC URL once it serves. */
function startNode(dataDir: string, port: number): Promise<{ child: ChildProcess; rpc: string }> {
  const args = ['node', '--dev', '--data-dir', dataDir, '--rpc-port', String(port), '--seal', 'interval', '--block-time', '250'];
  const child = spawn(process.execPath, [PHALANX, ...args, '--json', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the node exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      child.removeAllListeners('exit');
      resolve({ child, rpc: (JSON.parse(line) as { rpc: string }).rpc });
    });
  });
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
};

describe('the explorer when its node goes away and comes back', { skip: chromiumMissing, timeout: 120_000 }, () => {
  let dir: string;
  let node: { child: ChildProcess; rpc: string };
  let server: ExplorerServer;
  let browser: Browser;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phalanx-explorer-reconnect-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    node = await startNode(join(dir, 'node'), 0);
    server = await startExplorer({ rpc: node.rpc, port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (node !== undefined) await stop(node.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the banner, reconnects, and follows blocks again', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('best-number').waitFor();
    await stop(node.child);
    await page.getByTestId('banner').getByText('unreachable').waitFor({ timeout: 30_000 });
    const before = Number((await page.getByTestId('best-number').textContent())?.slice(1));
    node = await startNode(join(dir, 'node'), Number(new URL(node.rpc).port));
    await page.getByTestId('banner').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=best-number]')?.textContent?.slice(1)) > n + 2,
      before,
    );
    assert.equal(await page.getByTestId('banner').isVisible(), false);
    await page.screenshot({ path: join(SCREENSHOTS, 'reconnected.png'), fullPage: true });
  });
});
