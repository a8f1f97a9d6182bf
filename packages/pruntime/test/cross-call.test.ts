// Cross-contract calls through the real instances, engines and directory: JS → JS, JS → ink!,
// ink! → ink! (seal1.call with FORWARD_INPUT from a hand-written proxy) and delegate_call; writes of
// a callee applied with its caller's call only, a failed callee rolling back, NotCallable across
// clusters, the depth limit, no reentrancy, and a callee this worker does not run being a fault
// (the worker makes the caller wait), never a receipt.
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
import { openReceipt, sealCommand, sealInitArgs } from '@phalanx/primitives';
import { type CommandMessage, MapState, Overlay, Phat } from '@phalanx/runtime';
import { CROSS_CALL_LIMITS, isCalleeUnavailable } from '../src/contracts/cross-call.js';
import { CallDirectory } from '../src/contracts/directory.js';
import { EngineRouter } from '../src/contracts/engine-router.js';
import { InkEngine } from '../src/contracts/ink/engine.js';
import { ContractInstance } from '../src/contracts/instance.js';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { fixture, wat } from './ink-helpers.js';

const FLIPPER = fixture('polkadotjs_ink_v5_flipper.contract.json');
const CLUSTER = new Uint8Array(32).fill(9);
const OTHER_CLUSTER = new Uint8Array(32).fill(8);

const COUNTER = `export default {
  init(ctx) { ctx.storage.set('n', 0); },
  tx: {
    inc(ctx, by) { const n = ctx.storage.get('n') + by; ctx.storage.set('n', n); ctx.emit('Inc', { by, caller: ctx.caller }); return n; },
    boom(ctx) { ctx.storage.set('n', -1); throw new Error('boom'); },
  },
  query: { get(ctx) { return ctx.storage.get('n'); } },
};`;

const CALLER = `export default {
  tx: {
    async inc(ctx, target, by) { const n = await ctx.call(target, 'inc', [by]); ctx.storage.set('last', n); return n; },
    async incThenFail(ctx, target) { await ctx.call(target, 'inc', [1]); throw new Error('caller failed'); },
    async tryBoom(ctx, target) {
      try { await ctx.call(target, 'boom', []); return 'no error'; } catch (e) { ctx.storage.set('seen', e.name); return e.name + ': ' + e.message; }
    },
    async tryCall(ctx, target, method) {
      try { return await ctx.call(target, method, []); } catch (e) { return e.name; }
    },
    async relay(ctx, hops) {
      if (hops.length === 0) return 0;
      return 1 + (await ctx.call(hops[0], 'relay', [hops.slice(1)]));
    },
    async flip(ctx, flipper) { await ctx.call(flipper, 'flip', []); return ctx.call(flipper, 'get', []); },
  },
  query: { async peek(ctx, target) { return ctx.call(target, 'get', []); } },
};`;

/** An ink!-style proxy: its `call` forwards its whole input to the contract at offset 0 and returns the callee's output. */
const SEAL_CALLS = {
  seal1: {
    import: '(import "seal1" "call" (func $call (param i32 i32 i64 i32 i32 i32 i32 i32) (result i32)))',
    call: '(call $call (i32.const 1) (i32.const 0) (i64.const 0) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 128) (i32.const 96))',
  },
  seal2: {
    import: '(import "seal2" "call" (func $call (param i32 i32 i64 i64 i32 i32 i32 i32 i32 i32) (result i32)))',
    call: '(call $call (i32.const 1) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const -1) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 128) (i32.const 96))',
  },
} as const;

function proxyBundle(callee: Uint8Array, version: keyof typeof SEAL_CALLS = 'seal1'): string {
  const bytes = [...callee].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  const wasm = wat(`(module
    ${SEAL_CALLS[version].import}
    (import "seal0" "seal_return" (func $return (param i32 i32 i32)))
    (import "env" "memory" (memory 2 16))
    (data (i32.const 0) "${bytes}")
    (data (i32.const 64) "\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00")
    (data (i32.const 96) "\\00\\10\\00\\00")
    (func (export "deploy"))
    (func (export "call") (local $code i32)
      (local.set $code ${SEAL_CALLS[version].call})
      (if (i32.eqz (local.get $code))
        (then (call $return (i32.const 0) (i32.const 128) (i32.load (i32.const 96)))))
      (i32.store (i32.const 0) (local.get $code))
      (call $return (i32.const 1) (i32.const 0) (i32.const 4))))`);
  return withWasm(wasm);
}

