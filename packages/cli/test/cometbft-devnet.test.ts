// `phalanx devnet --validators 4`: four CometBFT validators (each our node as the ABCI app plus a
// CometBFT process), the gatekeeper and two workers whose pRuntimes verify CometBFT commits. A
// confidential ERC-20 runs; kill -9 of a validator does not stop finality and it comes back with
// the same chain; a validator set change made on chain reaches CometBFT and every light client;
// workers whose node lies (altered state changes, a commit signed by too few) halt, clearly.
// Every block carries the validators' VRF outputs (randomness) from their vote extensions.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, type Keypair, keypairFromUri, toSs58 } from '@phalanx/crypto';
import { HOST_EXIT_CODES } from '@phalanx/host';
import { type Contract, connect, deploy, type PhalanxClient } from '@phalanx/sdk';
import { bundleContract } from '../src/commands/contract.js';
import { cometbftInstalled, startDevnetOnFreePorts, stopDevnet } from './devnet-fixture.js';
import { bin, freePorts, runCli, until } from './helpers.js';
import { alterChangesOf, dropSignaturesOf, type Lie, startLyingNode } from './lying-node.js';

const ERC20 = new URL('../../../../examples/contracts/erc20.ts', import.meta.url).pathname;

interface Info {
  best: number;
  halted: string | null;
}

const infoOf = async (port: number): Promise<Info | undefined> =>
  (await fetch(`http://127.0.0.1:${port}/info`)
    .then((response) => response.json())
    .catch(() => undefined)) as Info | undefined;

