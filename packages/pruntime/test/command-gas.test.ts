// A command runs with the gas limit its sender reserved on chain (CommandMessage.gasLimit), and its
// receipt states the gas used in the clear (ContractReceipt.gasUsed, which the chain bills) and,
// identically, inside the sealed receipt. A command refused before it runs pays the base charge.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, contractKeys, cryptoReady, devKeypair, generateKeypair, type Sr25519Keypair, utf8 } from '@phalanx/crypto';
import { openReceipt, sealCommand } from '@phalanx/primitives';
import type { CommandMessage } from '@phalanx/runtime';
import { GAS } from '../src/contracts/gas.js';
import { ContractInstance } from '../src/contracts/instance.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';

const CODE = `export default {
  tx: {
    spin(ctx, n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i) % 7; ctx.storage.set('x', x); return x; },
  },
  query: {},
};`;

describe('command gas: the limit comes from the chain, the use goes back to it', () => {
  let engine: QuickJsEngine;
  const seed = blake2_256(utf8('command-gas-seed'));
  const id = blake2_256(utf8('command-gas-contract'));
  const sender = () => devKeypair('Bob').publicKey;
  let session: Sr25519Keypair;

  before(async () => {
    await cryptoReady();
    engine = await QuickJsEngine.create();
    session = generateKeypair('sr25519') as Sr25519Keypair;
  });

  const command = (sequence: bigint, n: number, gasLimit: bigint): CommandMessage => ({
    contract: id,
    sender: sender(),
    sequence,
    txNonce: Number(sequence),
    gasLimit,
    envelope: sealCommand(session, contractKeys(seed).ecdh.publicKey, id, sender(), {
      method: 'spin',
      args: JSON.stringify([n]),
      nonce: Number(sequence),
    }),
  });

  async function run(message: CommandMessage, instance = fresh()) {
    const receipt = await instance.command(engine, message, { number: 3, timestamp: 3000 });
    instance.release();
    assert.ok(receipt !== undefined);
    return { clear: receipt.gasUsed, sealed: openReceipt(session, receipt.receipt, id, message.sequence), instance };
  }

  function fresh(): ContractInstance {
    const instance = new ContractInstance(id, seed, CODE);
    instance.initialized = true;
    return instance;
  }

  it('a small limit stops the call at the limit; a larger one lets it finish, and uses what it used', async () => {
    const starved = await run(command(0n, 200_000, 2_000_000n));
    assert.equal(starved.sealed.ok, false);
    assert.match(starved.sealed.error, /out of gas/);
    assert.equal(starved.clear, 2_000_000n, 'charged the whole limit');
    assert.equal(starved.sealed.gasUsed, starved.clear);
    assert.equal(starved.instance.state.get('x'), undefined, 'nothing written');

    const fed = await run(command(0n, 200_000, 1_000_000_000n));
    assert.equal(fed.sealed.ok, true);
    assert.ok(fed.clear > 2_000_000n && fed.clear < 1_000_000_000n, `used ${fed.clear}`);
    assert.equal(fed.sealed.gasUsed, fed.clear);
    const again = await run(command(0n, 200_000, 900_000_000n));
    assert.equal(again.clear, fed.clear, 'the same work costs the same on every replica, whatever the limit');
  });

  it('a command whose envelope cannot be opened pays the base charge', async () => {
    const message = command(0n, 10, 5_000_000n);
    const tampered = { ...message, envelope: { ...message.envelope, ciphertext: message.envelope.ciphertext.map((b) => b ^ 1) } };
    const refused = await run(tampered);
    assert.equal(refused.sealed.ok, false);
    assert.equal(refused.clear, BigInt(GAS.base));
  });
});