/** An ink!-style contract that keeps flipper's storage layout (root key 0x00000000) and runs flipper's code by delegate_call. */
function delegatingBundle(codeHash: Uint8Array): string {
  const bytes = [...codeHash].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  const wasm = wat(`(module
    (import "seal0" "delegate_call" (func $delegate (param i32 i32 i32 i32 i32 i32) (result i32)))
    (import "seal2" "set_storage" (func $set (param i32 i32 i32 i32) (result i32)))
    (import "seal0" "seal_return" (func $return (param i32 i32 i32)))
    (import "env" "memory" (memory 2 16))
    (data (i32.const 0) "${bytes}")
    (data (i32.const 96) "\\00\\10\\00\\00")
    (data (i32.const 101) "\\01")
    (func (export "deploy") (drop (call $set (i32.const 64) (i32.const 4) (i32.const 101) (i32.const 1))))
    (func (export "call") (local $code i32)
      (local.set $code (call $delegate (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 128) (i32.const 96)))
      (if (i32.eqz (local.get $code))
        (then (call $return (i32.const 0) (i32.const 128) (i32.load (i32.const 96)))))
      (i32.store (i32.const 0) (local.get $code))
      (call $return (i32.const 1) (i32.const 0) (i32.const 4))))`);
  return withWasm(wasm);
}

function withWasm(wasm: Uint8Array): string {
  const bundle = JSON.parse(FLIPPER) as { source: { wasm: string; hash: string } };
  bundle.source.wasm = `0x${Buffer.from(wasm).toString('hex')}`;
  bundle.source.hash = `0x${Buffer.from(blake2_256(wasm)).toString('hex')}`;
  return JSON.stringify(bundle);
}

