// A devnet whose MasterKey is shared (issue 13): `phalanx devnet --gatekeepers 3` runs three
// gatekeeper processes that make the MasterKey by the chain's DKG (2 of 3); no process holds it
// whole. With one gatekeeper frozen (SIGSTOP: it answers nothing, sends nothing), a private ERC-20
// still deploys, takes a transfer and answers a query — its workers combined the other two's answers.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri, toSs58 } from '@phalanx/crypto';
import { Registry, Threshold } from '@phalanx/runtime';
import { connect, deploy, type PhalanxClient } from '@phalanx/sdk';
import { bundleContract } from '../src/commands/contract.js';
import { startDevnet, stopDevnet } from './devnet-fixture.js';
import { freePorts, runCli, until } from './helpers.js';

const EXAMPLES = new URL('../../../../examples/contracts/', import.meta.url);

describe('a threshold devnet: three gatekeepers, any two derive contract keys', { timeout: 600_000 }, () => {
  let dir: string;
  let devnet: ChildProcess | undefined;
  let rpc: string;
  let client: PhalanxClient;
  let frozen: number | undefined;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-threshold-'));
    // A range no other test takes ports from (they use 20,000–32,500): the launcher connects to
    // whatever answers on its RPC port while its node starts, so a neighbour there would mislead it.
    const rpcPort = await freePorts(6, 12_000, 6_000);
    ({ child: devnet, rpc } = await startDevnet(dir, rpcPort, ['--gatekeepers', '3', '--block-time', '200']));
    client = await connect(rpc);
  });

  after(async () => {
    if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
    await client?.close().catch(() => undefined);
    if (devnet !== undefined) await stopDevnet(devnet);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  const read = async <T>(item: { key: Uint8Array; get(s: { get(k: Uint8Array): Uint8Array | undefined }): T | undefined }) => {
    const raw = await client.storage(item.key);
    return item.get({ get: () => raw });
  };

  it('the MasterPubkey is the DKG’s group key, and status shows three share holders', async () => {
    const group = await read(Threshold.Group);
    assert.ok(group !== undefined, 'a DKG decided the group');
    assert.deepEqual([group.group.t, group.group.n, group.members.length], [2, 3, 3]);
    assert.deepEqual(await read(Registry.MasterPubkey), group.group.commitments[0]);
    const status = await runCli(['status', '--rpc', rpc, '--json']);
    const view = JSON.parse(status.stdout);
    assert.equal(view.ready, true, status.stdout);
    assert.deepEqual(view.threshold, { t: 2, n: 3, epoch: group.group.epoch });
    const holders = view.workers.filter((w: { gatekeeper: boolean; shareEpoch: number | null }) => w.gatekeeper);
    assert.equal(holders.length, 3);
    for (const h of holders) assert.equal(h.shareEpoch, group.group.epoch);
    // No host reports a whole MasterKey.
    for (const h of holders) {
      const info = (await (await fetch(`${h.endpoint}/info`)).json()) as { masterPubkey: unknown; keyShare: { index: unknown } };
      assert.equal(info.masterPubkey, null);
      assert.equal(typeof info.keyShare.index, 'number');
    }
  });

  it('with gatekeeper-3 frozen, a private ERC-20 deploys, takes a transfer and answers a query', async () => {
    const pids = JSON.parse(readFileSync(join(dir, 'devnet.pids.json'), 'utf8')) as Record<string, number>;
    frozen = pids['gatekeeper-3'];
    assert.ok(typeof frozen === 'number');
    process.kill(frozen, 'SIGSTOP');
    const bob = keypairFromUri('//Bob');
    const code = await bundleContract(new URL('erc20.ts', EXAMPLES).pathname);
    const token = await deploy(client, bob, code, [1000, 'Shared Key Token']);
    const charlie = toSs58(keypairFromUri('//Charlie').publicKey);
    const sent = await token.call('transfer', [charlie, 250]);
    assert.deepEqual([sent.ok, sent.result], [true, 750]);
    assert.equal(await token.query.balanceOf?.(), 750);
    process.kill(frozen, 'SIGCONT');
    frozen = undefined;
    await until(
      'the network stays ready',
      async () => JSON.parse((await runCli(['status', '--rpc', rpc, '--json'])).stdout).ready === true,
    );
  });
});
