// Property tests (fast-check): arbitrary bytes, and arbitrary mutations of a valid extrinsic, are
// refused with a typed error whether they arrive through Chain.submit or author_submitExtrinsic,
// and never change the state or the pool; every RPC method answers arbitrary parameters with a
// result or a typed error, never an internal error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { isErrorCode, isPhalanxError, rpcErrorCode } from '@phalanx/errors';
import fc from 'fast-check';
import { createMethods } from '../src/rpc/methods.js';
import { type RpcServer, startRpcServer } from '../src/rpc/server.js';
import {
  chainFingerprint,
  httpCall,
  httpRpc,
  openChain,
  produce,
  type RpcResponse,
  remarkTx,
  removeDir,
  type TestChain,
  tempDir,
} from './helpers.js';

let t: TestChain;
let server: RpcServer;
let dir: string;
let valid: Uint8Array;
let methodNames: string[];

function quick(): { best: string; root: string; pool: number } {
  return { best: toHex(t.chain.bestHash), root: toHex(t.chain.bestState.root), pool: t.chain.pool.size };
}

async function refusedByChain(bytes: Uint8Array): Promise<void> {
  const before = quick();
  let error: unknown;
  try {
    await t.chain.submit(bytes);
  } catch (caught) {
    error = caught;
  }
  assert.ok(isPhalanxError(error), `accepted or untyped failure for ${toHex(bytes)}: ${String(error)}`);
  assert.ok(isErrorCode(error.code) && error.code !== 'INTERNAL', `${error.code}: ${error.message}`);
  assert.deepEqual(quick(), before);
}

async function refusedByRpc(bytes: Uint8Array): Promise<void> {
  const before = quick();
  const response = await httpRpc(server.port, 'author_submitExtrinsic', [toHex(bytes)]);
  assert.ok(response.error !== undefined, `accepted: ${toHex(bytes)}`);
  const code = response.error.data?.code;
  assert.ok(isErrorCode(code) && code !== 'INTERNAL', JSON.stringify(response.error));
  assert.equal(response.error.code, code === 'INVALID_INPUT' ? -32602 : rpcErrorCode(code));
  assert.deepEqual(quick(), before);
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

/** A valid extrinsic with some bytes changed, cut, or added. */
const mutation = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  );

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array | undefined {
  const at = m.at % bytes.length;
  switch (m.kind) {
    case 'flip': {
      const copy = Uint8Array.from(bytes);
      copy[at] = (copy[at] as number) ^ (1 << m.bit);
      return copy;
    }
    case 'set': {
      if (bytes[at] === m.value) return undefined;
      const copy = Uint8Array.from(bytes);
      copy[at] = m.value;
      return copy;
    }
    case 'cut':
      return bytes.subarray(0, at);
    case 'insert':
      return Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
  }
}

before(async () => {
  await cryptoReady();
  dir = tempDir('property');
  t = await openChain(dir);
  const methods = createMethods(t.chain);
  methodNames = Object.keys(methods);
  server = await startRpcServer({ host: '127.0.0.1', port: 0, methods });
  await t.chain.submit(remarkTx('Alice', 0));
  await produce(t);
  await t.chain.submit(remarkTx('Alice', 1, 'pending'));
  valid = remarkTx('Bob', 0, 'the valid one');
});

after(async () => {
  await server?.close();
  await t?.close();
  removeDir(dir);
});

describe('arbitrary submissions are refused with a code and change nothing', () => {
  test('random bytes through Chain.submit', async () => {
    const before = await chainFingerprint(t.chain);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), refusedByChain), { numRuns: 300 });
    assert.deepEqual(await chainFingerprint(t.chain), before);
  });

  test('mutations of a valid extrinsic through Chain.submit', async () => {
    const before = await chainFingerprint(t.chain);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation(), { minLength: 1, maxLength: 3 }), async (mutations) => {
        let bytes: Uint8Array | undefined = valid;
        for (const m of mutations) bytes = bytes === undefined || bytes.length === 0 ? bytes : mutate(bytes, m);
        fc.pre(bytes !== undefined && toHex(bytes) !== toHex(valid));
        await refusedByChain(bytes as Uint8Array);
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(await chainFingerprint(t.chain), before);
    // The unmutated extrinsic is still accepted: the refusals were about the mutations.
    assert.equal((await t.chain.submit(valid)).status, 'ready');
  });

  test('random bytes and mutations through author_submitExtrinsic (HTTP)', async () => {
    const before = await chainFingerprint(t.chain);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), refusedByRpc), { numRuns: 150 });
    await fc.assert(
      fc.asyncProperty(mutation(), async (m) => {
        const bytes = mutate(valid, m);
        fc.pre(bytes !== undefined);
        await refusedByRpc(bytes as Uint8Array);
      }),
      { numRuns: 150 },
    );
    assert.deepEqual(await chainFingerprint(t.chain), before);
  });
});

describe('every RPC method, arbitrary parameters', () => {
  test('answers with a result or a typed error, never an internal error', async () => {
    const params = fc.oneof(
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
      fc.array(
        fc.oneof(
          fc.integer(),
          fc.double(),
          fc.constant(null),
          fc.uint8Array({ maxLength: 40 }).map((b) => toHex(b)),
          fc.constant(-1),
          fc.constant(2 ** 40),
        ),
        { maxLength: 4 },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methodNames), params, async (method, args) => {
        const { status, body } = await httpCall(server.port, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: args }));
        assert.equal(status, 200);
        const response = body as RpcResponse;
        assert.equal(response.id, 1);
        if (response.error !== undefined) {
          assert.notEqual(response.error.code, -32603, `${method}(${JSON.stringify(args)}): ${response.error.message}`);
          assert.ok(
            isErrorCode(response.error.data?.code),
            `${method}(${JSON.stringify(args)}): ${JSON.stringify(response.error)}`,
          );
        } else {
          assert.ok('result' in response);
        }
      }),
      { numRuns: 400 },
    );
  });
});
