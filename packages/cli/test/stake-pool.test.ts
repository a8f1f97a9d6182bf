// Stake pools end to end on a devnet (issue 12): a pool owned by worker-1's operator, the worker
// bound and started, a contribution through `phalanx pool`; rewards accrue while the worker answers
// heartbeats; the worker stops answering (SIGSTOP) → the chain marks it offline and the pool is
// slashed; the contributor withdraws everything and receives exactly what the pool paid out.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, fromHex, type Keypair, keypairFromUri, toSs58 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import type { RuntimeCall } from '@phalanx/runtime';
import { connect, createPool, type PhalanxClient, poolInfo, stakePoolCalls } from '@phalanx/sdk';
import { startDevnetOnFreePorts, stopDevnet } from './devnet-fixture.js';
import { runCli, until } from './helpers.js';

/** worker-1's host signs its egress with this account too: retry when the two race for a nonce. */
async function asOperator<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      const racing = isPhalanxError(error) && ['TX_STALE', 'TX_FUTURE', 'TX_DUPLICATE'].includes(error.code);
      if (!racing || attempt >= 8) throw error;
    }
  }
}

describe('stake pools on a devnet', { timeout: 300_000 }, () => {
  let dir: string;
  let rpcPort: number;
  let devnet: ChildProcess | undefined;
  let client: PhalanxClient | undefined;
  let dave: Keypair;

  before(async () => {
    await cryptoReady();
    dave = keypairFromUri('//Dave');
    dir = mkdtempSync(join(tmpdir(), 'phalanx-pools-'));
    const started = await startDevnetOnFreePorts(dir);
    ({ child: devnet, rpcPort } = started);
    const { rpc } = started;
    client = await connect(rpc);
  });

  after(async () => {
    await client?.close();
    if (devnet !== undefined) await stopDevnet(devnet);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('rewards while the worker answers, a slash when it goes offline, a withdrawal paid in full', async () => {
    const live = client as PhalanxClient;
    const rpc = ['--rpc', `ws://127.0.0.1:${rpcPort}`, '--json'];
    const sudo = async (call: RuntimeCall) => {
      const result = await live.signAndSubmit(devKeypair('Alice'), { tag: 'Sudo', value: { tag: 'sudo', value: { call } } });
      assert.equal(result.ok, true, result.error?.message);
    };
    await sudo({ tag: 'StakePool', value: { tag: 'setParams', value: { minWorkerStake: 1_000n, withdrawCooldown: 5 } } });
    await sudo({
      tag: 'StakePool',
      value: { tag: 'setRewardParams', value: { heartbeatReward: 1_000n, offlineSlash: 100_000 } },
    });

    const info = (await fetch(`http://127.0.0.1:${rpcPort + 2}/info`).then((r) => r.json())) as { identity: string };
    const worker = fromHex(info.identity);
    const { pid } = await asOperator(() => createPool(live, dave, 200_000));
    await asOperator(() => live.signAndSubmit(dave, stakePoolCalls.addWorker(pid, worker)));
    const contributed = await runCli(['pool', 'contribute', String(pid), '10000', '--suri', '//Charlie', ...rpc]);
    assert.equal(contributed.code, 0, contributed.stderr);
    await asOperator(() => live.signAndSubmit(dave, stakePoolCalls.startWorker(pid, worker, 5_000n)));

    await until('a heartbeat reward', async () => ((await poolInfo(live, pid))?.record.totalValue ?? 0n) > 10_000n, 120_000);
    const shown = await runCli(['pool', 'show', String(pid), ...rpc]);
    assert.equal(shown.code, 0, shown.stderr);
    const view = JSON.parse(shown.stdout) as { workers: { status: string; locked: string }[]; contributors: { who: string }[] };
    assert.deepEqual(
      view.workers.map((w) => [w.status, w.locked]),
      [['Running', '5000']],
    );
    assert.deepEqual(
      view.contributors.map((c) => c.who),
      [toSs58(devKeypair('Charlie').publicKey)],
    );

    const status = JSON.parse((await runCli(['status', ...rpc])).stdout) as {
      poolCount: number;
      pools: { pid: number; workers: number }[];
    };
    assert.equal(status.poolCount, 1);
    assert.deepEqual(
      status.pools.map((p) => [p.pid, p.workers]),
      [[pid, 1]],
      'phalanx status lists the pool and its running worker',
    );

    // worker-1 stops answering (its port stays open): the chain marks it offline and slashes the stake behind it.
    const pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8')) as Record<string, number>;
    process.kill(pids['worker-1'] as number, 'SIGSTOP');
    try {
      await until(
        'the offline slash',
        async () => {
          const stake = (await poolInfo(live, pid))?.workers[0]?.stake;
          return stake !== undefined && stake.locked < 5_000n;
        },
        120_000,
      );
    } finally {
      process.kill(pids['worker-1'] as number, 'SIGCONT');
    }
    const slashed = (await poolInfo(live, pid))?.workers[0]?.stake?.locked;
    assert.equal(slashed, 4_500n, '10% of the locked stake');

    // Charlie withdraws every share: more than the free value, so it waits, the worker is forced to
    // stop at the cooldown deadline, and then it is paid — exactly the value the event names.
    const charlie = devKeypair('Charlie').publicKey;
    const paid: bigint[] = [];
    const stop = await live.subscribeEvents((block) => {
      for (const record of block.events) {
        if (record.event.tag !== 'StakePool' || record.event.value.tag !== 'Withdrawn') continue;
        const { who, amount } = record.event.value.value as { who: Uint8Array; amount: bigint };
        if (Buffer.from(who).equals(Buffer.from(charlie))) paid.push(amount);
      }
    });
    try {
      const withdrawn = await runCli(['pool', 'withdraw', String(pid), 'all', '--suri', '//Charlie', ...rpc]);
      assert.equal(withdrawn.code, 0, withdrawn.stderr);
      assert.deepEqual(JSON.parse(withdrawn.stdout).events, ['StakePool.WithdrawalQueued'], 'more than the free value: queued');
      const queuedAt = (await live.account(charlie)).free; // the fee is paid; the value not yet
      await until('the withdrawal paid', async () => paid.length > 0, 120_000);
      const amount = paid[0] as bigint;
      assert.equal((await live.account(charlie)).free - queuedAt, amount, 'Charlie received exactly what was paid out');
      assert.ok(amount > 10_000n - 500n, 'the rewards outweighed the slash here');
      const pool = await poolInfo(live, pid);
      assert.equal(pool?.record.totalShares, 0n);
      assert.equal(pool?.record.totalValue, 0n, 'the only contributor took the whole pool, dust included');
    } finally {
      await stop();
    }
  });
});
