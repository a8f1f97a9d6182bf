import { fromHex, toHex, toSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { createPool, type PhalanxClient, type PoolView, poolInfo, sharesOf, stakePoolCalls } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, parseAmount, signerFrom } from '../common-options.js';
import type { Io } from '../output.js';
import { integerArg, submitCall, withClient } from '../submit.js';

export const POOL_HELP = `phalanx pool — stake pools: value behind workers, shared by contributors

Usage:
  phalanx pool create [--commission PPM] [--capacity AMOUNT]      a pool owned by --suri
  phalanx pool bind POOL WORKER                                    bind a worker you operate (0x identity)
  phalanx pool start POOL WORKER STAKE                             lock STAKE of the pool behind it
  phalanx pool stop POOL WORKER                                    release its stake after the cooldown
  phalanx pool contribute POOL AMOUNT                              buy shares at the pool's price
  phalanx pool withdraw POOL SHARES|all                            paid now, or queued until stake frees up
  phalanx pool show POOL                                           value, free value, shares, workers, queue

Amounts in the smallest unit or like 1.5PHA; commission in parts per million of rewards (200000 =
20%). A worker earns the pool the chain's heartbeat reward for each challenge it answers while
running (the owner keeps its commission), and a worker marked offline loses a share of the stake
locked behind it. Common: --rpc URL, --suri URI (//Alice), --scheme, --json.`;

const integer = (text: string | undefined, what: string) => integerArg(text, what);

function worker(text: string | undefined): Uint8Array {
  if (text === undefined || !/^0x[0-9a-fA-F]{64}$/.test(text))
    throw usageError('WORKER must be the worker\'s 0x identity key (its /info "identity")');
  return fromHex(text);
}

function poolJson(view: PoolView) {
  const { record } = view;
  return {
    pid: view.pid,
    owner: toSs58(record.owner),
    commission: record.commission,
    capacity: record.capacity === undefined ? null : record.capacity.toString(),
    totalValue: record.totalValue.toString(),
    freeValue: record.freeValue.toString(),
    totalShares: record.totalShares.toString(),
    sharePrice: (Number(view.sharePrice) / 1e12).toString(),
    workers: view.workers.map(({ worker, stake }) => ({
      worker: toHex(worker),
      status: stake?.status.tag ?? 'Idle',
      locked: (stake?.locked ?? 0n).toString(),
    })),
    contributors: view.contributors.map(({ who, shares }) => ({ who: toSs58(who), shares: shares.toString() })),
    withdrawals: view.withdrawals.map((w) => ({ who: toSs58(w.who), shares: w.shares.toString(), dueAt: w.dueAt })),
  };
}

export async function poolCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('pool', rest, {
    ...CLIENT_OPTIONS,
    commission: { type: 'string', default: '0' },
    capacity: { type: 'string' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    io.out(POOL_HELP);
    return sub === undefined ? 2 : 0;
  }
  return withClient(io, values, (client) => run(client, sub, positionals, values));
}

async function run(
  client: PhalanxClient,
  sub: string,
  positionals: readonly string[],
  values: { suri: string; scheme: string; commission: string; capacity?: string | undefined },
): Promise<unknown> {
  const [first, second, third, ...extra] = positionals;
  if (extra.length > 0) throw usageError(`pool ${sub} takes at most three arguments`);
  if (sub === 'show') {
    const pid = integer(first, 'POOL');
    const view = await poolInfo(client, pid);
    if (view === undefined) throw new PhalanxError('NOT_FOUND', `no pool has id ${pid}`);
    return poolJson(view);
  }
  const signer = signerFrom(values);
  if (sub === 'create') {
    const capacity = values.capacity === undefined ? undefined : parseAmount(values.capacity);
    const { pid, result } = await createPool(client, signer, integer(values.commission, '--commission'), capacity);
    return { ok: true, pid, block: result.block };
  }
  const pid = integer(first, 'POOL');
  let call: ReturnType<(typeof stakePoolCalls)['create']>;
  if (sub === 'bind') call = stakePoolCalls.addWorker(pid, worker(second));
  else if (sub === 'start') call = stakePoolCalls.startWorker(pid, worker(second), parseAmount(third ?? ''));
  else if (sub === 'stop') call = stakePoolCalls.stopWorker(pid, worker(second));
  else if (sub === 'contribute') call = stakePoolCalls.contribute(pid, parseAmount(second ?? ''));
  else if (sub === 'withdraw') {
    const shares = second === 'all' ? await sharesOf(client, pid, signer.publicKey) : parseAmount(second ?? '');
    call = stakePoolCalls.withdraw(pid, shares);
  } else throw usageError(`unknown pool command "${sub}" (try create, bind, start, stop, contribute, withdraw or show)`);
  return submitCall(client, signer, call, ['StakePool'], `pool ${sub}`);
}
