// The sim TEE's measurement covers everything the enclave runs: the module graph of its entry
// across packages (ESM and CJS resolution, literal dynamic imports, WebAssembly assets), named
// independently of where it is installed, and computed inside the enclave thread itself.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { simMeasurement } from '@phalanx/attestation';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import {
  EcallRequest,
  EcallResponse,
  ENCLAVE_ENTRY,
  type EnclaveMessage,
  enclaveBuildHash,
  enclaveModuleGraph,
} from '../src/index.js';
import { ChainBuilder } from './chain-builder.js';
import { initRequest } from './ecall-helpers.js';

const write = (path: string, text: string | Uint8Array) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const json = (value: unknown) => JSON.stringify(value);

/** A small installed app: ESM and CJS packages, conditional exports, a literal dynamic import, a wasm asset. */
function fixture(root: string): string {
  write(join(root, 'app/package.json'), json({ name: 'app', version: '1.0.0', type: 'module' }));
  write(
    join(root, 'app/entry.js'),
    "import { a } from './a.js';\nimport 'node:fs';\nexport const lazy = () => import('dep/lazy');\n" +
      "export const wasm = new URL('./engine.wasm', import.meta.url);\nexport { a };",
  );
  write(
    join(root, 'app/a.js'),
    "import dep from 'dep';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" +
      "export const a = [dep, require('cjsdep')];",
  );
  write(join(root, 'app/engine.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  write(join(root, 'app/unused.js'), 'export const never = 1;');
  const dep = join(root, 'app/node_modules/dep');
  write(
    join(dep, 'package.json'),
    json({
      name: 'dep',
      version: '2.0.0',
      exports: { '.': { import: './esm/index.js', require: './cjs/index.cjs' }, './lazy': './lazy.js' },
    }),
  );
  write(join(dep, 'esm/package.json'), json({ type: 'module' }));
  write(join(dep, 'esm/index.js'), 'export default 1;');
  write(join(dep, 'cjs/index.cjs'), 'module.exports = 1;');
  write(join(dep, 'lazy.js'), 'module.exports = 2;');
  const cjs = join(root, 'app/node_modules/cjsdep');
  write(join(cjs, 'package.json'), json({ name: 'cjsdep', version: '3.0.0', main: 'main.js' }));
  write(join(cjs, 'main.js'), "module.exports = require('./util');\ntry { require('optional-missing'); } catch {}");
  write(join(cjs, 'util.js'), 'module.exports = 3;');
  return join(root, 'app/entry.js');
}

describe('the enclave module graph', () => {
  let dir: string;
  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-graph-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('follows ESM, CJS, literal dynamic imports and assets across packages, by install-independent names', () => {
    const entry = fixture(join(dir, 'one'));
    const graph = enclaveModuleGraph(entry);
    assert.deepEqual(
      graph.files.map((file) => file.name),
      [
        'app@1.0.0/a.js',
        'app@1.0.0/engine.wasm',
        'app@1.0.0/entry.js',
        'app@1.0.0/package.json',
        'cjsdep@3.0.0/main.js',
        'cjsdep@3.0.0/package.json',
        'cjsdep@3.0.0/util.js',
        'dep@2.0.0/esm/index.js',
        'dep@2.0.0/esm/package.json',
        'dep@2.0.0/lazy.js',
        'dep@2.0.0/package.json',
      ],
    );
    assert.deepEqual(graph.unresolved, ['cjs:optional-missing <- cjsdep@3.0.0/main.js']);
  });

  test('the hash changes with any measured byte, not with the install path or unused files', () => {
    const entry = fixture(join(dir, 'two'));
    const hash = toHex(enclaveBuildHash(entry));
    cpSync(join(dir, 'two'), join(dir, 'elsewhere/deeper'), { recursive: true });
    assert.equal(toHex(enclaveBuildHash(join(dir, 'elsewhere/deeper/app/entry.js'))), hash, 'same build, other path');
    write(join(dir, 'two/app/unused.js'), 'export const never = 2;');
    write(join(dir, 'two/app/node_modules/dep/cjs/index.cjs'), 'module.exports = 9;');
    assert.equal(toHex(enclaveBuildHash(entry)), hash, 'files the enclave cannot load are not measured');
    for (const [file, change] of [
      ['app/engine.wasm', new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])],
      ['app/node_modules/dep/lazy.js', 'module.exports = 4;'],
      ['app/node_modules/cjsdep/util.js', 'module.exports = 5;'],
      [
        'app/node_modules/dep/package.json',
        json({ name: 'dep', version: '2.0.1', exports: { '.': './esm/index.js', './lazy': './lazy.js' } }),
      ],
    ] as const) {
      const before = toHex(enclaveBuildHash(entry));
      write(join(dir, 'two', file), change);
      assert.notEqual(toHex(enclaveBuildHash(entry)), before, `${file} is measured`);
    }
    write(join(dir, 'two/app/node_modules/optional-missing/index.js'), 'module.exports = 6;');
    write(join(dir, 'two/app/node_modules/optional-missing/package.json'), json({ name: 'optional-missing', version: '1.0.0' }));
    assert.ok(enclaveModuleGraph(entry).files.some((file) => file.name === 'optional-missing@1.0.0/index.js'));
  });

  test('covers every module the real enclave loads, and the QuickJS wasm; the enclave measures itself', async () => {
    // Record every file the enclave thread loads (ESM loader hooks and the CJS loader), then compare.
    const loads = join(dir, 'loads.txt');
    const hooks = join(dir, 'hooks.mjs');
    write(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${json(loads)}, url + '\\n');\n  return next(url, context);\n}`,
    );
    write(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${json(pathToFileURL(hooks).href)});`);
    write(
      join(dir, 'record-cjs.cjs'),
      `const Module = require('node:module');\nconst { appendFileSync } = require('node:fs');\nconst load = Module._load;\n` +
        `Module._load = function (request, parent, isMain) {\n  try { appendFileSync(${json(loads)}, Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}\n` +
        '  return load.apply(this, arguments);\n};',
    );
    const worker = new Worker(ENCLAVE_ENTRY, {
      workerData: { machineSecret: new Uint8Array(32).fill(7), allowPrivateFetch: false },
      execArgv: ['--require', join(dir, 'record-cjs.cjs'), '--import', join(dir, 'register.mjs')],
    });
    const messages: EnclaveMessage[] = [];
    const next = () =>
      new Promise<EnclaveMessage>((resolve) => {
        const queued = messages.shift();
        if (queued !== undefined) resolve(queued);
        else worker.once('message', resolve);
      });
    try {
      assert.equal((await next()).kind, 'ready');
      const chain = new ChainBuilder();
      const init = initRequest(chain, 'http://w.local:8000');
      const ecall = async (request: EcallRequest) => {
        worker.postMessage({ id: 1, request: encode(EcallRequest, request) });
        const message = await next();
        assert.ok(message.kind === 'response');
        return decode(EcallResponse, message.response);
      };
      assert.equal((await ecall(init)).tag, 'Ok'); // Init starts the QuickJS engine too
      const egress = await ecall({ tag: 'TakeEgress', value: null });
      assert.ok(egress.tag === 'Egress' && egress.value[0]?.tag === 'RegisterWorker');
      const attestation = egress.value[0].value.attestation;
      assert.ok(attestation.tag === 'Sim');
      const entry = fileURLToPath(ENCLAVE_ENTRY);
      assert.equal(
        toHex(attestation.value.measurement),
        toHex(simMeasurement(enclaveBuildHash(entry))),
        'the measurement is the hash of the module graph',
      );
      const measured = new Set(enclaveModuleGraph(entry).files.map((file) => file.path));
      const loaded = readFileSync(loads, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('file:') || line.startsWith('/'))
        .map((line) => realpathSync(line.startsWith('file:') ? fileURLToPath(line) : line));
      assert.ok(loaded.length > 100, 'the recording saw the enclave load');
      assert.deepEqual(
        [...new Set(loaded)].filter((path) => !measured.has(path)),
        [],
        'every loaded file is measured',
      );
      const quickjs = createRequire(fileURLToPath(import.meta.resolve('quickjs-emscripten')));
      const wasm = realpathSync(quickjs.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
      assert.ok(measured.has(wasm), 'the QuickJS WebAssembly bytes are measured');
    } finally {
      await worker.terminate();
    }
  });
});
