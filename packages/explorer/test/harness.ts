// For the browser tests and the benchmark: a devnet started as a real process (the `phalanx`
// command, serving the explorer on a free port) and Debian's Chromium driven by playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it) to run the explorer's browser tests`;
export const PHALANX = fileURLToPath(new URL('../../../cli/bin/phalanx.js', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../screenshots/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

async function portsFree(base: number, count: number): Promise<boolean> {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const server = createServer();
      return new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(base + i, '127.0.0.1', () => server.close(() => resolve(true)));
      });
    }),
  );
  return results.every(Boolean);
}

export interface Devnet {
  readonly child: ChildProcess;
  readonly rpc: string;
  readonly explorer: string;
  readonly dataDir: string;
}

/** `phalanx devnet --json` on four free ports from 30000 (the CLI's tests take 20000–25000), the explorer on any free port. */
export async function startDevnet(dataDir: string, extra: readonly string[] = []): Promise<Devnet> {
  for (let attempt = 1; ; attempt++) {
    let rpcPort = 30_000 + Math.floor(Math.random() * 2_500);
    while (!(await portsFree(rpcPort, 4))) rpcPort = 30_000 + Math.floor(Math.random() * 2_500);
    const args = [
      PHALANX,
      'devnet',
      '--data-dir',
      dataDir,
      '--rpc-port',
      String(rpcPort),
      '--explorer-port',
      '0',
      '--json',
      ...extra,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      return await new Promise<Devnet>((resolve, reject) => {
        let stderr = '';
        child.stderr?.on('data', (chunk) => {
          stderr += chunk;
        });
        child.once('exit', (code) => reject(new Error(`devnet exited with ${code} before it was ready: ${stderr}`)));
        let text = '';
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          text += line;
          if (line !== '}') return;
          child.removeAllListeners('exit');
          const summary = JSON.parse(text) as { ready?: boolean; rpc: string; explorer: string | null };
          if (summary.ready === true && summary.explorer !== null)
            resolve({ child, rpc: summary.rpc, explorer: summary.explorer, dataDir });
          else reject(new Error(`the devnet did not start with its explorer: ${text}`));
        });
      });
    } catch (error) {
      if (attempt >= 5 || !/in use/.test(String(error))) throw error;
    }
  }
}

export async function stopDevnet(devnet: Devnet): Promise<void> {
  if (devnet.child.exitCode !== null) return;
  const exited = new Promise((resolve) => devnet.child.once('exit', resolve));
  devnet.child.kill('SIGINT');
  await exited;
}
