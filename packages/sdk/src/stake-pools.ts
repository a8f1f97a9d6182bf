import type { Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type PoolRecord, type RuntimeCall, StakePool, type WithdrawRequest, type WorkerStake } from '@phalanx/runtime';
import { accountId, type PhalanxClient, type SubmitOptions, type TxResult } from './client.js';

type Inner = Extract<RuntimeCall, { tag: 'StakePool' }>['value'];
const call = (inner: Inner): RuntimeCall => ({ tag: 'StakePool', value: inner });

/** The stake-pool calls (issue 12 item 1), for `client.signAndSubmit` or the helpers below. */
export const stakePoolCalls = {
  /** A pool owned by the signer; `commission` in parts per million of rewards. */
  create: (commission: number, capacity?: bigint) => call({ tag: 'create', value: { commission, capacity } }),
  setCommission: (pid: number, commission: number) => call({ tag: 'setCommission', value: { pid, commission } }),
  setCapacity: (pid: number, capacity?: bigint) => call({ tag: 'setCapacity', value: { pid, capacity } }),
  /** Binds a worker the pool's owner operates. */
  addWorker: (pid: number, worker: Uint8Array) => call({ tag: 'addWorker', value: { pid, worker } }),
  removeWorker: (pid: number, worker: Uint8Array) => call({ tag: 'removeWorker', value: { pid, worker } }),
  contribute: (pid: number, amount: bigint) => call({ tag: 'contribute', value: { pid, amount } }),
  /** Locks `stake` of the pool's free value behind a bound worker (at least the chain's minimum). */
  startWorker: (pid: number, worker: Uint8Array, stake: bigint) => call({ tag: 'startWorker', value: { pid, worker, stake } }),
  stopWorker: (pid: number, worker: Uint8Array) => call({ tag: 'stopWorker', value: { pid, worker } }),
  withdraw: (pid: number, shares: bigint) => call({ tag: 'withdraw', value: { pid, shares } }),
};

/** A pool as the chain holds it, with its workers, contributors and waiting withdrawals. */
export interface PoolView {
  readonly pid: number;
  readonly record: PoolRecord;
  readonly workers: { readonly worker: Uint8Array; readonly stake: WorkerStake | undefined }[];
  readonly contributors: { readonly who: Uint8Array; readonly shares: bigint }[];
  readonly withdrawals: WithdrawRequest[];
  /** What one share is worth now, scaled by 10^12 (0 while the pool has no shares). */
  readonly sharePrice: bigint;
}

const PRICE_SCALE = 1_000_000_000_000n;

/** Reads pool `pid` (undefined if there is none). */
export async function poolInfo(client: PhalanxClient, pid: number): Promise<PoolView | undefined> {
  const view = async <K, V>(
    map: { keyOf(k: K): Uint8Array; get(s: { get(k: Uint8Array): Uint8Array | undefined }, k: K): V | undefined },
    key: K,
  ) => {
    const raw = await client.storage(map.keyOf(key));
    return map.get({ get: () => raw }, key);
  };
  const record = await view(StakePool.Pools, pid);
  if (record === undefined) return undefined;
  const workers = await Promise.all(
    record.workers.map(async (worker) => ({ worker, stake: await view(StakePool.Workers, worker) })),
  );
  const members = (await view(StakePool.Contributors, pid)) ?? [];
  const contributors = await Promise.all(
    members.map(async (who) => ({ who, shares: (await view(StakePool.Shares, [pid, who] as [number, Uint8Array])) ?? 0n })),
  );
  const withdrawals = (await view(StakePool.Withdrawals, pid)) ?? [];
  const sharePrice = record.totalShares === 0n ? 0n : (record.totalValue * PRICE_SCALE) / record.totalShares;
  return { pid, record, workers, contributors, withdrawals, sharePrice };
}

/** Creates a pool and resolves with its id (from `StakePool.PoolCreated`). */
export async function createPool(
  client: PhalanxClient,
  owner: Keypair,
  commission: number,
  capacity?: bigint,
  options: SubmitOptions = {},
): Promise<{ pid: number; result: TxResult }> {
  const result = await client.signAndSubmit(owner, stakePoolCalls.create(commission, capacity), options);
  if (!result.ok) throw result.error ?? new PhalanxError('DISPATCH_FAILED', 'creating the pool failed');
  const created = result.events.find((record) => record.event.tag === 'StakePool' && record.event.value.tag === 'PoolCreated');
  const pid = (created?.event.value as { value?: { pid?: number } } | undefined)?.value?.pid;
  if (pid === undefined) throw new PhalanxError('INTERNAL', 'the pool was created but no PoolCreated event names it');
  return { pid, result };
}

/** The shares `who` holds in pool `pid`. */
export async function sharesOf(client: PhalanxClient, pid: number, who: string | Uint8Array): Promise<bigint> {
  const key: [number, Uint8Array] = [pid, accountId(who)];
  const raw = await client.storage(StakePool.Shares.keyOf(key));
  return StakePool.Shares.get({ get: () => raw }, key) ?? 0n;
}
