import { fromHex, toHex } from '@phalanx/crypto';
import { ClusterInfo, Phat, Registry, StakePool, Threshold } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { connect, poolInfo } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { DEFAULT_RPC } from '../common-options.js';
import { type Io, printJson } from '../output.js';
import { stakingAndGovernance } from './status-governance.js';
import { MAX_LAG_BLOCKS, type ProbeResult, probeWorker } from './worker-probe.js';

/** Pools listed in full at most (the rest are counted in `poolCount`). */
const MAX_POOLS_SHOWN = 100;

interface WorkerView extends ProbeResult {
  readonly id: string;
  readonly endpoint: string | null;
  readonly confidenceLevel: number;
  readonly online: boolean;
  readonly gatekeeper: boolean;
  readonly tee: string;
}

export const STATUS_HELP = `phalanx status — the network as the chain sees it, and whether its workers serve

Usage:
  phalanx status [--rpc ws://127.0.0.1:9944] [--timeout 3] [--json]
      {block, finalized, workers: [{id, endpoint, confidenceLevel, online, gatekeeper, tee,
       serving, best, holdsMasterKey, shareEpoch, problem}], clusters: [{id, workers, online, serving}],
       masterPubkey, threshold: {t, n, epoch} (a shared MasterKey; null: a whole key),
       consensus: {engine: "dev"|"cometbft", validators: [{account, power, address}], height,
       finalized}, pools: [{pid, owner, totalValue, freeValue, workers (running), withdrawalsWaiting}],
       staking: {era, nextBoundary, validators, gatekeepers} (elected, with backing; null when eras
       are off), governance: {sudo (whether a sudo key exists), proposals, referenda, council,
       treasuryPot}, ready}.
      Each registered worker is probed: its host's GET /info (as the registered identity, not
      halted, within ${MAX_LAG_BLOCKS} blocks of the head) and an encrypted ping query, each within
      --timeout seconds; "problem" says what failed. ready: a contract can be deployed, called and
      queried now — the MasterKey is on chain, a gatekeeper holding it serves (a shared MasterKey:
      t gatekeepers with a share of the current epoch serve), and every worker of
      a cluster is registered, online on chain and serving. Exit code 0 either way.`;

