// An ink! contract in the worker role, with the engine router the pRuntime uses: constructor
// arguments sealed to the contract, encrypted commands, receipts only the caller opens (events
// decoded, the contract's error on an over-balance transfer), and a worker provisioned later that
// rebuilds from the chain's commit and continues the contract.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  blake2_256,
  contractKeys,
  cryptoReady,
  devKeypair,
  generateKeypair,
  type Sr25519Keypair,
  toSs58,
  utf8,
} from '@phalanx/crypto';
import { type Header, type Message, openReceipt, sealCommand, sealInitArgs } from '@phalanx/primitives';
import { CommandMessage, MapState, MQ_TOPICS, Overlay, Phat } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { CallHost } from '../src/contracts/call-host.js';
import { EngineRouter } from '../src/contracts/engine-router.js';
import { InkEngine } from '../src/contracts/ink/engine.js';
import { ContractInstance } from '../src/contracts/instance.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractWorker } from '../src/enclave/contract-worker.js';
import { fixture } from './ink-helpers.js';

const BUNDLE = fixture('polkadotjs_ink_v5_erc20.contract.json');

describe('an ink! contract in the worker role', () => {
  let engine: EngineRouter;
  let session: Sr25519Keypair;
  const seed = blake2_256(utf8('ink-worker-seed'));
  const id = blake2_256(utf8('ink-worker-contract'));
  const keys = () => contractKeys(seed);
  const alice = () => devKeypair('Alice').publicKey;
  const bob = () => devKeypair('Bob').publicKey;

  before(async () => {
    await cryptoReady();
    engine = new EngineRouter(await QuickJsEngine.create(), new InkEngine());
    session = generateKeypair('sr25519') as Sr25519Keypair;
  });

  const command = (sequence: bigint, sender: Uint8Array, method: string, args: unknown[]): CommandMessage => {
    const envelope = sealCommand(session, keys().ecdh.publicKey, id, sender, {
      method,
      args: JSON.stringify(args),
      nonce: Number(sequence),
    });
    return { contract: id, sender, sequence, txNonce: Number(sequence), gasLimit: 500_000_000n, envelope };
  };

  async function balanceOf(state: ContractInstance['state'], who: Uint8Array): Promise<unknown> {
    const query = await engine.openForQueries(BUNDLE);
    const env = { kind: 'query' as const, caller: toSs58(who), self: toSs58(id), block: { number: 99, timestamp: 99_000 } };
    const host = new CallHost(env, state, seed, { kind: 'real' });
    return JSON.parse(
      (await query.call({ method: 'balance_of', args: JSON.stringify([toSs58(who)]), gasLimit: 1e9 }, host)).result,
    );
  }

  function chainState(replica: ContractInstance, commitBlock: number, commands: bigint): MapState {
    const state = new MapState();
    const overlay = new Overlay(state);
    const code = utf8(BUNDLE);
    const codeHash = blake2_256(code);
    Phat.Codes.set(overlay, codeHash, code);
    Phat.Contracts.set(overlay, id, {
      info: {
        id,
        clusterId: new Uint8Array(32),
        deployer: alice(),
        codeHash,
        salt: new Uint8Array(),
        publicKeys: { identityPubkey: keys().identity.publicKey, ecdhPubkey: keys().ecdh.publicKey },
      },
      instantiatedAt: 1,
      deployedAt: 1,
      workers: [],
      initArgs: undefined,
    });
    Phat.CommandSequences.set(overlay, id, commands);
    const { changes, digest } = replica.state.commit(new Uint8Array(32), commitBlock, replica.applied);
    for (const [name, value] of changes) if (value !== undefined) Phat.ContractStorage.set(overlay, [id, name], value);
    Phat.StateCommits.set(overlay, id, {
      block: commitBlock,
      commandSequence: replica.applied,
      digest,
      signer: keys().identity.publicKey,
      recordedAt: commitBlock,
    });
    state.apply(overlay.changes());
    return state;
  }

  it('deploys, runs encrypted commands with sealed receipts, and continues on a rebuilt worker', async () => {
    const replica = new ContractInstance(id, seed, BUNDLE);
    const initArgs = sealInitArgs(keys().ecdh, id, utf8('[1000]'), new Uint8Array(12));
    const init = await replica.init(engine, alice(), initArgs, session.publicKey, { number: 2, timestamp: 2000 });
    assert.ok(init !== undefined);
    const created = openReceipt(session, init.receipt, id, undefined);
    assert.equal(created.ok, true, created.error);
    assert.deepEqual(
      created.events.map((e) => [e.name, JSON.parse(e.data)]),
      [['Transfer', { from: null, to: toSs58(alice()), value: 1000 }]],
    );

    const sent = await replica.command(engine, command(0n, alice(), 'transfer', [toSs58(bob()), 30]), {
      number: 3,
      timestamp: 3000,
    });
    const sentReceipt = openReceipt(session, sent?.receipt as NonNullable<typeof sent>['receipt'], id, 0n);
    assert.deepEqual([sentReceipt.ok, sentReceipt.result], [true, '{"ok":null}'], sentReceipt.error);
    assert.ok(sentReceipt.gasUsed > 0n);

    const over = await replica.command(engine, command(1n, bob(), 'transfer', [toSs58(alice()), 31]), {
      number: 3,
      timestamp: 3000,
    });
    const overReceipt = openReceipt(session, over?.receipt as NonNullable<typeof over>['receipt'], id, 1n);
    assert.equal(overReceipt.ok, false);
    assert.match(overReceipt.error, /InsufficientBalance/);
    replica.release();
    assert.equal(await balanceOf(replica.state, bob()), 30);

    // A worker provisioned later rebuilds from the chain's commit (ciphertext only) and goes on.
    const worker = new ContractWorker(engine);
    const state = chainState(replica, 4, 2n);
    const header = (number: number) => ({ number, timestamp: BigInt(number * 1000) }) as unknown as Header;
    const asMessage = (c: CommandMessage): Message => ({
      origin: { tag: 'Pallet', value: 'Phat' },
      topic: utf8(MQ_TOPICS.command),
      payload: encode(CommandMessage, c),
    });
    const idHex = Buffer.from(id).toString('hex');
    const feed = (number: number, inbound: CommandMessage[], newKeys = new Map()) =>
      worker.onBlock({ header: header(number), state, inbound: inbound.map(asMessage), entries: () => state.entries(), newKeys });
    await feed(5, [], new Map([[idHex, seed]]));
    const rebuilt = worker.instances.get(idHex);
    assert.ok(rebuilt !== undefined, 'rebuilt from the commit');
    assert.equal(await balanceOf(rebuilt.state, bob()), 30);
    await feed(6, [command(2n, bob(), 'transfer', [toSs58(alice()), 5])]);
    assert.equal(rebuilt.applied, 3n);
    assert.equal(await balanceOf(rebuilt.state, bob()), 25);
    assert.equal(await balanceOf(rebuilt.state, alice()), 975);
  });
});
