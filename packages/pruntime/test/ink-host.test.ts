// The pallet-contracts host API of the ink! engine, one function at a time through small contracts
// (WAT compiled by wabt), against values computed independently: hashes by node:crypto and
// @polkadot/util-crypto, ECDSA by go-ethereum's published vectors, sr25519 by @phalanx/crypto.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { cryptoReady, devKeypair, verifySignature } from '@phalanx/crypto';
import { blake2AsU8a, keccakAsU8a } from '@polkadot/util-crypto';
import { compileInk } from '../src/contracts/ink/code.js';
import type { InkEnv } from '../src/contracts/ink/host-context.js';
import { runInk } from '../src/contracts/ink/run.js';
import { MemoryStorage, testEnv, wat } from './ink-helpers.js';

/**
 * A contract whose `call` reads its input to address 0 (at most 16 KiB), runs `body` and returns
 * the `outLen` bytes at 32768 (or, with outLen < 0, the length written at 60000 by an output call).
 */
function harness(imports: string, body: string, outLen: number): Uint8Array {
  const ret = outLen >= 0 ? `(i32.const ${outLen})` : '(i32.load (i32.const 60000))';
  return wat(`(module
    (import "seal0" "input" (func $input (param i32 i32)))
    (import "seal0" "seal_return" (func $return (param i32 i32 i32)))
    ${imports}
    (import "env" "memory" (memory 2 16))
    (func (export "deploy"))
    (func (export "call")
      (i32.store (i32.const 60004) (i32.const 16384))
      (call $input (i32.const 0) (i32.const 60004))
      (i32.store (i32.const 60000) (i32.const 4096))
      ${body}
      (call $return (i32.const 0) (i32.const 32768) ${ret})))`);
}

interface Run {
  data: Uint8Array;
  storage: MemoryStorage;
  events: readonly { topics: readonly Uint8Array[]; data: Uint8Array }[];
  debug: string;
}

