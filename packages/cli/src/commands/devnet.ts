import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { blake2_256, cryptoReady, devKeypair, toHex, utf8 } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { bundleBuilt, type ExplorerServer, startExplorer } from '@phalanx/explorer';
import { LOG_LEVELS } from '@phalanx/node';
import { Phat, Registry } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { initTestnet } from '../cometbft/testnet.js';
import { type Io, printJson } from '../output.js';
import { DEVNET_CLUSTER_LABEL, type DevnetPlan, type DevnetProcess, devnetPlan } from './devnet-plan.js';
import { assertPortFree, explorerPortOf, parsePort } from './devnet-ports.js';
import { Supervisor } from './devnet-supervisor.js';
import { prepareThresholdDevnet } from './devnet-threshold.js';

export const DEVNET_HELP = `phalanx devnet — a local network in one command: node, gatekeeper, two workers

Usage:
  phalanx devnet [--data-dir .phalanx] [--rpc-port 9944] [--worker-port RPC+1] [--reset]
                 [--block-time 250] [--log-level info] [--explorer-port 9900] [--json]
                 [--validators N] [--cometbft-port 26600] [--gatekeepers N [--threshold T]]

Starts one chain node, one gatekeeper and two workers (sim TEE: INSECURE, development only), each in
its own process, and forms the devnet's cluster of the two workers. Data lives under --data-dir, so
stopping and starting again continues the same chain, contracts and state; --reset starts over.
Each process logs to DATA_DIR/<name>/ (its own log file) and DATA_DIR/logs/<name>.out (its output).
Ctrl-C stops everything. A crashed process is reported and restarted. Ports: RPC on --rpc-port;
gatekeeper, worker-1, worker-2 on --worker-port, +1, +2. --block-time: a block every MS
(0: a block as soon as a transaction waits — lowest latency for one user, tiny blocks under load).
--validators N: instead of the one dev node, N CometBFT validators (the pinned build: npm run
setup:cometbft), each its own process (our node as its ABCI app, and CometBFT) with its own data in
DATA_DIR/testnet/validator-<i>; blocks are final when more than 2/3 of them commit, and every
worker's pRuntime verifies those commits itself. Validator i's ports start at --cometbft-port +
10·(i−1) (P2P, CometBFT RPC, ABCI, our RPC); validator 1's RPC is --rpc-port.
--gatekeepers N (2..7): N gatekeepers share the MasterKey (a DKG on chain; nobody holds it whole),
any --threshold T of them (default a majority) derive contract keys, so one may be down; the extra
ones are gatekeeper-2… on --worker-port + 3, +4, …`;

const OPTIONS = {
  'data-dir': { type: 'string', default: '.phalanx' },
  'rpc-port': { type: 'string', default: '9944' },
  'worker-port': { type: 'string' },
  'block-time': { type: 'string', default: '250' },
  validators: { type: 'string', default: '0' },
  'cometbft-port': { type: 'string', default: '26600' },
  gatekeepers: { type: 'string', default: '1' },
  threshold: { type: 'string' },
  reset: { type: 'boolean', default: false },
  'log-level': { type: 'string', default: 'info' },
  'explorer-port': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Fails at once when a devnet already runs on this data dir (a live pid in its lock file). */
function takeLock(dataDir: string): string {
  const lock = join(dataDir, 'devnet.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = Number.isInteger(pid) && pid > 0;
    } catch {
      alive = false;
    }
    if (alive)
      throw new PhalanxError(
        'USAGE',
        `a devnet is already running on ${dataDir} (pid ${pid}): stop it, or use another --data-dir`,
      );
  }
  writeFileSync(lock, String(process.pid));
  return lock;
}

async function retrying<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      const racing = isPhalanxError(error) && (error.code === 'TX_STALE' || error.code === 'TX_FUTURE');
      if (!racing || attempt >= 5) throw error;
      await sleep(200);
    }
  }
}

async function read<T>(
  client: PhalanxClient,
  item: { key: Uint8Array; get(s: { get(k: Uint8Array): Uint8Array | undefined }): T | undefined },
) {
  const raw = await client.storage(item.key);
  return item.get({ get: () => raw });
}

/**
 * The CometBFT network of a devnet is made once (keys, genesis, configs in DATA_DIR/testnet) and
 * reused on every start, so the chain continues; another validator count needs --reset.
 */
