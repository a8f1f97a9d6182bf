// Phala's chain extension (pink function ids, SCALE in and out) and terminate, through the real
// host (CallHost over a ContractState): keys checked against contractUserKey and @noble's secp256k1,
// the cache per contract and empty in commands, randomness derived in commands, is_in_transaction,
// what is not supported trapping with its name, and a terminated contract refusing later calls.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blake2_256, contractUserKey, cryptoReady, toSs58, utf8 } from '@phalanx/crypto';
import { bool, bytes, decode, encode, fixedBytes, option, tuple, u8 } from '@phalanx/scale';
import { ContractCache } from '../src/contracts/cache.js';
import { CallHost } from '../src/contracts/call-host.js';
import type { CallKind } from '../src/contracts/engine.js';
import { compileInk } from '../src/contracts/ink/code.js';
import { InkEngine } from '../src/contracts/ink/engine.js';
import { runInk } from '../src/contracts/ink/run.js';
import { ContractState } from '../src/contracts/state.js';
import { fixture, testEnv, wat } from './ink-helpers.js';

const Bytes = bytes(65536);
const seed = new Uint8Array(32).fill(4);
const contract = new Uint8Array(32).fill(2);

/** call: input = func id (u32 LE) ‖ extension input; output = status (u32 LE) ‖ extension output. */
const EXT = wat(`(module
  (import "seal0" "input" (func $input (param i32 i32)))
  (import "seal0" "seal_return" (func $return (param i32 i32 i32)))
  (import "seal0" "call_chain_extension" (func $ext (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 2 16))
  (func (export "deploy"))
  (func (export "call")
    (i32.store (i32.const 60004) (i32.const 16384))
    (call $input (i32.const 4) (i32.const 60004))
    (i32.store (i32.const 60000) (i32.const 16384))
    (i32.store (i32.const 32764)
      (call $ext (i32.load (i32.const 4)) (i32.const 8) (i32.sub (i32.load (i32.const 60004)) (i32.const 4)) (i32.const 32768) (i32.const 60000)))
    (call $return (i32.const 0) (i32.const 32764) (i32.add (i32.load (i32.const 60000)) (i32.const 4)))))`);

function hostFor(kind: CallKind, cache = new ContractCache()) {
  const state = new ContractState({
    contract,
    storageKey: new Uint8Array(32).fill(5),
    storageNameKey: new Uint8Array(32).fill(6),
  });
  const env = { kind, caller: toSs58(new Uint8Array(32).fill(1)), self: toSs58(contract), block: { number: 7, timestamp: 7000 } };
  const host = new CallHost(env, state, seed, kind === 'query' ? { kind: 'real' } : { kind: 'derived', key: seed, position: 3n });
  host.cache = cache;
  return host;
}

async function ext(funcId: number, input: Uint8Array, kind: CallKind = 'query', cache?: ContractCache) {
  const host = hostFor(kind, cache);
  const call = new Uint8Array(4 + input.length);
  new DataView(call.buffer).setUint32(0, funcId, true);
  call.set(input, 4);
  const result = runInk(await compileInk(EXT), {
    entry: 'call',
    input: call,
    env: testEnv({ query: kind === 'query' }),
    storage: host.raw,
    gasLimit: 100_000_000,
    verifySr25519: (key, message, signature) => host.verify(key, message, signature),
    host,
  });
  if (result.kind === 'failed') return { failed: result.message };
  const view = new DataView(result.data.buffer, result.data.byteOffset);
  return { status: view.getUint32(0, true), output: result.data.subarray(4) };
}

const out = async (funcId: number, input: Uint8Array, kind: CallKind = 'query', cache?: ContractCache) => {
  const answer = await ext(funcId, input, kind, cache);
  assert.ok('output' in answer, 'failed' in answer ? answer.failed : '');
  return answer.output as Uint8Array;
};