describe('cross-contract calls', () => {
  let engine: EngineRouter;
  let session: Sr25519Keypair;
  const alice = () => devKeypair('Alice').publicKey;
  const chain = new MapState();
  const instances = new Map<string, ContractInstance>();
  const directory = new CallDirectory(instances);
  const sequences = new Map<string, bigint>();
  const idOf = (name: string) => blake2_256(utf8(`contract ${name}`));

  function deploy(name: string, code: string, cluster = CLUSTER): ContractInstance {
    const id = idOf(name);
    const seed = blake2_256(utf8(`seed ${name}`));
    const overlay = new Overlay(chain);
    const codeHash = blake2_256(utf8(code));
    Phat.Codes.set(overlay, codeHash, utf8(code));
    const keys = contractKeys(seed);
    Phat.Contracts.set(overlay, id, {
      info: {
        id,
        clusterId: cluster,
        deployer: alice(),
        codeHash,
        salt: new Uint8Array(),
        publicKeys: { identityPubkey: keys.identity.publicKey, ecdhPubkey: keys.ecdh.publicKey },
      },
      instantiatedAt: 1,
      deployedAt: 1,
      workers: [],
      initArgs: undefined,
    });
    Phat.ClusterContracts.set(overlay, cluster, [...(Phat.ClusterContracts.get(overlay, cluster) ?? []), id]);
    chain.apply(overlay.changes());
    const instance = new ContractInstance(id, seed, code);
    instance.directory = directory;
    instance.initialized = true;
    instances.set(Buffer.from(id).toString('hex'), instance);
    return instance;
  }

  async function tx(instance: ContractInstance, method: string, args: unknown[], gasLimit = 800_000_000n) {
    const key = Buffer.from(instance.id).toString('hex');
    const sequence = sequences.get(key) ?? 0n;
    sequences.set(key, sequence + 1n);
    const envelope = sealCommand(session, instance.keys.ecdh.publicKey, instance.id, alice(), {
      method,
      args: JSON.stringify(args),
      nonce: Number(sequence),
    });
    const message: CommandMessage = {
      contract: instance.id,
      sender: alice(),
      sequence,
      txNonce: Number(sequence),
      gasLimit,
      envelope,
    };
    const receipt = await instance.command(engine, message, { number: 5, timestamp: 5000 });
    assert.ok(receipt !== undefined);
    return openReceipt(session, receipt.receipt, instance.id, sequence);
  }

  const queryRequest = (method: string, args: unknown[]) => ({
    caller: { tag: 'Sr25519' as const, value: alice() },
    method,
    args: utf8(JSON.stringify(args)),
  });

  async function query(instance: ContractInstance, method: string, args: unknown[] = []) {
    const answer = await instance.query(engine, queryRequest(method, args) as never, { number: 5, timestamp: 5000 }, undefined);
    return answer.ok ? JSON.parse(Buffer.from(answer.result).toString('utf8')) : { error: answer.error };
  }

  let counter: ContractInstance;
  let caller: ContractInstance;
  let flipper: ContractInstance;

  before(async () => {
    await cryptoReady();
    engine = new EngineRouter(await QuickJsEngine.create(), new InkEngine());
    session = generateKeypair('sr25519') as Sr25519Keypair;
    counter = deploy('counter', COUNTER);
    caller = deploy('caller', CALLER);
    flipper = deploy('flipper', FLIPPER);
    directory.at(chain);
    directory.live = true;
    for (const instance of [counter, flipper]) {
      instance.initialized = false;
      const args = instance === flipper ? '[false]' : '[]';
      const sealed = sealInitArgs(instance.keys.ecdh, instance.id, utf8(args), new Uint8Array(12));
      await instance.init(engine, alice(), sealed, undefined, { number: 1, timestamp: 1000 });
    }
  });

  it('a JS contract calls another: the callee writes its own state, sees the caller, its events reach the receipt', async () => {
    const receipt = await tx(caller, 'inc', [toSs58(counter.id), 5]);
    assert.equal(receipt.ok, true, receipt.error);
    assert.equal(receipt.result, '5');
    assert.deepEqual(
      receipt.events.map((e) => [e.name, JSON.parse(e.data)]),
      [['Inc', { by: 5, caller: toSs58(caller.id) }]],
    );
    assert.equal(await query(counter, 'get'), 5);
    assert.ok(counter.state.changed, 'the callee has state to commit');
    assert.equal(await query(caller, 'peek', [toSs58(counter.id)]), 5, 'a query may call too');
  });

  it('is atomic: a failing caller rolls back its callee, a failing callee is a catchable CalleeTrapped', async () => {
    const failed = await tx(caller, 'incThenFail', [toSs58(counter.id)]);
    assert.equal(failed.ok, false);
    assert.equal(await query(counter, 'get'), 5, 'the callee write was rolled back');
    const caught = await tx(caller, 'tryBoom', [toSs58(counter.id)]);
    assert.equal(caught.ok, true, caught.error);
    assert.match(caught.result, /CalleeTrapped: boom/);
    assert.equal(await query(counter, 'get'), 5, 'the trapped callee changed nothing');
  });

  it('a contract of another cluster, or no contract at all, is NotCallable; a contract cannot call itself', async () => {
    const other = deploy('other', COUNTER, OTHER_CLUSTER);
    assert.equal((await tx(caller, 'tryCall', [toSs58(other.id), 'inc'])).result, '"NotCallable"');
    assert.equal((await tx(caller, 'tryCall', [toSs58(new Uint8Array(32).fill(5)), 'inc'])).result, '"NotCallable"');
    assert.equal((await tx(caller, 'tryCall', [toSs58(caller.id), 'inc'])).result, '"NotCallable"');
  });

  it(`calls nest at most ${CROSS_CALL_LIMITS.depth} deep, and never re-enter a contract on the stack`, async () => {
    const relays = Array.from({ length: CROSS_CALL_LIMITS.depth + 1 }, (_, i) => deploy(`relay ${i}`, CALLER));
    const hops = relays.map((r) => toSs58(r.id));
    const within = await tx(caller, 'relay', [hops.slice(0, CROSS_CALL_LIMITS.depth)]);
    assert.equal(within.result, String(CROSS_CALL_LIMITS.depth), within.error);
    const deeper = await tx(caller, 'relay', [hops]);
    assert.equal(deeper.ok, false);
    assert.match(deeper.error, /CalleeTrapped|nest at most/);
    const reentry = await tx(caller, 'relay', [[hops[0], toSs58(caller.id)]]);
    assert.equal(reentry.ok, false);
  });

  it("gas is shared: the callee's gas is charged to the caller, within the caller's limit", async () => {
    const direct = await tx(counter, 'inc', [0]);
    const through = await tx(caller, 'inc', [toSs58(counter.id), 0]);
    assert.equal(through.ok, true, through.error);
    assert.ok(through.gasUsed > direct.gasUsed + 5_000_000n, `${through.gasUsed} > ${direct.gasUsed} + the call's price`);
    const starved = await tx(caller, 'inc', [toSs58(counter.id), 1], 6_000_000n);
    assert.equal(starved.ok, false);
    assert.equal(starved.gasUsed, 6_000_000n, 'the limit, no more');
    assert.equal(await query(counter, 'get'), 5);
  });

  it('a JS contract calls an ink! contract by its metadata labels', async () => {
    const receipt = await tx(caller, 'flip', [toSs58(flipper.id)]);
    assert.equal(receipt.ok, true, receipt.error);
    assert.equal(receipt.result, 'true');
    assert.equal(await query(flipper, 'get'), true);
  });

  it('an ink! contract calls an ink! contract (seal1.call, FORWARD_INPUT) with its caller address', async () => {
    const proxy = deploy('proxy', proxyBundle(flipper.id));
    const flipped = await tx(proxy, 'flip', []);
    assert.equal(flipped.ok, true, flipped.error);
    assert.equal(await query(flipper, 'get'), false, 'the callee flipped back');
    assert.equal(await query(proxy, 'get'), false, 'the proxy returns the callee output');
    const proxy2 = deploy('proxy seal2', proxyBundle(flipper.id, 'seal2'));
    assert.equal((await tx(proxy2, 'flip', [])).ok, true);
    assert.equal(await query(proxy2, 'get'), true, 'seal2.call reaches the callee too');
    const stranger = deploy('proxy to nobody', proxyBundle(new Uint8Array(32).fill(4)));
    const refused = await tx(stranger, 'get', []);
    assert.equal(refused.ok, false);
    assert.match(refused.error, /08000000/, 'the proxy reverted with NotCallable (8)');
  });

  it("delegate_call runs another contract's code (by its code hash) on the caller's own storage", async () => {
    const { parseBundle } = await import('../src/contracts/ink/bundle.js');
    const delegating = deploy('delegating', delegatingBundle(parseBundle(FLIPPER).codeHash));
    delegating.initialized = false;
    const sealed = sealInitArgs(delegating.keys.ecdh, delegating.id, utf8('[true]'), new Uint8Array(12));
    await delegating.init(engine, alice(), sealed, undefined, { number: 1, timestamp: 1000 });
    const before = await query(flipper, 'get');
    assert.equal(await query(delegating, 'get'), true);
    const flipped = await tx(delegating, 'flip', []);
    assert.equal(flipped.ok, true, flipped.error);
    assert.equal(await query(delegating, 'get'), false, "the caller's own storage flipped");
    assert.equal(await query(flipper, 'get'), before, "the code's own contract is untouched");
    const unknown = deploy('delegating to nothing', delegatingBundle(new Uint8Array(32).fill(6)));
    assert.match((await tx(unknown, 'get', [])).error, /08000000/, 'NotCallable: no such code in the cluster');
  });

  it('a callee the chain lists but this worker does not run makes the call a fault, not a receipt', async () => {
    directory.live = false;
    try {
      await assert.rejects(() => tx(caller, 'inc', [toSs58(counter.id), 1]), isCalleeUnavailable);
      assert.equal(await query(caller, 'peek', [toSs58(counter.id)]), 5, 'queries between blocks still call');
    } finally {
      directory.live = true;
    }
    assert.equal(await query(counter, 'get'), 5);
  });
});