async function call(
  wasm: Uint8Array,
  input: Uint8Array = new Uint8Array(),
  opts: { storage?: MemoryStorage; env?: Partial<InkEnv> } = {},
): Promise<Run> {
  const storage = opts.storage ?? new MemoryStorage();
  const result = runInk(await compileInk(wasm), {
    entry: 'call',
    input,
    env: testEnv(opts.env),
    storage,
    gasLimit: 100_000_000,
    verifySr25519: (key, message, signature) => verifySignature('sr25519', key, message, signature),
  });
  if (result.kind !== 'returned') throw new assert.AssertionError({ message: `call failed: ${result.message}` });
  return { data: result.data, storage, events: result.events, debug: result.debug };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const u32 = (data: Uint8Array, at = 0) => new DataView(data.buffer, data.byteOffset).getUint32(at, true);

describe('ink! host API', () => {
  before(cryptoReady);

  test('the hash functions match node:crypto and @polkadot/util-crypto', async () => {
    const message = new Uint8Array(Buffer.from('The quick brown fox jumps over the lazy dog'));
    const expect: Record<string, [number, Uint8Array]> = {
      hash_sha2_256: [32, new Uint8Array(createHash('sha256').update(message).digest())],
      hash_keccak_256: [32, keccakAsU8a(message, 256)],
      hash_blake2_256: [32, blake2AsU8a(message, 256)],
      hash_blake2_128: [16, blake2AsU8a(message, 128)],
    };
    for (const [name, [size, digest]] of Object.entries(expect)) {
      const imports = `(import "seal0" "${name}" (func $h (param i32 i32 i32)))`;
      const body = '(call $h (i32.const 0) (i32.load (i32.const 60004)) (i32.const 32768))';
      const { data } = await call(harness(imports, body, size), message);
      assert.equal(hex(data), hex(digest), name);
    }
  });

  test('storage: set, get, contains, clear and take, with fixed and variable keys apart', async () => {
    const imports = `
      (import "seal2" "set_storage" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "seal1" "get_storage" (func $get (param i32 i32 i32 i32) (result i32)))
      (import "seal1" "contains_storage" (func $has (param i32 i32) (result i32)))
      (import "seal1" "clear_storage" (func $clear (param i32 i32) (result i32)))
      (import "seal0" "take_storage" (func $take (param i32 i32 i32 i32) (result i32)))
      (import "seal0" "get_storage" (func $get0 (param i32 i32 i32) (result i32)))`;
    // input: a 4-byte key then a value; results as u32s at 32768…
    const body = `
      (i32.store (i32.const 32768) (call $set (i32.const 0) (i32.const 4) (i32.const 4) (i32.sub (i32.load (i32.const 60004)) (i32.const 4))))
      (i32.store (i32.const 32772) (call $set (i32.const 0) (i32.const 4) (i32.const 4) (i32.const 3)))
      (i32.store (i32.const 32776) (call $has (i32.const 0) (i32.const 4)))
      (i32.store (i32.const 32780) (call $get (i32.const 0) (i32.const 4) (i32.const 32800) (i32.const 60000)))
      (i32.store (i32.const 32784) (call $get0 (i32.const 0) (i32.const 32900) (i32.const 60000)))
      (i32.store (i32.const 32788) (call $take (i32.const 0) (i32.const 4) (i32.const 32810) (i32.const 60000)))
      (i32.store (i32.const 32792) (call $clear (i32.const 0) (i32.const 4)))
      (i32.store (i32.const 32796) (call $has (i32.const 0) (i32.const 4)))`;
    const { data, storage } = await call(harness(imports, body, 48), bytes('0a0b0c0d11223344556677'));
    const words = Array.from({ length: 8 }, (_, i) => u32(data, 4 * i));
    // set → no old value (u32::MAX); set again → old length 7; contains → 3; get → found (0);
    // the seal0 fixed 32-byte key is another entry → KeyNotFound (3); take → found; clear → none left; contains → none
    assert.deepEqual(words, [0xffffffff, 7, 3, 0, 3, 0, 0xffffffff, 0xffffffff]);
    assert.equal(hex(data.subarray(32, 35)), '112233', 'get wrote the value');
    assert.equal(hex(data.subarray(42, 45)), '112233', 'take wrote the value');
    assert.equal(storage.entries.size, 0, 'take removed it');
  });

  test('environment values: caller, address, block number, now, balances, gas, fees', async () => {
    const names = [
      'caller',
      'address',
      'block_number',
      'now',
      'value_transferred',
      'balance',
      'minimum_balance',
      'own_code_hash',
      'gas_left',
    ];
    const env = testEnv({ caller: new Uint8Array(32).fill(9), blockNumber: 0x01020304, timestamp: 0x0102030405 });
    const expected: Record<string, string> = {
      caller: '09'.repeat(32),
      address: hex(env.address),
      block_number: '04030201',
      now: '0504030201000000',
      value_transferred: '00'.repeat(16),
      balance: '00'.repeat(16),
      minimum_balance: '00'.repeat(16),
      own_code_hash: hex(env.codeHash),
    };
    for (const name of names) {
      const imports = `(import "seal0" "${name}" (func $f (param i32 i32)))`;
      const { data } = await call(harness(imports, '(call $f (i32.const 32768) (i32.const 60000))', -1), undefined, { env });
      if (name === 'gas_left') {
        const left = new DataView(data.buffer, data.byteOffset).getBigUint64(0, true);
        assert.ok(left > 0n && left < 100_000_000n, 'gas left is below the limit and above zero');
      } else assert.equal(hex(data), expected[name], name);
    }
    const fee = await call(
      harness(
        '(import "seal0" "weight_to_fee" (func $f (param i64 i32 i32)))',
        '(call $f (i64.const 1000) (i32.const 32768) (i32.const 60000))',
        -1,
      ),
    );
    assert.equal(hex(fee.data), `d0070000${'00'.repeat(12)}`, '1000 gas at gas price 2 is 2000 (u128)');
  });

  test('an output buffer too small traps, as in pallet-contracts', async () => {
    const imports = '(import "seal0" "caller" (func $f (param i32 i32)))';
    const wasm = harness(
      imports,
      '(i32.store (i32.const 60000) (i32.const 31)) (call $f (i32.const 32768) (i32.const 60000))',
      -1,
    );
    const result = runInk(await compileInk(wasm), {
      entry: 'call',
      input: new Uint8Array(),
      env: testEnv(),
      storage: new MemoryStorage(),
      gasLimit: 10_000_000,
      verifySr25519: () => false,
    });
    assert.equal(result.kind === 'failed' && result.reason, 'memory');
  });

  test('deposit_event captures topics and data; debug messages are captured, not logged', async () => {
    const imports = `(import "seal0" "deposit_event" (func $e (param i32 i32 i32 i32)))
      (import "seal0" "debug_message" (func $d (param i32 i32) (result i32)))`;
    // input: SCALE Vec of two topics (1 + 64 bytes) then the data (3 bytes); then "hi" as a debug message
    const body =
      '(call $e (i32.const 0) (i32.const 65) (i32.const 65) (i32.const 3)) (drop (call $d (i32.const 68) (i32.const 2)))';
    const input = bytes(`08${'aa'.repeat(32)}${'bb'.repeat(32)}010203${Buffer.from('hi').toString('hex')}`);
    const { events, debug } = await call(harness(imports, body, 0), input);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.topics.map(hex), ['aa'.repeat(32), 'bb'.repeat(32)]);
    assert.equal(hex(events[0]?.data as Uint8Array), '010203');
    assert.equal(debug, 'hi');
  });

  test('events beyond what a receipt carries fail the call', async () => {
    const imports = '(import "seal0" "deposit_event" (func $e (param i32 i32 i32 i32)))';
    const body = '(loop $l (call $e (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1)) (br $l))';
    const result = runInk(await compileInk(harness(imports, body, 0)), {
      entry: 'call',
      input: new Uint8Array(),
      env: testEnv(),
      storage: new MemoryStorage(),
      gasLimit: 100_000_000,
      verifySr25519: () => false,
    });
    assert.equal(result.kind === 'failed' && result.reason, 'limit');
    assert.match(result.kind === 'failed' ? result.message : '', /at most 64 events/);
  });

  test("ecdsa_recover and ecdsa_to_eth_address match go-ethereum's vectors", async () => {
    // go-ethereum crypto/crypto_test.go: testmsg, testsig (r ‖ s ‖ v), testpubkey (uncompressed)
    const msg = 'ce0677bb30baa8cf067c88db9811f4333d131bf8bcf12fe7065d211dce971008';
    const sig =
      '90f27b8b488db00b00606796d2987f6a5f59ae62ea05effe84fef5b8b0e549984a691139ad57a3f0b906637673aa2f63d1f55cb1a69199d4009eea23ceaddc9301';
    const pub =
      'e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a0a2b2667f7e725ceea70c673093bf67663e0312623c8e091b13cf2c0f11ef652';
    const compressed = `${Number.parseInt(pub.slice(-2), 16) % 2 === 0 ? '02' : '03'}${pub.slice(0, 64)}`;
    const recover = '(import "seal0" "ecdsa_recover" (func $r (param i32 i32 i32) (result i32)))';
    const body = '(i32.store (i32.const 32801) (call $r (i32.const 0) (i32.const 65) (i32.const 32768)))';
    const ok = await call(harness(recover, body, 34), bytes(sig + msg));
    assert.equal(hex(ok.data), `${compressed}00`);
    const bad = await call(harness(recover, body, 34), bytes(`${sig.slice(0, -2)}07${msg}`));
    assert.equal(bad.data[33], 11, 'an impossible recovery id: EcdsaRecoveryFailed');
    // the key of secret 1 is the generator; its address is well known
    const toEth = '(import "seal0" "ecdsa_to_eth_address" (func $a (param i32 i32) (result i32)))';
    const g = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
    const eth = await call(harness(toEth, '(drop (call $a (i32.const 0) (i32.const 32768)))', 20), bytes(g));
    assert.equal(hex(eth.data), '7e5f4552091a69125d5dfcb7b8c2659029395bdf');
  });

  test('sr25519_verify accepts a real signature and refuses an altered one', async () => {
    const pair = devKeypair('Alice');
    const message = new Uint8Array(Buffer.from('phalanx ink!'));
    const signature = pair.sign(message);
    const imports = '(import "seal0" "sr25519_verify" (func $v (param i32 i32 i32 i32) (result i32)))';
    const body = '(i32.store (i32.const 32768) (call $v (i32.const 0) (i32.const 64) (i32.const 12) (i32.const 96)))';
    const input = (sig: Uint8Array) => new Uint8Array([...sig, ...pair.publicKey, ...message]);
    assert.equal((await call(harness(imports, body, 1), input(signature))).data[0], 0);
    const altered = signature.slice();
    altered[0] = (altered[0] as number) ^ 1;
    assert.equal((await call(harness(imports, body, 1), input(altered))).data[0], 12, 'Sr25519VerifyFailed');
  });

  test('what a confidential contract cannot do returns its documented code or fails cleanly', async () => {
    const runtime = '(import "seal0" "call_runtime" (func $c (param i32 i32) (result i32)))';
    const r = await call(harness(runtime, '(i32.store (i32.const 32768) (call $c (i32.const 0) (i32.const 0)))', 1));
    assert.equal(r.data[0], 10, 'CallRuntimeFailed');
    const transfer = '(import "seal0" "transfer" (func $t (param i32 i32 i32 i32) (result i32)))';
    const body = '(i32.store (i32.const 32768) (call $t (i32.const 0) (i32.const 32) (i32.const 32) (i32.const 16)))';
    assert.equal((await call(harness(transfer, body, 1), new Uint8Array(48))).data[0], 0, 'a transfer of 0 changes nothing');
    const value = new Uint8Array(48);
    value[32] = 1;
    assert.equal((await call(harness(transfer, body, 1), value)).data[0], 5, 'TransferFailed');
    const callImport = '(import "seal1" "call" (func $c (param i32 i32 i64 i32 i32 i32 i32 i32) (result i32)))';
    const cross = harness(
      callImport,
      '(i32.store (i32.const 32768) (call $c (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))',
      1,
    );
    assert.equal((await call(cross)).data[0], 8, 'NotCallable where no contract can be reached');
    const instantiate =
      '(import "seal1" "instantiate" (func $i (param i32 i64 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))';
    const deploy = harness(
      instantiate,
      '(drop (call $i (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))',
      0,
    );
    const result = runInk(await compileInk(deploy), {
      entry: 'call',
      input: new Uint8Array(),
      env: testEnv(),
      storage: new MemoryStorage(),
      gasLimit: 10_000_000,
      verifySr25519: () => false,
    });
    assert.equal(result.kind === 'failed' && result.reason, 'unsupported');
    assert.match(result.kind === 'failed' ? result.message : '', /not supported yet/);
    assert.equal(result.kind === 'failed' && result.reason, 'unsupported');
  });
});