function prepareTestnet(
  plan: DevnetPlan,
  ports: { cometbftPort: number; rpcPort: number; blockTimeMs: number },
  say: (line: string) => void,
): void {
  const genesisFile = join(plan.testnetDir, 'genesis.json');
  if (existsSync(genesisFile)) {
    const made = plan.processes.filter((p) => p.role === 'chain').every((p) => existsSync(join(p.dataDir, 'node.json')));
    const extra = existsSync(join(plan.testnetDir, `validator-${plan.validators + 1}`));
    if (!made || extra) {
      throw new PhalanxError(
        'USAGE',
        `the devnet in ${plan.dataDir} was made with another number of validators: use --reset to start over with ${plan.validators}`,
      );
    }
    return;
  }
  const made = initTestnet({
    out: plan.testnetDir,
    validators: plan.validators,
    dev: true,
    chainName: 'Phalanx Development (CometBFT)',
    now: BigInt(Date.now()),
    ...ports,
  });
  say(`made a network of ${plan.validators} CometBFT validators (chain id ${made.chainId})`);
}

/** Waits for the network to be usable, reporting each step once; forms the cluster when the workers are registered. */
async function bringUp(plan: DevnetPlan, supervisor: Supervisor, say: (line: string) => void): Promise<PhalanxClient> {
  // In order: the node; the gatekeeper (its operator holds sudo and allows the dev measurement);
  // then the workers, whose operators do not.
  const chain = plan.processes.filter((proc) => proc.role === 'chain');
  const gatekeepers = plan.processes.filter((proc) => proc.role === 'gatekeeper');
  const workerProcs = plan.processes.filter((proc) => proc.role === 'worker');
  const start = (proc: DevnetProcess) => {
    say(`starting ${proc.name}${proc.role === 'chain' ? ` (rpc ws://127.0.0.1:${proc.port})` : ` (port ${proc.port})`}`);
    supervisor.start(proc);
  };
  for (const proc of chain) start(proc);
  const infoOf = async (port: number) => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/info`);
      return response.ok ? ((await response.json()) as { identity?: string; registeredAt?: number | null }) : undefined;
    } catch {
      return undefined;
    }
  };
  let client: PhalanxClient | undefined;
  while (client === undefined) {
    if (supervisor.stopping) throw new PhalanxError('INTERNAL', 'stopped while starting');
    try {
      client = await connect(plan.rpc);
    } catch {
      await sleep(200);
    }
  }
  say(plan.validators === 0 ? `node up at ${plan.rpc}` : `${plan.validators} CometBFT validators up, RPC ${plan.rpc}`);
  await prepareThresholdDevnet(client, plan, say);
  for (const gatekeeper of gatekeepers) {
    start(gatekeeper);
    for (;;) {
      if (supervisor.stopping) throw new PhalanxError('INTERNAL', 'stopped while starting');
      const info = await infoOf(gatekeeper.port);
      if (info?.registeredAt !== undefined && info.registeredAt !== null) break;
      await sleep(200);
    }
    say(`${gatekeeper.name} registered`);
  }
  for (const proc of workerProcs) start(proc);
  const clusterId = blake2_256(utf8(DEVNET_CLUSTER_LABEL));
  const seen = new Set<string>();
  const once = (key: string, line: string) => {
    if (!seen.has(key)) say(line);
    seen.add(key);
  };
  for (;;) {
    if (supervisor.stopping) throw new PhalanxError('INTERNAL', 'stopped while starting');
    const head = (await client.header())?.number ?? 0;
    once(`block-${Math.floor(head / 10)}`, `block #${head}`);
    const master = await read(client, Registry.MasterPubkey);
    if (master !== undefined) once('master', `MasterKey ready (${toHex(master).slice(0, 18)}…)`);
    const workers: Uint8Array[] = [];
    for (const proc of plan.processes.filter((p) => plan.workerNames.includes(p.name))) {
      const info = await infoOf(proc.port);
      if (info?.identity === undefined) continue;
      const id = Buffer.from(info.identity.slice(2), 'hex');
      if (await client.storage(Registry.Workers.keyOf(id))) {
        once(`registered-${proc.name}`, `${proc.name} registered`);
        workers.push(new Uint8Array(id));
      }
    }
    const cluster = await client.storage(Phat.Clusters.keyOf(clusterId));
    if (cluster === undefined && workers.length === plan.workerNames.length) {
      const createCluster = { tag: 'Phat' as const, value: { tag: 'createCluster' as const, value: { clusterId, workers } } };
      const result = await retrying(() =>
        (client as PhalanxClient).signAndSubmit(devKeypair('Alice'), {
          tag: 'Sudo',
          value: { tag: 'sudo', value: { call: createCluster } },
        }),
      );
      if (!result.ok)
        throw new PhalanxError('DISPATCH_FAILED', `forming the devnet cluster failed: ${result.error?.message}`, {
          details: result.error?.details ?? {},
        });
    }
    if (cluster !== undefined) once('cluster', `cluster ${toHex(clusterId).slice(0, 18)}… formed`);
    if (master !== undefined && cluster !== undefined && workers.length === plan.workerNames.length) return client;
    await sleep(300);
  }
}

export async function devnetCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('devnet', argv, OPTIONS);
  if (values.help) {
    io.out(DEVNET_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('devnet takes no positional arguments');
  if (!(LOG_LEVELS as readonly string[]).includes(values['log-level']))
    throw usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const rpcPort = parsePort(values['rpc-port'], '--rpc-port');
  const workerPort = values['worker-port'] === undefined ? rpcPort + 1 : parsePort(values['worker-port'], '--worker-port');
  const dataDir = resolve(values['data-dir']);
  await cryptoReady();
  mkdirSync(dataDir, { recursive: true });
  const lock = takeLock(dataDir);
  const say = (line: string) => (values.json ? undefined : io.out(line));
  try {
    if (values.reset) {
      const extra = Array.from({ length: 6 }, (_, i) => `gatekeeper-${i + 2}`);
      for (const name of ['node', 'testnet', 'gatekeeper', 'worker-1', 'worker-2', ...extra, 'logs', 'devnet.pids.json'])
        rmSync(join(dataDir, name), { recursive: true, force: true });
      say(`reset: ${dataDir} starts over`);
    }
    const blockTimeMs = Number(values['block-time']);
    if (!Number.isInteger(blockTimeMs) || (blockTimeMs !== 0 && blockTimeMs < 50)) {
      throw usageError('--block-time must be 0 (a block whenever transactions wait) or at least 50 ms');
    }
    const validators = Number(values.validators);
    if (!Number.isInteger(validators) || validators < 0 || validators > 16) throw usageError('--validators must be 0..16');
    const cometbftPort = parsePort(values['cometbft-port'], '--cometbft-port');
    if (validators > 0 && blockTimeMs === 0) throw usageError('--block-time 0 (instant seal) is for the dev engine only');
    const gatekeepers = Number(values.gatekeepers);
    if (!Number.isInteger(gatekeepers) || gatekeepers < 1 || gatekeepers > 7) throw usageError('--gatekeepers must be 1..7');
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (
      threshold !== undefined &&
      (gatekeepers === 1 || !Number.isInteger(threshold) || threshold < 2 || threshold > gatekeepers)
    )
      throw usageError('--threshold must be within 2..=--gatekeepers (and needs --gatekeepers 2 or more)');
    const plan = devnetPlan({
      dataDir,
      rpcPort,
      workerPort,
      logLevel: values['log-level'],
      blockTimeMs,
      validators,
      cometbftPort,
      gatekeepers,
      ...(threshold === undefined ? {} : { threshold }),
    });
    if (validators > 0) prepareTestnet(plan, { cometbftPort, rpcPort, blockTimeMs }, say);
    for (const proc of plan.processes) await assertPortFree(proc.port, proc.name);
    const explorerPort = await explorerPortOf(values['explorer-port'], io);
    const started = performance.now();
    let giveUp: () => void = () => undefined;
    const gaveUp = new Promise<void>((done) => {
      giveUp = done;
    });
    const supervisor = new Supervisor(
      plan,
      (line) => io.err(line),
      () => giveUp(),
    );
    const interrupted = new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    say(`starting the devnet in ${dataDir} (sim TEE: INSECURE, for development only)`);
    const up = bringUp(plan, supervisor, say);
    const first = await Promise.race([
      up.then(() => 'up' as const),
      interrupted.then(() => 'stop' as const),
      gaveUp.then(() => 'failed' as const),
    ]);
    let explorer: ExplorerServer | undefined;
    if (first === 'up') {
      const client = await up;
      await client.close();
      if (explorerPort !== undefined && bundleBuilt()) explorer = await startExplorer({ rpc: plan.rpc, port: explorerPort });
      else if (explorerPort !== undefined) io.err('the explorer page is not built (npm run build): not serving it');
      const summary = {
        ready: true,
        rpc: plan.rpc,
        dataDir,
        bootSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        workers: Object.fromEntries(
          plan.processes.filter((p) => p.role !== 'chain').map((p) => [p.name, `http://127.0.0.1:${p.port}`]),
        ),
        logs: join(dataDir, 'logs'),
        explorer: explorer?.url ?? null,
      };
      if (values.json) printJson(io, summary);
      else {
        io.out(`ready in ${summary.bootSeconds}s — RPC ${plan.rpc}`);
        if (explorer !== undefined) io.out(`  explorer   ${explorer.url}   (open it in a browser)`);
        for (const [name, url] of Object.entries(summary.workers)) io.out(`  ${name.padEnd(10)} ${url}/info`);
        io.out(
          `  logs       ${summary.logs}\nTry: npx phalanx contract deploy examples/contracts/erc20.ts --args '[1000000]'   (Ctrl-C stops)`,
        );
      }
      await Promise.race([interrupted, gaveUp]);
    }
    say('stopping the devnet…');
    await explorer?.close();
    await supervisor.stop();
    say('stopped');
    if (supervisor.failed !== undefined) {
      io.err(`devnet failed: ${supervisor.failed}`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(lock, { force: true });
  }
}
