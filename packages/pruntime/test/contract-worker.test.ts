// The worker role for contracts, driven block by block without a network: a replica executes and
// commits; a worker provisioned later rebuilds from the chain's commit and the commands it kept,
// and, when a command is missing from what it kept, waits for a newer commit instead of diverging.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, contractKeys, cryptoReady, devKeypair, generateKeypair, type Sr25519Keypair, utf8 } from '@phalanx/crypto';
import { type Header, type Message, sealCommand } from '@phalanx/primitives';
import { CommandMessage, MapState, MQ_TOPICS, Overlay, Phat } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { ContractInstance } from '../src/contracts/instance.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractWorker } from '../src/enclave/contract-worker.js';

const CODE = `export default {
  tx: { add(ctx, key, n) { ctx.storage.set(key, (ctx.storage.get(key) ?? 0) + n); } },
  query: { get(ctx, key) { return ctx.storage.get(key) ?? 0; } },
};`;

describe('contract worker: rebuild from a commit', () => {
  let engine: QuickJsEngine;
  const seed = blake2_256(utf8('worker-test-seed'));
  const id = blake2_256(utf8('worker-test-contract'));
  const idHex = Buffer.from(id).toString('hex');
  let session: Sr25519Keypair;

  before(async () => {
    await cryptoReady();
    engine = await QuickJsEngine.create();
    session = generateKeypair('sr25519') as Sr25519Keypair;
  });

  const header = (number: number) => ({ number, timestamp: BigInt(number * 1000) }) as unknown as Header;
  const command = (sequence: bigint, n: number): CommandMessage => {
    const sender = devKeypair('Bob').publicKey;
    const envelope = sealCommand(session, contractKeys(seed).ecdh.publicKey, id, sender, {
      method: 'add',
      args: JSON.stringify(['total', n]),
      nonce: Number(sequence),
    });
    return { contract: id, sender, sequence, txNonce: Number(sequence), gasLimit: 100_000_000n, envelope };
  };
  const asMessage = (c: CommandMessage): Message => ({
    origin: { tag: 'Pallet', value: 'Phat' },
    topic: utf8(MQ_TOPICS.command),
    payload: encode(CommandMessage, c),
  });

  /** Chain state with the deployed contract, its code, and optionally a recorded commit of `replica`. */
  function chainState(replica: ContractInstance | undefined, commitBlock: number, commands: bigint): MapState {
    const state = new MapState();
    const overlay = new Overlay(state);
    const code = utf8(CODE);
    const codeHash = blake2_256(code);
    const keys = contractKeys(seed);
    Phat.Codes.set(overlay, codeHash, code);
    Phat.Contracts.set(overlay, id, {
      info: {
        id,
        clusterId: new Uint8Array(32),
        deployer: devKeypair('Bob').publicKey,
        codeHash,
        salt: new Uint8Array(),
        publicKeys: { identityPubkey: keys.identity.publicKey, ecdhPubkey: keys.ecdh.publicKey },
      },
      instantiatedAt: 1,
      deployedAt: 1,
      workers: [],
      initArgs: undefined,
    });
    Phat.CommandSequences.set(overlay, id, commands);
    if (replica !== undefined) {
      const { changes, digest } = replica.state.commit(new Uint8Array(32), commitBlock, replica.applied);
      for (const [name, value] of changes) if (value !== undefined) Phat.ContractStorage.set(overlay, [id, name], value);
      const signer = keys.identity.publicKey;
      Phat.StateCommits.set(overlay, id, {
        block: commitBlock,
        commandSequence: replica.applied,
        digest,
        signer,
        recordedAt: commitBlock,
      });
    }
    state.apply(overlay.changes());
    return state;
  }

  const feed = (worker: ContractWorker, state: MapState, number: number, inbound: CommandMessage[], newKeys = new Map()) =>
    worker.onBlock({ header: header(number), state, inbound: inbound.map(asMessage), entries: () => state.entries(), newKeys });

  it('rebuilds from the commit and the kept commands; waits when one is missing', async () => {
    // Replica A ran commands 0 and 1 (total 3) and committed at block 10.
    const replica = new ContractInstance(id, seed, CODE);
    replica.initialized = true;
    await replica.command(engine, command(0n, 1), { number: 5, timestamp: 5000 });
    await replica.command(engine, command(1n, 2), { number: 6, timestamp: 6000 });
    replica.release();

    // Worker B saw command 3 but never command 2 (say, dropped from its buffer), then gets the key.
    const worker = new ContractWorker(engine);
    await feed(worker, chainState(undefined, 0, 4n), 12, [command(3n, 8)]);
    const atKey = chainState(replica, 10, 4n);
    await feed(worker, atKey, 20, [], new Map([[idHex, seed]]));
    assert.equal(worker.instances.has(idHex), false, 'a gap: no instance rather than a diverging one');

    // A newer commit covering all four commands (total 3 + 4 + 8 = 15) lets it rebuild.
    await replica.command(engine, command(2n, 4), { number: 11, timestamp: 11000 });
    await replica.command(engine, command(3n, 8), { number: 12, timestamp: 12000 });
    replica.release();
    await feed(worker, chainState(replica, 30, 4n), 31, []);
    const rebuilt = worker.instances.get(idHex);
    assert.ok(rebuilt !== undefined, 'rebuilt from the newer commit');
    assert.equal(rebuilt.applied, 4n);
    assert.equal(rebuilt.state.get('total'), '15');

    // And it goes on with the next command like any replica.
    await feed(worker, chainState(replica, 30, 5n), 32, [command(4n, 100)]);
    assert.equal(rebuilt.state.get('total'), '115');
  });
});
