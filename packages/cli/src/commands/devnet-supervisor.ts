import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_EXIT_CODES } from '@phalanx/host';
import { EXIT_WITH_PARENT_ENV } from '../exit-with-parent.js';
import type { DevnetPlan, DevnetProcess } from './devnet-plan.js';

const BIN = fileURLToPath(new URL('../../../bin/phalanx.js', import.meta.url));
const MAX_RESTARTS_PER_MINUTE = 5;
/** `phalanx worker`'s exit code for a refused sealed checkpoint: restarting cannot help. */
export const EXIT_CHECKPOINT_REFUSED = HOST_EXIT_CODES.badCheckpoint;
/**
 * `phalanx worker`'s exit code when it was stopped while halted (its pRuntime refused what the node
 * served; a halted worker stays up until stopped), or when the node serves another chain: restarting
 * against the same node cannot help either.
 */
export const EXIT_NODE_LIED = HOST_EXIT_CODES.nodeLied;

/** Supervises the child processes: spawn, log to files, report and restart crashes, stop cleanly. */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly restarts = new Map<string, number[]>();
  stopping = false;
  failed: string | undefined;

  constructor(
    private readonly plan: DevnetPlan,
    private readonly report: (line: string) => void,
    private readonly onGiveUp: () => void,
    /** The script each child runs (the CLI; a stand-in in tests). */
    private readonly bin: string = BIN,
  ) {}

  /** Processes that stopped for good while the rest keeps running (a refused checkpoint, a halted pRuntime). */
  readonly halted = new Set<string>();

  start(proc: DevnetProcess): void {
    mkdirSync(proc.dataDir, { recursive: true });
    mkdirSync(join(this.plan.dataDir, 'logs'), { recursive: true });
    const out = openSync(join(this.plan.dataDir, 'logs', `${proc.name}.out`), 'a');
    // PHALANX_PROFILE_DIR: every process writes a V8 CPU profile there when it stops (where the time goes).
    const profile = process.env.PHALANX_PROFILE_DIR;
    const node =
      profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${proc.name}.cpuprofile`];
    const child = spawn(process.execPath, [...node, this.bin, ...proc.args], {
      // The child's stdin is a pipe only we hold: it closes when we die, however we die, and the child stops.
      stdio: ['pipe', out, out],
      env: { ...process.env, [EXIT_WITH_PARENT_ENV]: '1' },
    });
    closeSync(out);
    this.children.set(proc.name, child);
    this.writePids();
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const how = signal === null ? `code ${code}` : `signal ${signal}`;
      this.report(`${proc.name} exited (${how}); see ${join(this.plan.dataDir, 'logs', `${proc.name}.out`)}`);
      if (code === EXIT_CHECKPOINT_REFUSED && proc.role !== 'chain') {
        // One bad checkpoint is that worker's problem: the node and the other workers keep running.
        this.halted.add(proc.name);
        this.report(
          `${proc.name} stays stopped: its sealed checkpoint was refused (the reason is in its log); the rest of the devnet keeps running. ` +
            `Move ${proc.dataDir} aside (or restart the devnet with --reset) to start it afresh`,
        );
        return;
      }
      if (code === EXIT_NODE_LIED && proc.role !== 'chain') {
        // Restarted, it would follow the same node and halt again: a loop that hides the lie.
        this.halted.add(proc.name);
        this.report(
          `${proc.name} stays stopped: its pRuntime halted on what the node served (the reason is in its log); ` +
            'the rest of the devnet keeps running. Point it at an honest node to start it again',
        );
        return;
      }
      const now = Date.now();
      const recent = (this.restarts.get(proc.name) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= MAX_RESTARTS_PER_MINUTE) {
        const lines = readFileSync(join(this.plan.dataDir, 'logs', `${proc.name}.out`), 'utf8')
          .trim()
          .split('\n');
        this.failed = `${proc.name} crashed ${recent.length} times within a minute; its last words: ${lines.at(-1) ?? '(none)'}`;
        this.onGiveUp();
        return;
      }
      this.restarts.set(proc.name, [...recent, now]);
      this.report(`restarting ${proc.name}`);
      setTimeout(() => {
        if (!this.stopping) this.start(proc);
      }, 500);
    });
  }

  /** Child pids by name (DATA_DIR/devnet.pids.json), for operators and tests. */
  private writePids(): void {
    const pids = Object.fromEntries([...this.children].map(([name, child]) => [name, child.pid ?? null]));
    writeFileSync(join(this.plan.dataDir, 'devnet.pids.json'), `${JSON.stringify(pids, null, 2)}\n`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // Workers first (they checkpoint on SIGTERM), the node last.
    const order = [...this.children].reverse();
    for (const [, child] of order) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}
