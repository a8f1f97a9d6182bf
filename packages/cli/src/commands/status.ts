import { fromHex, toHex } from '@phalanx/crypto';
import { ClusterInfo, Phat, Registry } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { connect } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { DEFAULT_RPC } from '../common-options.js';
import { type Io, printJson } from '../output.js';

export const STATUS_HELP = `phalanx status — the network as the chain sees it

Usage:
  phalanx status [--rpc ws://127.0.0.1:9944] [--json]
      {block, finalized, workers: [{id, endpoint, confidenceLevel, online, gatekeeper, tee}],
       clusters: [{id, workers, online}], masterPubkey, ready}; ready once a contract can be
       deployed and called: the MasterKey is on chain and a cluster's workers are all registered
       and online.`;

export async function statusCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, {
    rpc: { type: 'string', default: DEFAULT_RPC },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(STATUS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('status takes no positional arguments');
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
    const workers: {
      id: string;
      endpoint: string | null;
      confidenceLevel: number;
      online: boolean;
      gatekeeper: boolean;
      tee: string;
    }[] = [];
    for (const id of ids) {
      const raw = await client.storage(Registry.Workers.keyOf(id));
      const record = Registry.Workers.get({ get: () => raw }, id);
      if (record === undefined) continue;
      workers.push({
        id: toHex(id),
        endpoint: record.info.endpoints[0] ?? null,
        confidenceLevel: record.confidenceLevel,
        online: record.online,
        gatekeeper: gatekeepers.some((g) => Buffer.compare(g, id) === 0),
        tee: record.tee.tag.toLowerCase(),
      });
    }
    const clusters = [];
    for await (const [key, value] of client.statePairs({ prefix: Phat.Clusters.prefix })) {
      const id = Phat.Clusters.mapKeyOf(fromHex(key, 'key'));
      const info = decode(ClusterInfo, fromHex(value, 'value'));
      const registered = info.workers.filter((w) => workers.some((r) => r.id === toHex(w) && r.online));
      clusters.push({ id: toHex(id), workers: info.workers.map((w) => toHex(w)), online: registered.length });
    }
    const view = {
      block: head?.number ?? 0,
      finalized: finalized?.number ?? 0,
      workers,
      clusters,
      masterPubkey: master === undefined ? null : toHex(master),
      // A contract can be deployed and called: a MasterKey, and a cluster whose workers are registered and online.
      ready: master !== undefined && clusters.some((c) => c.workers.length > 0 && c.online === c.workers.length),
    };
    if (values.json) printJson(io, view);
    else
      io.out(
        `block #${view.block} (finalized #${view.finalized}), ${workers.length} workers, ${clusters.length} clusters, MasterKey ${view.masterPubkey ?? 'not yet'}, ready: ${view.ready}`,
      );
    return 0;
  } finally {
    await client.close();
  }
}
