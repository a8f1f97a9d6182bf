// CPU time of a devnet's processes by role, read from /proc (Linux): utime + stime of every
// thread of a process (the pRuntime is a worker thread of its host, so it counts with the host).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (`getconf CLK_TCK`; 100 on Linux almost always). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** pid, parent pid, command name and CPU ticks of a process; undefined once it is gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself hold spaces or parentheses.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    return { pid, ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Every live process (one /proc scan), for finding children by parent pid. */
function allProcesses() {
  const all = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const found = stat(Number(entry));
    if (found !== undefined) all.push(found);
  }
  return all;
}

function descendants(pid, all) {
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const proc of all) {
      if (proc.ppid !== parent) continue;
      out.push(proc);
      queue.push(proc.pid);
    }
  }
  return out;
}

/**
 * The processes of each role: `app` (our node, one per validator or the dev node), `cometbft`
 * (each validator's CometBFT, a grandchild of its node through child-guard.sh), `gatekeeper`,
 * `workers` (worker-1, worker-2), `launcher` (the `phalanx devnet` supervisor). Per process the
 * CPU ticks it has used so far.
 */
export function snapshot(devnetPids, launcherPid) {
  const all = allProcesses();
  const roles = { app: {}, cometbft: {}, gatekeeper: {}, workers: {}, launcher: {} };
  const launcher = all.find((p) => p.pid === launcherPid);
  if (launcher !== undefined) roles.launcher[launcher.pid] = launcher.ticks;
  for (const [name, pid] of Object.entries(devnetPids)) {
    const proc = all.find((p) => p.pid === pid);
    if (proc === undefined) continue;
    const role = name === 'gatekeeper' ? 'gatekeeper' : name.startsWith('worker-') ? 'workers' : 'app';
    roles[role][pid] = proc.ticks;
    if (role !== 'app') continue;
    for (const child of descendants(pid, all)) if (child.comm === 'cometbft') roles.cometbft[child.pid] = child.ticks;
  }
  return roles;
}

/** CPU milliseconds each role used between two snapshots (a process born in between counts from 0). */
export function cpuMsBetween(before, after) {
  const out = {};
  for (const [role, pids] of Object.entries(after)) {
    let ticks = 0;
    for (const [pid, now] of Object.entries(pids)) ticks += now - (before[role]?.[pid] ?? 0);
    out[role] = { processes: Object.keys(pids).length, cpuMs: Math.round((ticks * 1000) / CLK_TCK) };
  }
  return out;
}

/** Every pid of the devnet still alive (for the last-resort kill at cleanup). */
export function livePids(devnetPids, launcherPid) {
  const all = allProcesses();
  const roots = [launcherPid, ...Object.values(devnetPids)].filter((pid) => all.some((p) => p.pid === pid));
  return [...new Set([...roots, ...roots.flatMap((pid) => descendants(pid, all).map((p) => p.pid))])];
}

/** Busy and total CPU ticks of the whole machine, all cores (/proc/stat): others' load shows here too. */
export function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}
