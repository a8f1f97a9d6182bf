// Governance end to end (issue 12): on a real node, a worker whose operator holds no sudo cannot
// register while its measurement is not allowed; a referendum that fails changes nothing; a
// referendum that passes adds the measurement (dispatched with Root), and the worker then registers.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, equalBytes, fromHex, type Keypair, utf8 } from '@phalanx/crypto';
import { startWorkerHost } from '@phalanx/host';
import { Democracy, Registry, type RuntimeCall, UNIT } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { startNodeProcess, until } from './helpers.js';

const alice = () => devKeypair('Alice');
const charlie = () => devKeypair('Charlie');

describe('governance: a referendum changes the measurement allow-list', { timeout: 240_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-gov-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
  });

  after(async () => {
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function submit(signer: Keypair, call: RuntimeCall): Promise<void> {
    const result = await client.signAndSubmit(signer, call);
    assert.ok(result.ok, `${call.tag} failed: ${JSON.stringify(result.error)}`);
  }

  /** The dev node seals a block per transaction: remarks move the chain until `check` holds. */
  async function blocksUntil(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await submit(alice(), { tag: 'System', value: { tag: 'remark', value: { remark: utf8(`tick ${i}`) } } });
    }
    assert.fail(`the chain did not reach: ${what}`);
  }

  const measurements = async () => {
    const raw = await client.storage(Registry.Measurements.key);
    return Registry.Measurements.getOr({ get: () => raw }, []);
  };
  const allowed = async (m: Uint8Array) => (await measurements()).some((x) => equalBytes(x, m));
  const referendum = async (index: number) => {
    const raw = await client.storage(Democracy.ReferendumInfoOf.keyOf(index));
    return raw === undefined ? undefined : Democracy.ReferendumInfoOf.get({ get: () => raw }, index);
  };

  /** Proposes `addMeasurement(m)`, waits for its referendum, votes, and waits for the end. */
  async function referendumOn(m: Uint8Array, index: number, aye: boolean): Promise<boolean> {
    const call: RuntimeCall = { tag: 'Registry', value: { tag: 'addMeasurement', value: { measurement: m } } };
    await submit(devKeypair('Dave'), { tag: 'Democracy', value: { tag: 'propose', value: { call, deposit: 100n * UNIT } } });
    await blocksUntil(`referendum ${index} starts`, async () => (await referendum(index))?.tag === 'Ongoing');
    const vote = { referendum: index, aye, balance: 10_000n * UNIT, conviction: 1 };
    await submit(devKeypair('Bob'), { tag: 'Democracy', value: { tag: 'vote', value: vote } });
    await blocksUntil(`referendum ${index} ends`, async () => (await referendum(index))?.tag === 'Finished');
    const info = await referendum(index);
    assert.ok(info?.tag === 'Finished');
    return info.value.approved;
  }

  it('only a passed referendum lets the worker register', async () => {
    // The worker's operator holds no sudo: its host can only report the measurement governance must allow.
    const warnings: string[] = [];
    const log = { error() {}, info() {}, warn: (line: string) => warnings.push(line) };
    const start = (name: string) => {
      const dataDir = join(dir, name);
      mkdirSync(dataDir);
      return startWorkerHost({ rpc, dataDir, tee: 'sim', port: 0, publicUrl: 'http://127.0.0.1:8000', operator: charlie(), log });
    };
    const refused = await start('worker-1');
    await until('the host reports the measurement to allow', async () => warnings.some((w) => /not allowed/.test(w)));
    await refused.stop();
    const hex = /measurement (0x[0-9a-f]{64}) is not allowed/.exec(warnings.join('\n'))?.[1];
    assert.ok(hex !== undefined);
    const measurement = fromHex(hex, 'measurement');
    assert.equal(await allowed(measurement), false);
    const before = await measurements();

    // Voted down: nothing changes.
    const other = new Uint8Array(randomBytes(32));
    assert.equal(await referendumOn(other, 0, false), false);
    assert.deepEqual(await measurements(), before, 'a failed referendum changes nothing');

    // Voted through: enacted with Root after the enactment delay.
    assert.equal(await referendumOn(measurement, 1, true), true);
    assert.equal(await allowed(measurement), false, 'not before the enactment delay');
    await blocksUntil('the measurement is enacted', () => allowed(measurement));

    const host = await start('worker-2');
    try {
      const registered = await host.registered();
      const raw = await client.storage(Registry.Workers.keyOf(registered.info.identityPubkey));
      const record = Registry.Workers.get({ get: () => raw }, registered.info.identityPubkey);
      assert.deepEqual(record?.operator, charlie().publicKey, 'registered by the non-sudo operator');
    } finally {
      await host.stop();
    }
  });
});
