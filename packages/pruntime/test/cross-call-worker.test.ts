// Cross-contract calls in the worker role: two replicas run a caller and its callee from the same
// blocks and commit the callee's writes (made by the caller's command) identically, like any other
// change; a replica without the callee's key does not execute the caller's command (no receipt, the
// caller waits for a commit) instead of diverging.
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
import { type Header, type Message, sealCommand, sealInitArgs } from '@phalanx/primitives';
import { CommandMessage, MapState, MQ_TOPICS, Overlay, Phat } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { EngineRouter } from '../src/contracts/engine-router.js';
import { InkEngine } from '../src/contracts/ink/engine.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractWorker } from '../src/enclave/contract-worker.js';

const COUNTER = `export default {
  init(ctx) { ctx.storage.set('n', 0); },
  tx: { inc(ctx, by) { const n = ctx.storage.get('n') + by; ctx.storage.set('n', n); return n; } },
};`;
const CALLER = `export default {
  tx: { async inc(ctx, target, by) { const n = await ctx.call(target, 'inc', [by]); ctx.storage.set('last', n); return n; } },
};`;
const CLUSTER = new Uint8Array(32).fill(3);

describe('cross-contract calls in the worker role', () => {
  let engine: EngineRouter;
  let session: Sr25519Keypair;
  const state = new MapState();
  const alice = () => devKeypair('Alice').publicKey;
  const contracts = {
    caller: { id: blake2_256(utf8('worker caller')), seed: blake2_256(utf8('worker caller seed')), code: CALLER },
    counter: { id: blake2_256(utf8('worker counter')), seed: blake2_256(utf8('worker counter seed')), code: COUNTER },
  };
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const header = (number: number) => ({ number, timestamp: BigInt(number * 1000) }) as unknown as Header;
  const asMessage = (c: CommandMessage): Message => ({
    origin: { tag: 'Pallet', value: 'Phat' },
    topic: utf8(MQ_TOPICS.command),
    payload: encode(CommandMessage, c),
  });
  const feed = (worker: ContractWorker, number: number, inbound: CommandMessage[], keys: (keyof typeof contracts)[] = []) =>
    worker.onBlock({
      header: header(number),
      state,
      inbound: inbound.map(asMessage),
      entries: () => state.entries(),
      newKeys: new Map(keys.map((name) => [hex(contracts[name].id), contracts[name].seed])),
    });

  before(async () => {
    await cryptoReady();
    engine = new EngineRouter(await QuickJsEngine.create(), new InkEngine());
    session = generateKeypair('sr25519') as Sr25519Keypair;
    const overlay = new Overlay(state);
    for (const { id, seed, code } of Object.values(contracts)) {
      const keys = contractKeys(seed);
      const codeHash = blake2_256(utf8(code));
      Phat.Codes.set(overlay, codeHash, utf8(code));
      Phat.Contracts.set(overlay, id, {
        info: {
          id,
          clusterId: CLUSTER,
          deployer: alice(),
          codeHash,
          salt: new Uint8Array(),
          publicKeys: { identityPubkey: keys.identity.publicKey, ecdhPubkey: keys.ecdh.publicKey },
        },
        instantiatedAt: 1,
        deployedAt: 1,
        workers: [],
        initArgs: sealInitArgs(keys.ecdh, id, utf8('[]'), new Uint8Array(12)),
      });
    }
    Phat.ClusterContracts.set(overlay, CLUSTER, [contracts.caller.id, contracts.counter.id]);
    state.apply(overlay.changes());
  });

  const command = (): CommandMessage => {
    const { id, seed } = contracts.caller;
    const envelope = sealCommand(session, contractKeys(seed).ecdh.publicKey, id, alice(), {
      method: 'inc',
      args: JSON.stringify([toSs58(contracts.counter.id), 5]),
      nonce: 0,
    });
    return { contract: id, sender: alice(), sequence: 0n, txNonce: 0, gasLimit: 800_000_000n, envelope };
  };

  it("two replicas apply the callee's writes from the caller's command and commit them alike", async () => {
    const replicas = [new ContractWorker(engine), new ContractWorker(engine)];
    const commits: string[][] = [];
    for (const worker of replicas) {
      await feed(worker, 1, [], ['caller', 'counter']);
      const egress = await feed(worker, 2, [command()]);
      assert.ok(
        egress.some((item) => item.tag === 'PushMessage'),
        'the caller sent its receipt',
      );
      const counter = worker.instances.get(hex(contracts.counter.id));
      assert.equal(counter?.state.get('n'), '5', "the callee's state holds the caller's call");
      assert.equal(counter?.applied, 0n, "the callee's own command stream is untouched");
      await feed(worker, 10, []);
      const taken = worker.takeCommits();
      commits.push(
        taken.map((item) => {
          assert.equal(item.tag, 'CommitState');
          const commit = (item.value as { commit: { contract: Uint8Array; digest: Uint8Array; changes: unknown[] } }).commit;
          return `${hex(commit.contract)}:${hex(commit.digest)}:${commit.changes.length}`;
        }),
      );
    }
    assert.ok(
      commits[0]?.some((c) => c.startsWith(hex(contracts.counter.id))),
      'the callee commits the change like any other',
    );
    assert.deepEqual(commits[0], commits[1], 'both replicas make the same commits');
    // Once the chain records the callee's commit (made at block 10), its writes are no longer pending.
    const [digest] = (commits[0]?.find((c) => c.startsWith(hex(contracts.counter.id))) ?? '').split(':').slice(1);
    const overlay = new Overlay(state);
    Phat.StateCommits.set(overlay, contracts.counter.id, {
      block: 10,
      commandSequence: 0n,
      digest: new Uint8Array(Buffer.from(digest ?? '', 'hex')),
      signer: contractKeys(contracts.counter.seed).identity.publicKey,
      recordedAt: 11,
    });
    state.apply(overlay.changes());
    for (const worker of replicas) {
      await feed(worker, 11, []);
      assert.equal(worker.instances.get(hex(contracts.counter.id))?.state.changed, false, 'nothing left to commit');
    }
  });

  it("a replica without the callee's key does not execute the caller's command: no receipt, the caller waits", async () => {
    const late = new ContractWorker(engine);
    await feed(late, 1, [], ['caller']);
    const egress = await feed(late, 2, [command()]);
    assert.equal(egress.filter((item) => item.tag === 'PushMessage').length, 0, 'no receipt that could differ from the replicas');
    assert.equal(late.instances.has(hex(contracts.caller.id)), false, 'the caller waits for a commit');
  });
});