describe("Phala's chain extension (pink)", () => {
  before(cryptoReady);

  test('derive_sr25519_key and get_public_key are the contract key for the salt; sign and verify (sr25519)', async () => {
    const salt = utf8('a spoon of salt');
    const secret = decode(Bytes, await out(4, encode(Bytes, salt)));
    const expected = contractUserKey(seed, `0x${Buffer.from(salt).toString('hex')}`);
    assert.deepEqual(secret, expected.exportSecret().slice(0, 64));
    const publicKey = decode(Bytes, await out(5, encode(tuple(u8, Bytes), [1, secret])));
    assert.deepEqual(publicKey, expected.publicKey);
    const message = utf8('hello world');
    const signature = decode(Bytes, await out(2, encode(tuple(u8, Bytes, Bytes), [1, secret, message])));
    assert.equal(signature.length, 64);
    assert.equal(decode(bool, await out(3, encode(tuple(u8, Bytes, Bytes, Bytes), [1, publicKey, message, signature]))), true);
    assert.equal(
      decode(bool, await out(3, encode(tuple(u8, Bytes, Bytes, Bytes), [1, publicKey, utf8('Fake'), signature]))),
      false,
    );
    const inCommand = decode(Bytes, await out(2, encode(tuple(u8, Bytes, Bytes), [1, secret, message]), 'tx'));
    assert.equal(inCommand.length, 0, 'no randomized sr25519 signature in a command (as pink)');
  });

  test('ecdsa: sign (blake2_256 of the message) and sign_prehashed check with @noble; verify_prehashed', async () => {
    const key = new Uint8Array(32).fill(7);
    const message = utf8('pay 10');
    const hash = blake2_256(message);
    const signature = decode(Bytes, await out(2, encode(tuple(u8, Bytes, Bytes), [2, key, message]), 'tx'));
    assert.equal(signature.length, 65);
    const publicKey = secp256k1.getPublicKey(key, true);
    assert.ok(secp256k1.verify(signature.subarray(0, 64), hash, publicKey, { prehash: false }));
    const prehashed = decode(fixedBytes(65), await out(13, encode(tuple(Bytes, fixedBytes(32)), [key, hash])));
    assert.deepEqual(prehashed, signature);
    const verify = encode(tuple(fixedBytes(65), fixedBytes(32), fixedBytes(33)), [prehashed, hash, publicKey]);
    assert.equal(decode(bool, await out(14, verify)), true);
    assert.deepEqual(decode(Bytes, await out(5, encode(tuple(u8, Bytes), [2, key]))), publicKey);
  });

  test('the cache: set, get and remove in queries; a command may write it but reads nothing', async () => {
    const cache = new ContractCache();
    const set = await ext(6, encode(tuple(Bytes, Bytes), [utf8('k'), utf8('v')]), 'tx', cache);
    assert.equal('status' in set && set.status, 0);
    assert.equal(decode(option(Bytes), await out(8, encode(Bytes, utf8('k')), 'tx', cache)), undefined);
    assert.deepEqual(decode(option(Bytes), await out(8, encode(Bytes, utf8('k')), 'query', cache)), utf8('v'));
    assert.deepEqual(decode(option(Bytes), await out(9, encode(Bytes, utf8('k')), 'query', cache)), utf8('v'));
    assert.equal(decode(option(Bytes), await out(8, encode(Bytes, utf8('k')), 'query', cache)), undefined);
    assert.equal(cache.set(utf8('big'), new Uint8Array(65 * 1024), 7000), false, 'a value over 64 KiB');
    for (let i = 0; cache.set(utf8(`fill ${i}`), new Uint8Array(60 * 1024), 7000); i++);
    const full = await ext(6, encode(tuple(Bytes, Bytes), [utf8('k'), new Uint8Array(8 * 1024)]), 'query', cache);
    assert.equal('status' in full && full.status, 1, 'StorageQuotaExceeded once the contract holds 1 MiB');
  });

  test('getrandom is derived (the same on every replica) in a command; is_in_transaction; runtime_version', async () => {
    const a = decode(Bytes, await out(11, encode(u8, 16), 'tx'));
    const b = decode(Bytes, await out(11, encode(u8, 16), 'tx'));
    assert.equal(a.length, 16);
    assert.deepEqual(a, b);
    assert.equal(decode(bool, await out(12, new Uint8Array(), 'tx')), true);
    assert.equal(decode(bool, await out(12, new Uint8Array(), 'query')), false);
    assert.equal((await out(21, new Uint8Array())).length, 8);
    assert.equal(decode(bool, await out(19, encode(tuple(fixedBytes(32), bool), [new Uint8Array(32), false]))), false);
  });

  test('what Phalanx lacks traps naming it; another extension id traps', async () => {
    for (const [id, name] of [
      [20, /import_latest_system_code/],
      [1, /http_request/],
      [24, /js_eval/],
    ] as const) {
      const answer = await ext(id, new Uint8Array());
      assert.match('failed' in answer ? answer.failed : '', name);
    }
    assert.match(((await ext(0x10001, new Uint8Array())) as { failed: string }).failed, /chain extension 1 does not exist/);
  });
});

describe('terminate', () => {
  test('a terminated contract ends its call successfully and refuses every call after it', async () => {
    const terminating = wat(`(module
      (import "seal1" "terminate" (func $terminate (param i32)))
      (import "env" "memory" (memory 2 16))
      (func (export "deploy"))
      (func (export "call") (call $terminate (i32.const 0))))`);
    const bundle = JSON.parse(fixture('polkadotjs_ink_v5_flipper.contract.json')) as { source: { wasm: string; hash: string } };
    bundle.source.wasm = `0x${Buffer.from(terminating).toString('hex')}`;
    bundle.source.hash = `0x${Buffer.from(blake2_256(terminating)).toString('hex')}`;
    const session = await new InkEngine().open(JSON.stringify(bundle));
    const host = hostFor('tx');
    const ended = await session.call({ method: 'flip', args: '[]', gasLimit: 50_000_000 }, host);
    assert.equal(ended.ok, true, ended.error);
    const after = await session.call({ method: 'get', args: '[]', gasLimit: 50_000_000 }, host);
    assert.equal(after.ok, false);
    assert.match(after.error, /terminated itself/);
  });
});
