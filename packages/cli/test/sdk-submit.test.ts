// The SDK's submissions against a real `phalanx node --dev` process (issue 10 item 13): an argument
// the client cannot send is refused before a nonce is taken, so the account's next transaction is
// included at once instead of waiting behind a gap that the abandoned one would fill later.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, devKeypair, generateKeypair, utf8 } from '@phalanx/crypto';
import type { ContractRecord } from '@phalanx/runtime';
import { Contract, connect, DispatchFailure, deploy, type PhalanxClient } from '@phalanx/sdk';
import { startNodeProcess } from './helpers.js';

/** Bounds a wait that hangs when the bug is there; the assertion after it decides. */
function within<T>(what: string, pending: Promise<T>, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never settled: the account is wedged`)), ms);
  });
  return Promise.race([pending, hung]).finally(() => clearTimeout(timer));
}

describe('SDK submissions and nonces', { timeout: 120_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-sdk-submit-'));
    let rpc: string;
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
  });

  after(async () => {
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('bad command arguments throw INVALID_INPUT, take no nonce, and the next command still goes through', async () => {
    const bob = devKeypair('Bob');
    // A handle on a contract id the chain does not know: the chain refuses its commands in a block,
    // which is all this test needs (the command must be included, not stuck behind a gap).
    const id = blake2_256(utf8('no such contract'));
    const record = {
      info: { publicKeys: { ecdhPubkey: generateKeypair('sr25519').publicKey } },
      workers: [],
    } as unknown as ContractRecord;
    const contract = new Contract(client, id, bob, record);
    const before = await client.nextNonce(bob.publicKey);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(contract.call('transfer', [1n]), { code: 'INVALID_INPUT', message: /BigInt/ });
    await assert.rejects(contract.call('transfer', [circular]), { code: 'INVALID_INPUT' });
    await assert.rejects(contract.call('m'.repeat(65), []), { code: 'INVALID_INPUT', message: /method name/ });
    await assert.rejects(contract.tx.transfer?.(2n) as Promise<unknown>, { code: 'INVALID_INPUT' });
    assert.equal(await client.nextNonce(bob.publicKey), before, 'no nonce was used by the refused calls');
    const refused = await within(
      'the next command',
      contract.call('transfer', [1]).catch((error: unknown) => error),
    );
    assert.ok(refused instanceof DispatchFailure, `the chain refused it in a block, got ${String(refused)}`);
    assert.deepEqual([refused.code, refused.pallet, refused.error], ['DISPATCH_FAILED', 'Phat', 'ContractNotFound']);
    assert.equal(await client.nextNonce(bob.publicKey), before + 1);
  });

  it('deploy checks the constructor arguments before paying for the upload', async () => {
    const charlie = devKeypair('Charlie');
    const before = await client.nextNonce(charlie.publicKey);
    await assert.rejects(deploy(client, charlie, 'export default {}', [1n]), { code: 'INVALID_INPUT' });
    assert.equal(await client.nextNonce(charlie.publicKey), before, 'nothing was uploaded');
  });

  it('a signer that throws while building takes no nonce; the next transfer is included', async () => {
    const dave = devKeypair('Dave');
    const before = await client.nextNonce(dave.publicKey);
    await assert.rejects(
      client.signAndSubmitWith(dave, () => {
        throw new TypeError('cannot build');
      }),
      /cannot build/,
    );
    const sent = await within('the transfer', client.transfer(dave, devKeypair('Eve').publicKey, 1n));
    assert.equal(sent.ok, true);
    assert.equal(await client.nextNonce(dave.publicKey), before + 1);
  });
});
