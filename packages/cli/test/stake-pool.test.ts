// Stake pools end to end on a devnet (issue 12): a worker of Eve's (its own `phalanx worker`
// process, outside the devnet's supervisor, so nothing restarts it) in a pool Eve owns, bound and
// started, a contribution through `phalanx pool`; rewards accrue while the worker answers
// heartbeats; `kill -9` the worker → the chain marks it offline and the pool is slashed; the
// contributor withdraws everything and receives exactly what the pool paid out.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, fromHex, type Keypair, keypairFromUri, toSs58 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import type { RuntimeCall } from '@phalanx/runtime';
import { connect, createPool, type PhalanxClient, poolInfo, stakePoolCalls } from '@phalanx/sdk';
import { startDevnetOnFreePorts, stopDevnet } from './devnet-fixture.js';
import { bin, freePorts, runCli, until } from './helpers.js';

/** Eve's worker host signs its egress with Eve's account too: retry when the two race for a nonce. */
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
  let eve: Keypair;
  let worker: ChildProcess | undefined;

  before(async () => {
    await cryptoReady();
    eve = keypairFromUri('//Eve');
    dir = mkdtempSync(join(tmpdir(), 'phalanx-pools-'));
    const started = await startDevnetOnFreePorts(dir);
    ({ child: devnet, rpcPort } = started);
    const { rpc } = started;
    client = await connect(rpc);
  });

  after(async () => {
    if (worker?.exitCode === null) worker.kill('SIGKILL');
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

    // Eve's worker: registered by its own host (the devnet's gatekeeper allowed the simulated build).
    const port = await freePorts(1, 21_000, 4_000);
    const args = ['worker', '--rpc', `ws://127.0.0.1:${rpcPort}`, '--data-dir', join(dir, 'eve-worker'), '--tee', 'sim'];
    args.push('--port', String(port), '--public-url', `http://127.0.0.1:${port}`, '--suri', '//Eve', '--log-level', 'warn');
    worker = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    let identity = '';
    await until(
      'Eve’s worker registered',
      async () => {
        const info = await fetch(`http://127.0.0.1:${port}/info`)
          .then((r) => r.json() as Promise<{ identity: string; registeredAt: number | null }>)
          .catch(() => undefined);
        identity = info?.identity ?? '';
        return typeof info?.registeredAt === 'number';
      },
      120_000,
    );
    const workerKey = fromHex(identity);
    const { pid } = await asOperator(() => createPool(live, eve, 200_000));
    await asOperator(() => live.signAndSubmit(eve, stakePoolCalls.addWorker(pid, workerKey)));
    const contributed = await runCli(['pool', 'contribute', String(pid), '10000', '--suri', '//Charlie', ...rpc]);
    assert.equal(contributed.code, 0, contributed.stderr);
    await asOperator(() => live.signAndSubmit(eve, stakePoolCalls.startWorker(pid, workerKey, 5_000n)));

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

    // kill -9 the worker: nobody restarts it; the chain marks it offline and slashes the stake behind it.
    const exited = new Promise((resolve) => worker?.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
    await until(
      'the offline slash',
      async () => {
        const stake = (await poolInfo(live, pid))?.workers[0]?.stake;
        return stake !== undefined && stake.locked < 5_000n;
      },
      120_000,
    );
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
