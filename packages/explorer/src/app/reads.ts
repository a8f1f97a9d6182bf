// Reads of chain state for the views, through the SDK's client (state_getStorage and paged pairs).
import { fromHex } from '@phalanx/crypto';
import { type ContractRecord, Phat, Registry, StakePool, type WorkerRecord } from '@phalanx/runtime';
import { type PhalanxClient, type PoolView, poolInfo } from '@phalanx/sdk';

type Reader = { get(key: Uint8Array): Uint8Array | undefined };
interface Value<V> {
  readonly key: Uint8Array;
  get(state: Reader): V | undefined;
}
interface MapItem<K, V> {
  readonly prefix: Uint8Array;
  keyOf(key: K): Uint8Array;
  mapKeyOf(storageKey: Uint8Array): K;
  get(state: Reader, key: K): V | undefined;
}

export async function readValue<V>(client: PhalanxClient, item: Value<V>): Promise<V | undefined> {
  const raw = await client.storage(item.key);
  return item.get({ get: () => raw });
}

export async function readEntry<K, V>(client: PhalanxClient, item: MapItem<K, V>, key: K): Promise<V | undefined> {
  const raw = await client.storage(item.keyOf(key));
  return item.get({ get: () => raw }, key);
}

/** Every entry of a map (paged from the node), decoded. */
export async function readAll<K, V>(client: PhalanxClient, item: MapItem<K, V>): Promise<[K, V][]> {
  const out: [K, V][] = [];
  for await (const [keyHex, valueHex] of client.statePairs({ prefix: item.prefix })) {
    const key = item.mapKeyOf(fromHex(keyHex, 'key'));
    const raw = fromHex(valueHex, 'value');
    const value = item.get({ get: () => raw }, key);
    if (value !== undefined) out.push([key, value]);
  }
  return out;
}

export interface NetworkView {
  readonly workers: [Uint8Array, WorkerRecord][];
  readonly gatekeepers: Uint8Array[];
  readonly masterPubkey: Uint8Array | undefined;
  readonly clusters: [Uint8Array, { workers: Uint8Array[] }][];
  /** Worker identity (hex) → pool id. */
  readonly poolOf: Map<string, number>;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export async function readNetwork(client: PhalanxClient): Promise<NetworkView> {
  const [ids, gatekeepers, masterPubkey, clusters, stakes] = await Promise.all([
    readValue(client, Registry.WorkerIds),
    readValue(client, Registry.Gatekeepers),
    readValue(client, Registry.MasterPubkey),
    readAll(client, Phat.Clusters),
    readAll(client, StakePool.Workers),
  ]);
  const workers = await Promise.all((ids ?? []).map(async (id) => [id, await readEntry(client, Registry.Workers, id)] as const));
  return {
    workers: workers.filter((w): w is [Uint8Array, WorkerRecord] => w[1] !== undefined),
    gatekeepers: gatekeepers ?? [],
    masterPubkey,
    clusters: clusters.map(([id, info]) => [id, { workers: [...info.workers] }]),
    poolOf: new Map(stakes.map(([worker, stake]) => [hexOf(worker), stake.pid])),
  };
}

export interface ContractView {
  readonly id: Uint8Array;
  readonly record: ContractRecord;
  readonly lastCommit: Awaited<ReturnType<typeof Phat.StateCommits.get>>;
  /** Encrypted entries the chain holds for it now, and their bytes. */
  readonly entries: number;
  readonly entryBytes: number;
}

export async function readContracts(client: PhalanxClient): Promise<[Uint8Array, ContractRecord][]> {
  return readAll(client, Phat.Contracts);
}

export async function readContract(client: PhalanxClient, id: Uint8Array): Promise<ContractView | undefined> {
  const record = await readEntry(client, Phat.Contracts, id);
  if (record === undefined) return undefined;
  const lastCommit = await readEntry(client, Phat.StateCommits, id);
  let entries = 0;
  let entryBytes = 0;
  // Entries are keyed by a hash of (contract, name): scan the map and keep this contract's.
  for (const [[contract], value] of await readAll(client, Phat.ContractStorage)) {
    if (hexOf(contract) !== hexOf(id)) continue;
    entries++;
    entryBytes += value.length;
  }
  return { id, record, lastCommit, entries, entryBytes };
}

export async function readPools(client: PhalanxClient): Promise<PoolView[]> {
  const next = (await readValue(client, StakePool.NextPoolId)) ?? 0;
  const pools = await Promise.all(Array.from({ length: next }, (_, pid) => poolInfo(client, pid)));
  return pools.filter((p): p is PoolView => p !== undefined);
}
