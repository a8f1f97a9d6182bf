// The devnet end to end, as a newcomer runs it: `phalanx devnet` in a temporary dir (node,
// gatekeeper and two workers, each a process) → deploy the example ERC-20 → transfers from two
// accounts → queries → stop (SIGINT) → start → the same state → kill -9 of one worker → the other
// keeps answering → the restarted worker catches up and agrees. Nothing on disk holds a plaintext.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, toSs58, utf8 } from '@phalanx/crypto';
import { Contract, connect, deploy, type PhalanxClient, queryWorker } from '@phalanx/sdk';
import { bundleContract } from '../src/commands/contract.js';
import { startDevnet, stopDevnet } from './devnet-fixture.js';
import { bin, filesUnder, freePorts, runCli, until } from './helpers.js';

const ERC20 = new URL('../../../../examples/contracts/erc20.ts', import.meta.url).pathname;

/** Four consecutive ports in 20000-29999: node, gatekeeper, two workers. */
const freePortBlock = (size: number) => freePorts(size, 20_000, 10_000);

describe('phalanx devnet end to end', { timeout: 300_000 }, () => {
  let dir: string;
  let rpcPort: number;
  let devnet: ChildProcess | undefined;
  let client: PhalanxClient | undefined;
  const marker = `MARKER-${randomUUID()}`;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-devnet-'));
    rpcPort = await freePortBlock(4);
  });

  after(async () => {
    await client?.close();
    if (devnet !== undefined && devnet.exitCode === null) await stopDevnet(devnet);
    rmSync(dir, { recursive: true, force: true });
  });

  it('boots, runs a private ERC-20, survives a restart and a killed worker, and leaks nothing to disk', async () => {
    let rpc = '';
    // Other tests run beside this one and take ports too: on a collision, take another block of ports.
    for (let attempt = 1; rpc === ''; attempt++) {
      try {
        ({ child: devnet, rpc } = await startDevnet(dir, rpcPort));
      } catch (error) {
        if (attempt >= 5 || !/in use/.test(String(error))) throw error;
        rpcPort = await freePortBlock(4);
      }
    }
    // A second devnet on the same data dir fails at once with a clear message.
    const second = spawn(process.execPath, [bin, 'devnet', '--data-dir', dir, '--rpc-port', String(rpcPort + 10)], {
      stdio: 'pipe',
    });
    let secondErr = '';
    second.stderr?.on('data', (chunk) => {
      secondErr += chunk;
    });
    assert.equal(await new Promise((resolve) => second.once('exit', resolve)), 2);
    assert.match(secondErr, /already running/);

    const bob = devKeypair('Bob');
    const charlie = devKeypair('Charlie');
    client = await connect(rpc);
    const token = await deploy(client, bob, await bundleContract(ERC20), [1000]);
    const asCharlie = token.connect(charlie);
    assert.equal(await token.tx.transfer?.(toSs58(charlie.publicKey), 300), 700);
    assert.equal(await asCharlie.tx.transfer?.(marker, 100), 200);
    assert.equal(await token.query.balanceOf?.(), 700);
    assert.equal(await asCharlie.query.balanceOf?.(), 200);

    // Stop and start: the same chain, contract and state.
    await client.close();
    client = undefined;
    assert.equal(await stopDevnet(devnet as ChildProcess), 0);
    ({ child: devnet, rpc } = await startDevnet(dir, rpcPort));
    client = await connect(rpc);
    const again = await Contract.at(client, token.address, bob);
    assert.equal(await again.query.balanceOf?.(), 700);
    assert.equal(await again.connect(charlie).query.balanceOf?.(), 200);

    // `phalanx status` probes every worker: ready only while each serves. A stopped worker host
    // (SIGSTOP: its port is open, nothing answers) is still online on chain, yet not ready.
    const pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8')) as Record<string, number>;
    type Status = { ready: boolean; workers: { endpoint: string; serving: boolean; problem: string | null }[] };
    const status = async (...extra: string[]) => {
      const run = await runCli(['status', '--rpc', rpc, '--json', ...extra]);
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout) as Status;
    };
    await until('ready after the restart', async () => (await status()).ready);
    process.kill(pids['worker-2'] as number, 'SIGSTOP');
    try {
      const stopped = await status('--timeout', '1'); // a stopped process never answers: no need to wait long
      assert.equal(stopped.ready, false, 'a worker that does not answer is not ready');
      const worker2 = stopped.workers.find((w) => w.endpoint.endsWith(`:${rpcPort + 3}`));
      assert.equal(worker2?.serving, false);
      assert.match(worker2?.problem ?? '', /CONNECTION: its host did not answer|marked offline/);
    } finally {
      process.kill(pids['worker-2'] as number, 'SIGCONT');
    }
    await until('ready once worker-2 serves again', async () => (await status()).ready);

    // kill -9 of worker-1: worker-2 keeps answering; the devnet restarts worker-1, which catches up.
    process.kill(pids['worker-1'] as number, 'SIGKILL');
    assert.equal(await again.query.balanceOf?.(), 700, 'answered by the other worker');
    assert.equal(await again.tx.transfer?.(toSs58(charlie.publicKey), 50), 650, 'commands go on with one worker');
    let identity: Uint8Array | undefined;
    await until('worker-1 restarted and caught up', async () => {
      const info = (await fetch(`http://127.0.0.1:${rpcPort + 2}/info`)
        .then((r) => r.json())
        .catch(() => undefined)) as { identity: string; best: number } | undefined;
      if (info === undefined) return false;
      identity = new Uint8Array(Buffer.from(info.identity.slice(2), 'hex'));
      return info.best >= ((await client?.header())?.number ?? 0);
    });
    const answer = await queryWorker(client, bob, identity as Uint8Array, {
      method: 'balanceOf',
      args: utf8('[]'),
      target: { tag: 'Contract', value: token.id },
    });
    assert.equal(answer.ok, true, answer.error);
    assert.equal(JSON.parse(Buffer.from(answer.result).toString('utf8')), 650, 'worker-1 agrees');

    // Nothing under the devnet's data dir (chain DB, sealed checkpoints, logs) holds the marker.
    for (const file of filesUnder(dir)) {
      assert.equal(readFileSync(file).indexOf(utf8(marker)), -1, `the marker leaked into ${file}`);
    }
  });
});
