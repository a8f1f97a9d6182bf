// The devnet supervisor: a worker whose checkpoint is refused, or that was halted (its node lied), stays
// stopped while the rest keeps running;
// other crashes are restarted. Real child processes (a stand-in script for the CLI).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { DevnetPlan } from '../src/commands/devnet-plan.js';
import { EXIT_CHECKPOINT_REFUSED, EXIT_NODE_LIED, Supervisor } from '../src/commands/devnet-supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'phalanx-supervisor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// argv: <starts file> <exit code | "stay">: records each start, then exits with the code or stays up.
const standIn = join(dir, 'stand-in.mjs');
writeFileSync(
  standIn,
  `import { appendFileSync } from 'node:fs';
appendFileSync(process.argv[2], 'start\\n');
if (process.argv[3] === 'stay') setInterval(() => {}, 1000); else process.exit(Number(process.argv[3]));
`,
);

// A stand-in child that, like bin/phalanx.js, stops with its launcher; and a launcher supervising it.
const exitWithParentJs = new URL('../src/exit-with-parent.js', import.meta.url).href;
const supervisorJs = new URL('../src/commands/devnet-supervisor.js', import.meta.url).href;
const orphanable = join(dir, 'orphanable.mjs');
writeFileSync(
  orphanable,
  `import { exitWithParent } from ${JSON.stringify(exitWithParentJs)};
if (process.env.PHALANX_EXIT_WITH_PARENT === '1') exitWithParent(60_000);
setInterval(() => {}, 1000);
`,
);
const launcher = join(dir, 'launcher.mjs');
writeFileSync(
  launcher,
  `import { Supervisor } from ${JSON.stringify(supervisorJs)};
const supervisor = new Supervisor({ dataDir: process.argv[2] }, () => {}, () => {}, process.argv[3]);
supervisor.start({ name: 'worker-1', port: 0, dataDir: process.argv[2] + '/w', args: [] });
supervisor.start({ name: 'worker-2', port: 0, dataDir: process.argv[2] + '/w2', args: [] });
setInterval(() => {}, 1000);
`,
);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const starts = (name: string) => {
  try {
    return readFileSync(join(dir, `${name}.starts`), 'utf8')
      .trim()
      .split('\n').length;
  } catch {
    return 0; // not started yet
  }
};

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(ok(), `timed out waiting for ${what}`);
}

describe('devnet supervisor', () => {
  it('keeps the network running when a worker exits with a refused checkpoint or halted, and restarts other crashes', async () => {
    const plan = { dataDir: dir } as DevnetPlan;
    const lines: string[] = [];
    let gaveUp = false;
    const supervisor = new Supervisor(
      plan,
      (line) => lines.push(line),
      () => (gaveUp = true),
      standIn,
    );
    const proc = (name: string, outcome: string) => ({
      name,
      role: name === 'node' ? ('chain' as const) : ('worker' as const),
      port: 0,
      dataDir: join(dir, name),
      args: [join(dir, `${name}.starts`), outcome],
    });
    supervisor.start(proc('node', 'stay'));
    supervisor.start(proc('worker-1', String(EXIT_CHECKPOINT_REFUSED)));
    supervisor.start(proc('worker-2', '1'));
    supervisor.start(proc('worker-3', String(EXIT_NODE_LIED)));
    try {
      await until('worker-1 to be halted', () => supervisor.halted.has('worker-1'));
      await until('worker-3 to be halted', () => supervisor.halted.has('worker-3'));
      await until('worker-2 to be restarted', () => starts('worker-2') >= 2);
      assert.equal(gaveUp, false, 'one refused checkpoint does not stop the devnet');
      assert.equal(starts('worker-1'), 1, 'a refused checkpoint is not restarted: it would be refused again');
      assert.ok(lines.some((l) => l.startsWith('worker-1 stays stopped: its sealed checkpoint was refused')));
      assert.equal(starts('worker-3'), 1, 'a halted worker is not restarted against the node that lied to it');
      assert.ok(lines.some((l) => l.startsWith('worker-3 stays stopped: its pRuntime halted on what the node served')));
      assert.ok(lines.includes('restarting worker-2'));
      const pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8')) as Record<string, number>;
      assert.doesNotThrow(() => process.kill(pids.node as number, 0), 'the node is still running');
    } finally {
      await supervisor.stop();
    }
  });

  it('a child whose command has finished exits although its launcher still holds its stdin', async () => {
    // Before: the stdin watch kept the process alive, so every devnet worker stopped by SIGTERM hung
    // until the launcher killed it 10 s later (Ctrl-C of the devnet took ~40 s).
    const bin = new URL('../../bin/phalanx.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'key', 'inspect', '//Alice', '--json'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, PHALANX_EXIT_WITH_PARENT: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let bound: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => {
      bound = setTimeout(() => resolve('hung'), 60_000); // generous: only a hang reaches it
    });
    const outcome = await Promise.race([exited, hung]);
    clearTimeout(bound);
    if (outcome === 'hung') child.kill('SIGKILL');
    assert.equal(outcome, 0, 'the command exited by itself');
    assert.match(stdout, /5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY/);
    child.stdin.end();
  });

  it('stops every child when the launcher is killed with kill -9', async () => {
    const home = mkdtempSync(join(dir, 'launcher-'));
    const parent = spawn(process.execPath, [launcher, home, orphanable], { stdio: 'ignore' });
    const pidsFile = join(home, 'devnet.pids.json');
    const pids = () => {
      try {
        return Object.values(JSON.parse(readFileSync(pidsFile, 'utf8')) as Record<string, number>);
      } catch {
        return [];
      }
    };
    await until('both children to start', () => pids().length === 2 && pids().every(alive));
    const children = pids();
    parent.kill('SIGKILL');
    await until('the orphaned children to stop', () => children.every((pid) => !alive(pid)));
  });
});