describe('a devnet of four CometBFT validators', {
  skip: !cometbftInstalled && 'CometBFT is not installed',
  timeout: 600_000,
}, () => {
  let dir: string;
  let rpcPort: number;
  let cometbftPort: number;
  let devnet: ChildProcess | undefined;
  let client: PhalanxClient | undefined;
  let token: Contract | undefined;
  let bob: Keypair;
  let charlie: Keypair;

  before(async () => {
    await cryptoReady();
    bob = devKeypair('Bob');
    charlie = devKeypair('Charlie');
    dir = mkdtempSync(join(tmpdir(), 'phalanx-cometbft-devnet-'));
    const started = await startDevnetOnFreePorts(dir, (base) => [
      '--validators',
      '4',
      '--cometbft-port',
      String(base),
      '--block-time',
      '200',
    ]);
    ({ child: devnet, rpcPort, cometbftPort } = started);
    const { rpc } = started;
    client = await connect(rpc);
  });

  after(async () => {
    await client?.close();
    if (devnet !== undefined) await stopDevnet(devnet);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  const validatorRpc = (i: number) => (i === 1 ? rpcPort : cometbftPort + 10 * (i - 1) + 3);
  const pids = () => JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8')) as Record<string, number>;

  it('runs a confidential contract; a validator killed with -9 neither stops finality nor forks the chain', async () => {
    const live = client as PhalanxClient;
    token = await deploy(live, bob, await bundleContract(ERC20), [1000]);
    assert.equal(await token.tx.transfer?.(toSs58(charlie.publicKey), 300), 700);
    assert.equal(await token.query.balanceOf?.(), 700);

    const run = await runCli(['status', '--rpc', `ws://127.0.0.1:${rpcPort}`, '--json']);
    const status = JSON.parse(run.stdout) as {
      ready: boolean;
      consensus: { engine: string; validators: { account: string | null; power: string }[]; finalized: number };
    };
    assert.equal(status.consensus.engine, 'cometbft');
    assert.deepEqual(
      status.consensus.validators.map((v) => [v.power, v.account !== null]),
      [
        ['10', true],
        ['10', true],
        ['10', true],
        ['10', true],
      ],
    );

    const killed = pids()['validator-4'] as number;
    process.kill(killed, 'SIGKILL');
    assert.equal(await token.tx.transfer?.(toSs58(charlie.publicKey), 50), 650, 'finalized by the other three');
    assert.equal(await token.query.balanceOf?.(), 650);

    // The devnet restarts validator-4; CometBFT's handshake replays what its app lacks.
    const target = (await live.header())?.number ?? 0;
    let back: PhalanxClient | undefined;
    try {
      await until(
        'validator-4 back and caught up',
        async () => {
          if (pids()['validator-4'] === killed) return false;
          back ??= await connect(`ws://127.0.0.1:${validatorRpc(4)}`).catch(() => undefined);
          const finalized = back === undefined ? undefined : await back.rpc.request<string>('chain_getFinalizedHead');
          const header = finalized === undefined ? undefined : await back?.header(finalized);
          return (header?.number ?? 0) >= target;
        },
        120_000,
      );
      const theirs = await back?.rpc.request<string>('chain_getBlockHash', [target]);
      const ours = await live.rpc.request<string>('chain_getBlockHash', [target]);
      assert.equal(theirs, ours, `validator-4's block ${target} (and so its state root) is validator-1's`);
    } finally {
      await back?.close();
    }
  });

  it('every block from 2 on carries VRF outputs of validators holding > 2/3 of the power', async () => {
    const cometbftRpc = `http://127.0.0.1:${cometbftPort + 1}`;
    const latest = (await (client as PhalanxClient).header())?.number ?? 0;
    assert.ok(latest >= 5);
    const prefix = Buffer.from('phalanx/vrf-beacon/v1:');
    for (let height = 2; height <= latest; height++) {
      const response = (await fetch(`${cometbftRpc}/block?height=${height}`).then((r) => r.json())) as {
        result: { block: { data: { txs: string[] | null } } };
      };
      const first = Buffer.from(response.result.block.data.txs?.[0] ?? '', 'base64');
      assert.ok(first.subarray(0, prefix.length).equals(prefix), `block ${height} carries the VRF outputs`);
      const outputs = (first[prefix.length] as number) >> 2; // SCALE compact length (< 64)
      assert.ok(outputs >= 3 && outputs <= 4, `block ${height}: ${outputs} outputs of 4 validators of power 10`);
    }
  });

  it('a validator set change made on chain takes effect in CometBFT and in every pRuntime', async () => {
    const live = client as PhalanxClient;
    const keyFile = JSON.parse(
      readFileSync(join(dir, 'testnet', 'validator-4', 'cometbft', 'config', 'priv_validator_key.json'), 'utf8'),
    ) as { pub_key: { value: string } };
    const consensusKey = new Uint8Array(Buffer.from(keyFile.pub_key.value, 'base64'));
    const setValidator = {
      tag: 'Consensus' as const,
      value: {
        tag: 'setValidator' as const,
        value: { consensusKey, power: 20n, operator: keypairFromUri('//Validator4').publicKey },
      },
    };
    const outcome = await live.signAndSubmit(devKeypair('Alice'), {
      tag: 'Sudo',
      value: { tag: 'sudo', value: { call: setValidator } },
    });
    assert.equal(outcome.ok, true, outcome.error?.message);
    const changedAt = (await live.header())?.number ?? 0;
    const cometbftRpc = `http://127.0.0.1:${cometbftPort + 1}`;
    await until('CometBFT to use the new power', async () => {
      const response = (await fetch(`${cometbftRpc}/validators`).then((r) => r.json())) as {
        result: { validators: { pub_key: { value: string }; voting_power: string }[] };
      };
      return response.result.validators.some((v) => v.pub_key.value === keyFile.pub_key.value && v.voting_power === '20');
    });
    for (const port of [rpcPort + 2, rpcPort + 3]) {
      await until(`the worker on ${port} to follow past the change`, async () => {
        const info = await infoOf(port);
        assert.equal(info?.halted ?? null, null, `the worker on ${port} halted: ${info?.halted}`);
        return (info?.best ?? 0) >= changedAt + 3;
      });
    }
    assert.equal(await token?.tx.transfer?.(toSs58(charlie.publicKey), 10), 640, 'contracts keep running after the change');
  });

  it('a worker whose node lies halts with a clear error; the other workers carry on', async () => {
    const lies: [string, Lie, RegExp][] = [
      ['altered state changes', alterChangesOf(3), /state changes do not rebuild/],
      ['a commit signed by too few validators', dropSignaturesOf(3, 2), /2\/3|voting power/],
    ];
    for (const [what, lie, reason] of lies) {
      const liar = await startLyingNode(`ws://127.0.0.1:${rpcPort}`, lie);
      const port = await freePorts(1, 30_000, 2_000);
      const worker = spawn(
        process.execPath,
        [bin, 'worker', '--rpc', liar.url, '--data-dir', join(dir, `liar-${port}`), '--port', String(port), '--suri', '//Alice'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      worker.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      try {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        // Halted, it stays up and says why on GET /info; stopped, it ends with 76 (not a clean 0).
        await until(`${what}: the worker to halt`, async () => {
          assert.equal(worker.exitCode, null, `${what}: exited by itself (${worker.exitCode}), ${stderr}`);
          return typeof (await infoOf(port))?.halted === 'string';
        });
        assert.match((await infoOf(port))?.halted ?? '', /^SYNC_INVALID: /, what);
        assert.match((await infoOf(port))?.halted ?? '', reason, what);
        worker.kill('SIGTERM');
        const code = await exited;
        assert.equal(code, HOST_EXIT_CODES.nodeLied, `${what}: exit ${code}, ${stderr}`);
        assert.match(stderr, /SYNC_INVALID/);
        assert.match(stderr, reason, what);
      } finally {
        worker.kill('SIGKILL');
        await liar.close();
      }
    }
    assert.equal(await token?.query.balanceOf?.(), 640, 'the honest workers still answer');
  });

  it('kill -9 of the launcher stops every child: validators, their CometBFT processes and the workers', async () => {
    const children = Object.values(pids());
    // CometBFT itself (its command line starts with its binary), not the guards that run it.
    const cometbfts = execFileSync('pgrep', ['-f', `^\\S*/cometbft node --home ${join(dir, 'testnet')}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    assert.equal(cometbfts.length, 4, 'one CometBFT per validator');
    (devnet as ChildProcess).kill('SIGKILL');
    const alive = (pid: number) => {
      try {
        // A zombie (its parent died, nobody reaped it yet) has stopped already.
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await until('every child to stop', async () => [...children, ...cometbfts].every((pid) => !alive(pid)), 60_000);
    devnet = undefined;
  });
});
