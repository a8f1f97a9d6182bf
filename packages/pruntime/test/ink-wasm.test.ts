// ink! code: bundle parsing, validation (what pallet-contracts refuses and what determinism needs),
// gas and stack instrumentation, and hostile modules failing with typed errors and gas charged.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { isPhalanxError } from '@phalanx/errors';
import { parseBundle } from '../src/contracts/ink/bundle.js';
import { compileInk, instrumentInk } from '../src/contracts/ink/code.js';
import { runInk } from '../src/contracts/ink/run.js';
import { validateInkModule } from '../src/contracts/ink/validate.js';
import { instrumentForGas, instrumentForStack } from '../src/wasm/index.js';
import { FIXTURES, fixture, fixtureWasm, MemoryStorage, testEnv, wat } from './ink-helpers.js';

const MEMORY = '(import "env" "memory" (memory 2 16))';
const contract = (body: string, imports = '') => wat(`(module ${imports} ${MEMORY} ${body} (func (export "deploy")) )`);

async function run(wasm: Uint8Array, gasLimit = 10_000_000) {
  const code = await compileInk(wasm);
  return runInk(code, {
    entry: 'call',
    input: new Uint8Array(),
    env: testEnv(),
    storage: new MemoryStorage(),
    gasLimit,
    verifySr25519: () => false,
  });
}

function refused(wasm: Uint8Array, pattern: RegExp) {
  assert.throws(
    () => validateInkModule(wasm),
    (error: unknown) => isPhalanxError(error, 'WASM_INVALID') && pattern.test(error.message),
  );
}

describe('ink! bundles', () => {
  const bundles = readdirSync(FIXTURES).filter((name) => name.includes('.contract'));

  test('every fixture parses, validates, instruments and compiles', async () => {
    assert.ok(bundles.length >= 9, `fixtures in ${FIXTURES}`);
    for (const name of bundles) {
      const bundle = parseBundle(fixture(name));
      assert.ok(bundle.ink === 4 || bundle.ink === 5, name);
      const code = await compileInk(bundle.wasm);
      assert.deepEqual(code.codeHash, bundle.codeHash, name);
      assert.deepEqual(code.info.memory, { initial: 2, maximum: 16 }, name);
    }
  });

  test('a bundle whose hash does not match its wasm, or of another ink! version, is refused', () => {
    const json = JSON.parse(fixture('polkadotjs_ink_v5_flipper.contract.json'));
    const tampered = { ...json, source: { ...json.source, hash: `0x${'00'.repeat(32)}` } };
    assert.throws(() => parseBundle(JSON.stringify(tampered)), /does not match the wasm/);
    const ink6 = { ...json, source: { ...json.source, language: 'ink! 6.0.0' } };
    assert.throws(() => parseBundle(JSON.stringify(ink6)), /ink! 6 \(PolkaVM\)/);
    assert.throws(
      () => parseBundle('{'),
      (e: unknown) => isPhalanxError(e, 'INVALID_INPUT'),
    );
  });

  test('the compiled module is cached per code hash', async () => {
    const wasm = fixtureWasm('smartbench_ink4_flipper.contract');
    assert.equal(await compileInk(wasm), await compileInk(wasm.slice()));
  });

  test('instrumentation is deterministic', () => {
    const wasm = fixtureWasm('polkadotjs_ink_v4_erc20.contract.json');
    assert.deepEqual(instrumentInk(wasm).bytes, instrumentInk(wasm.slice()).bytes);
  });
});

describe('ink! validation refuses', () => {
  test('a floating-point instruction, local or signature', () => {
    refused(contract('(func (export "call") f32.const 1 drop)'), /floating-point instruction/);
    refused(contract('(func (export "call") (local f64))'), /floating point/);
    refused(contract('(func $f (param f32)) (func (export "call"))'), /type \d+ uses floating point/);
  });

  test('an unknown import, a wrong signature, a table or global import', () => {
    refused(contract('(func (export "call"))', '(import "seal0" "bogus" (func))'), /seal0\.bogus, which is not a supported/);
    refused(contract('(func (export "call"))', '(import "env" "gas" (func (param i32)))'), /env\.gas/);
    refused(
      contract('(func (export "call"))', '(import "seal0" "input" (func (param i32)))'),
      /seal0\.input with signature \(i:\); the host function is \(ii:\)/,
    );
    refused(contract('(func (export "call"))', '(import "env" "g" (global i32))'), /imports a global/);
  });

  test('memory beyond the page limit, without a maximum, or of its own', () => {
    refused(wat('(module (import "env" "memory" (memory 1 17)) (func (export "call")) (func (export "deploy")))'), /16 pages/);
    refused(wat('(module (import "env" "memory" (memory 1)) (func (export "call")) (func (export "deploy")))'), /no maximum/);
    refused(wat('(module (memory 1 2) (func (export "call")) (func (export "deploy")))'), /its own memory/);
  });

  test('a start function, other exports, missing entry points', () => {
    refused(contract('(func $s) (start $s) (func (export "call"))'), /start function/);
    refused(contract('(func (export "call")) (func (export "other"))'), /exports "other"/);
    refused(wat(`(module ${MEMORY} (func (export "call")))`), /does not export deploy/);
  });

  test('tables that could grow, reference types, table instructions, extended constants, odd alignment, multi-value', () => {
    // Unmetered by size and version-dependent in V8: a table.fill loop or a table.grow bomb would cost no gas.
    refused(contract('(table 1 funcref) (func (export "call"))'), /no maximum size/);
    refused(contract('(table 1 1 funcref) (table 1 1 funcref) (func (export "call"))'), /at most one/);
    refused(contract('(table 1 1 externref) (func (export "call"))'), /not a table of functions/);
    refused(
      contract('(table 1 10 funcref) (func (export "call") (drop (table.grow (ref.null func) (i32.const 1))))'),
      /uses (ref.null|table.grow)/,
    );
    refused(
      contract('(table 1 10 funcref) (func (export "call") (table.fill (i32.const 0) (ref.null func) (i32.const 1)))'),
      /uses/,
    );
    refused(contract('(table 1 10 funcref) (func (export "call") (drop (table.size)))'), /uses table.size/);
    // wabt cannot write extended constants: patch `i32.const 1` into `i32.const 1 i32.const 2 i32.add`.
    const plain = contract('(global i32 (i32.const 1)) (func (export "call"))');
    const at = plain.findIndex((b, i) => b === 0x06 && plain[i + 2] === 0x01 && plain[i + 3] === 0x7f && plain[i + 5] === 0x41);
    assert.ok(at > 0, 'found the global section');
    const extended = new Uint8Array([
      ...plain.slice(0, at),
      0x06,
      (plain[at + 1] as number) + 3,
      ...plain.slice(at + 2, at + 7),
      0x41,
      0x02,
      0x6a,
      ...plain.slice(at + 7),
    ]);
    refused(extended, /extended constant/);
    // wabt refuses over-natural alignment too: patch `i32.load align=4` (memarg 02) into align 2^4 (04).
    const load = contract('(func (export "call") (drop (i32.load (i32.const 0))))');
    const op = load.findIndex((b, i) => b === 0x28 && load[i + 1] === 0x02 && load[i + 2] === 0x00);
    assert.ok(op > 0, 'found the load');
    refused(new Uint8Array([...load.slice(0, op + 1), 0x04, ...load.slice(op + 2)]), /alignment/);
    refused(
      wat(
        `(module ${MEMORY} (func $two (result i32 i32) (i32.const 1) (i32.const 2)) (func (export "call")) (func (export "deploy")))`,
        {
          multi_value: true,
        },
      ),
      /several values/,
    );
  });

  test('code over the size limit', () => {
    refused(new Uint8Array(300 * 1024), /more than the 262144 allowed/);
  });
});