export async function statusCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, {
    rpc: { type: 'string', default: DEFAULT_RPC },
    timeout: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(STATUS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('status takes no positional arguments');
  const timeoutMs = Number(values.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 60_000)
    throw usageError('--timeout must be a number of seconds, at most 60');
  const client = await connect(values.rpc);
  try {
    const read = async <T>(item: {
      get(state: { get(key: Uint8Array): Uint8Array | undefined }): T | undefined;
      key: Uint8Array;
    }) => {
      const raw = await client.storage(item.key);
      return item.get({ get: () => raw });
    };
    const [head, finalizedHash] = await Promise.all([client.header(), client.rpc.request<string>('chain_getFinalizedHead')]);
    const finalized = await client.header(finalizedHash);
    const ids = (await read(Registry.WorkerIds)) ?? [];
    const gatekeepers = (await read(Registry.Gatekeepers)) ?? [];
    const master = await read(Registry.MasterPubkey);
    const group = await read(Threshold.Group);
    const headNumber = head?.number ?? 0;
    const records = await Promise.all(
      ids.map(async (id) => {
        const raw = await client.storage(Registry.Workers.keyOf(id));
        return { id, record: Registry.Workers.get({ get: () => raw }, id) };
      }),
    );
    // Every worker probed at once: one that does not answer costs --timeout, not --timeout each.
    const workers = await Promise.all(
      records
        .flatMap(({ id, record }) => (record === undefined ? [] : [{ id, record }]))
        .map(async ({ id, record }) => {
          const endpoint = record.info.endpoints[0] ?? null;
          const probe = await probeWorker(client, id, endpoint, headNumber, timeoutMs);
          const view: WorkerView = {
            id: toHex(id),
            endpoint,
            confidenceLevel: record.confidenceLevel,
            online: record.online,
            gatekeeper: gatekeepers.some((g) => Buffer.compare(g, id) === 0),
            tee: record.tee.tag.toLowerCase(),
            ...probe,
            // Marked offline on chain (missed heartbeats): not routed to, however it answers.
            ...(record.online || !probe.serving
              ? {}
              : {
                  serving: false,
                  problem: 'marked offline on chain: it missed its heartbeats; it is back after its next answer',
                }),
          };
          return view;
        }),
    );
    const clusters = [];
    for await (const [key, value] of client.statePairs({ prefix: Phat.Clusters.prefix })) {
      const id = Phat.Clusters.mapKeyOf(fromHex(key, 'key'));
      const info = decode(ClusterInfo, fromHex(value, 'value'));
      const members = info.workers.map((w) => workers.find((r) => r.id === toHex(w)));
      clusters.push({
        id: toHex(id),
        workers: info.workers.map((w) => toHex(w)),
        online: members.filter((w) => w?.online).length,
        serving: members.filter((w) => w?.serving).length,
      });
    }
    const consensus = await client.rpc.request<{
      engine: string;
      validators: { account: string | null; power: string; address: string }[];
      height: number;
      finalized: number;
    }>('phalanx_consensus');
    const poolCount = (await read(StakePool.NextPoolId)) ?? 0;
    const pools = [];
    for (let pid = 0; pid < Math.min(poolCount, MAX_POOLS_SHOWN); pid++) {
      const pool = await poolInfo(client, pid);
      if (pool === undefined) continue;
      pools.push({
        pid,
        owner: toHex(pool.record.owner),
        totalValue: pool.record.totalValue.toString(),
        freeValue: pool.record.freeValue.toString(),
        workers: pool.workers.filter((w) => w.stake?.status.tag === 'Running').length,
        withdrawalsWaiting: pool.withdrawals.length,
      });
    }
    const decides = await stakingAndGovernance(client);
    const view = {
      block: head?.number ?? 0,
      finalized: finalized?.number ?? 0,
      workers,
      clusters,
      masterPubkey: master === undefined ? null : toHex(master),
      consensus,
      poolCount,
      pools,
      ...decides,
      threshold: group === undefined ? null : { t: group.group.t, n: group.group.n, epoch: group.group.epoch },
      // A contract can be deployed, called and queried now: a MasterKey, a gatekeeper holding it that
      // serves (it provisions contract keys) — under a threshold MasterKey, t of them with a share
      // of the current epoch — and a cluster whose every worker serves.
      ready:
        master !== undefined &&
        (group === undefined
          ? workers.some((w) => w.gatekeeper && w.serving && w.holdsMasterKey)
          : workers.filter((w) => w.gatekeeper && w.serving && w.shareEpoch === group.group.epoch).length >= group.group.t) &&
        clusters.some((c) => c.workers.length > 0 && c.serving === c.workers.length),
    };
    if (values.json) printJson(io, view);
    else {
      io.out(
        `block #${view.block} (finalized #${view.finalized}, ${consensus.engine}${consensus.engine === 'cometbft' ? ` with ${consensus.validators.length} validators` : ''}), ${workers.length} workers, ${clusters.length} clusters, MasterKey ${view.masterPubkey ?? 'not yet'}, ready: ${view.ready}`,
      );
      const { staking, governance } = decides;
      if (staking !== null)
        io.out(
          `  era ${staking.era} (next at #${staking.nextBoundary}): ${staking.validators.length} validators, ${staking.gatekeepers.length} gatekeepers elected`,
        );
      io.out(
        `  governance: ${governance.sudo ? 'SUDO key present' : 'no sudo'}, ${governance.referenda.length} referenda, ${governance.proposals} proposals, council of ${governance.council.length}, treasury ${governance.treasuryPot}`,
      );
      for (const w of workers)
        io.out(
          `  ${w.gatekeeper ? 'gatekeeper' : 'worker    '} ${w.id.slice(0, 18)}… ${w.endpoint ?? '-'}: ${w.problem ?? 'serving'}`,
        );
    }
    return 0;
  } finally {
    await client.close();
  }
}
