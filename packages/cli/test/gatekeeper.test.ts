// Gatekeepers end to end (real node process; worker hosts with sim pRuntimes): the first makes
// the MasterKey inside and publishes its public key; a second receives it over the on-chain
// encrypted channel and ends with the same key; a plain worker never gets it.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { blake2_256, contractId, cryptoReady, devKeypair, toHex, utf8 } from '@phalanx/crypto';
import { type RunningWorkerHost, startWorkerHost } from '@phalanx/host';
import type { EnclaveInfo } from '@phalanx/pruntime';
import { Phat, Registry } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { quiet, startNodeProcess, until } from './helpers.js';

describe('gatekeepers and the MasterKey', { timeout: 180_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;
  const hosts: RunningWorkerHost[] = [];

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-gk-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
  });

  after(async () => {
    for (const host of hosts) await host.stop();
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (name: string, gatekeeper: boolean) => {
    const dataDir = join(dir, name);
    mkdirSync(dataDir);
    const host = await startWorkerHost({
      rpc,
      dataDir,
      tee: 'sim',
      port: 0,
      publicUrl: `http://${name}.local`,
      operator: devKeypair('Alice'),
      log: quiet,
      gatekeeper,
    });
    hosts.push(host);
    return host;
  };
  const chainMaster = async () => {
    const raw = await client.storage(Registry.MasterPubkey.key);
    return raw === undefined ? undefined : toHex(raw);
  };
  const masterOf = async (host: RunningWorkerHost): Promise<string | undefined> => {
    const info: EnclaveInfo = await host.info();
    return info.masterPubkey === undefined ? undefined : toHex(info.masterPubkey);
  };

  it('the second gatekeeper ends with the first one’s MasterKey; a plain worker never holds it', async () => {
    const first = await start('gk1', true);
    await until('the MasterKey public key on chain', async () => (await chainMaster()) !== undefined);
    await until('gk1 holding the MasterKey', async () => (await masterOf(first)) === (await chainMaster()));

    const plain = await start('w1', false);
    const second = await start('gk2', true);
    await until('gk2 holding the MasterKey', async () => (await masterOf(second)) !== undefined);
    assert.equal(await masterOf(second), await chainMaster(), 'the same MasterKey as registered on chain');
    assert.equal(await masterOf(first), await chainMaster());

    await plain.registered();
    // Let the plain worker follow every block written so far, then check it never received the key.
    const head = (await client.header())?.number ?? 0;
    await until('w1 synced', async () => (await plain.info()).bestNumber >= head);
    assert.equal(await masterOf(plain), undefined, 'a plain worker never holds the MasterKey');

    // Deployment: the gatekeepers derive the ContractKey and provision it to the cluster's worker only.
    const alice = devKeypair('Alice');
    const bob = devKeypair('Bob');
    const w1 = (await plain.info()).info.identityPubkey;
    const clusterId = blake2_256(utf8('cluster-1'));
    const createCluster = { tag: 'Phat' as const, value: { tag: 'createCluster' as const, value: { clusterId, workers: [w1] } } };
    assert.ok((await client.signAndSubmit(alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call: createCluster } } })).ok);
    const code = utf8('export default { tx: {}, query: {} };');
    assert.ok((await client.signAndSubmit(bob, { tag: 'Phat', value: { tag: 'uploadCode', value: { code } } })).ok);
    const salt = utf8('salt-1');
    const codeHash = blake2_256(code);
    const args = { senderPubkey: new Uint8Array(32), iv: new Uint8Array(12), ciphertext: new Uint8Array(16) };
    const instantiate = await client.signAndSubmit(bob, {
      tag: 'Phat',
      value: { tag: 'instantiate', value: { clusterId, codeHash, salt, args } },
    });
    assert.ok(instantiate.ok);
    const contract = contractId({ clusterId, deployer: bob.publicKey, codeHash, salt });
    await until('the cluster worker holding the contract key', async () =>
      (await plain.info()).contracts.some((id) => Buffer.compare(id, contract) === 0),
    );
    const raw = await client.storage(Phat.Contracts.keyOf(contract));
    const record = Phat.Contracts.get({ get: () => raw }, contract);
    assert.ok(record?.deployedAt !== undefined && record.info.publicKeys !== undefined, 'deployed with published keys');
    assert.deepEqual((await first.info()).contracts, [], 'a gatekeeper outside the cluster keeps no contract key');

    // Restarted, a gatekeeper keeps its MasterKey (sealed in its checkpoint).
    const index = hosts.indexOf(second);
    await second.stop();
    hosts.splice(index, 1);
    const again = await startWorkerHost({
      rpc,
      dataDir: join(dir, 'gk2'),
      tee: 'sim',
      port: 0,
      publicUrl: 'http://gk2.local',
      operator: devKeypair('Alice'),
      log: quiet,
      gatekeeper: true,
    });
    hosts.push(again);
    assert.equal(await masterOf(again), await chainMaster());
  });
});