describe('hostile ink! code fails with a typed reason and gas charged', () => {
  test('an infinite loop runs out of gas, charged its whole limit', async () => {
    const result = await run(contract('(func (export "call") (loop br 0))'), 5_000_000);
    assert.equal(result.kind, 'failed');
    assert.equal(result.kind === 'failed' && result.reason, 'gas');
    assert.equal(result.gasUsed, 5_000_000);
  });

  test('a recursion bomb hits the deterministic stack limit, the same way every time', async () => {
    const bombs = [
      '(func $f call $f) (func (export "call") call $f)',
      // big frames: many locals and a deep operand stack per call
      `(func $f (local ${'i64 '.repeat(200)}) ${'i64.const 1 '.repeat(100)} call $f ${'drop '.repeat(100)}) (func (export "call") call $f)`,
      // many parameters: the shape V8 overflows soonest on (about 11 bytes of machine stack per unit)
      `(func $f (param ${'i64 '.repeat(100)}) ${'local.get 0 '.repeat(100)} call $f) (func (export "call") ${'i64.const 0 '.repeat(100)} call $f)`,
      // through a table (call_indirect enters by the thunk)
      '(type $t (func)) (table 1 1 funcref) (elem (i32.const 0) $f) (func $f (call_indirect (type $t) (i32.const 0))) (func (export "call") call $f)',
    ];
    for (const bomb of bombs) {
      const first = await run(contract(bomb), 1_000_000_000);
      const second = await run(contract(bomb), 1_000_000_000);
      assert.equal(first.kind === 'failed' && first.reason, 'stack', bomb.slice(0, 40));
      assert.match(first.kind === 'failed' ? first.message : '', /deeper than the stack limit/, 'the count, not V8, stopped it');
      assert.ok(first.gasUsed > 0 && first.gasUsed < 1_000_000_000);
      assert.equal(first.gasUsed, second.gasUsed, 'the same depth every time');
    }
  });

  test('memory growth past the limit fails (memory.grow returns -1), the memory unchanged', async () => {
    const grow = '(func (export "call") (if (i32.eq (memory.grow (i32.const 15)) (i32.const -1)) (then unreachable)))';
    const result = await run(contract(grow));
    assert.equal(result.kind === 'failed' && result.reason, 'trap');
    assert.ok(result.gasUsed >= 15 * 4096, 'memory.grow is charged per page requested');
    const within = await run(contract('(func (export "call") (drop (memory.grow (i32.const 14))))'));
    assert.equal(within.kind, 'returned');
  });

  test("the contract's own trap is a trap, not a stack overflow", async () => {
    const result = await run(contract('(func (export "call") unreachable)'));
    assert.equal(result.kind === 'failed' && result.reason, 'trap');
  });

  test('out-of-bounds memory passed to a host function traps', async () => {
    const imports = '(import "seal0" "input" (func $input (param i32 i32)))';
    const result = await run(contract('(func (export "call") (call $input (i32.const -8) (i32.const 0)))', imports));
    assert.equal(result.kind === 'failed' && result.reason, 'memory');
  });
});

describe('the stack instrumentation on a large real module', () => {
  test('the QuickJS build (floats, tables, bulk memory), instrumented for stack then gas, still validates', () => {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    const wasm = new Uint8Array(readFileSync(path));
    const stacked = instrumentForStack(wasm);
    assert.ok(WebAssembly.validate(stacked));
    assert.ok(WebAssembly.validate(instrumentForGas(stacked)));
  });
});
