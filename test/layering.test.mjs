// DESIGN.md §2: one-way package layering, an enclave that never imports host or node code,
// pure packages without I/O, and no import cycles — checked on the real workspace, and the
// checker itself checked on workspaces built to break each rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkWorkspace, importsOf, readWorkspace } from '../scripts/layers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('layering', () => {
  it('the workspace has no forbidden import and no cycle', () => {
    assert.deepEqual(checkWorkspace(readWorkspace(root)), []);
  });

  it('finds imports in every syntax', () => {
    const source = `import a from 'x';\nimport type { B } from "y";\nexport { c } from './c.js';\nimport './side.js';\nconst d = await import('z');\n// import e from 'commented';`;
    assert.deepEqual(importsOf(source).sort(), ['./c.js', './side.js', 'x', 'y', 'z']);
  });

  const pkg = (files, deps = []) => ({ files, deps });

  it('flags a lower layer importing a higher one', () => {
    const problems = checkWorkspace({
      crypto: pkg({ 'packages/crypto/src/a.ts': "import { x } from '@phalanx/primitives';" }, ['@phalanx/primitives']),
      primitives: pkg({}),
    });
    assert.ok(problems.some((p) => p.includes('crypto must not depend on primitives')));
    assert.ok(problems.some((p) => p.includes('package.json depends on @phalanx/primitives')));
  });

  it('flags enclave code importing host or node code', () => {
    const problems = checkWorkspace({
      pruntime: pkg({ 'packages/pruntime/src/a.ts': "import { relay } from '@phalanx/host';\nimport WebSocket from 'ws';" }),
      host: pkg({}),
    });
    assert.ok(problems.some((p) => p.includes('enclave code must not import host or node code')));
    assert.ok(problems.some((p) => p.includes('imports ws')));
  });

  it('flags I/O in a pure package and the clock in the runtime', () => {
    const problems = checkWorkspace({
      crypto: pkg({ 'packages/crypto/src/a.ts': "import { readFileSync } from 'node:fs';" }),
      runtime: pkg({ 'packages/runtime/src/b.ts': 'export const now = () => Date.now();' }),
    });
    assert.ok(problems.some((p) => p.includes('crypto is pure and must not do I/O')));
    assert.ok(problems.some((p) => p.includes('the runtime must be deterministic')));
  });

  it('lets the host import only the ecall API of the pRuntime', () => {
    const deps = ['@phalanx/pruntime'];
    const host = (source) =>
      checkWorkspace({ host: pkg({ 'packages/host/src/a.ts': source }, deps), pruntime: pkg({}) }).filter((p) =>
        p.includes('the host may import only'),
      );
    assert.deepEqual(host("import { EcallRequest } from '@phalanx/pruntime/ecall';"), []);
    assert.equal(host("import { PRuntime } from '@phalanx/pruntime';").length, 1);
    assert.equal(host("import { SimTee } from '@phalanx/pruntime/tee';").length, 1);
    assert.equal(host("export { x } from '@phalanx/pruntime/dist/src/enclave/pruntime.js';").length, 1);
    assert.equal(host("const m = await import('@phalanx/pruntime');").length, 1);
  });

  it('flags randomness, key generation and the network in the runtime', () => {
    const runtime = (source) =>
      checkWorkspace({ runtime: pkg({ 'packages/runtime/src/a.ts': source }, ['@phalanx/crypto']), crypto: pkg({}) });
    const flagged = [
      "import { randomBytes } from '@phalanx/crypto';\nexport const r = randomBytes(32);",
      "import { generateKeypair } from '@phalanx/crypto';\nexport const k = generateKeypair('sr25519');",
      'export const k = Sr25519Keypair.generate();',
      'export const r = crypto.getRandomValues(new Uint8Array(8));',
      "export const page = () => globalThis.fetch('https://example.com');",
      "export const page = () => fetch('https://example.com');",
      "export const f = globalThis['fe' + 'tch'];",
      "import { randomInt } from 'node:crypto';",
    ];
    for (const source of flagged) {
      assert.ok(
        runtime(source).some((p) => /deterministic|randomness or the network/.test(p)),
        `not caught: ${source}`,
      );
    }
    // What the runtime does legitimately: derive from chain randomness, call methods named fetch.
    assert.deepEqual(runtime('export const seed = (parent: Uint8Array) => blake2_256(parent);\nstore.fetch(key);'), []);
  });

  it('flags import() of anything but a string literal, in every package', () => {
    const problems = (source) =>
      checkWorkspace({ node: pkg({ 'packages/node/src/a.ts': source }) }).filter((p) => p.includes('computed specifier'));
    assert.deepEqual(problems("const ws = await import('ws');\nconst meta = import.meta.url;"), []);
    for (const source of [
      'const m = await import(name);',
      "const m = await import('@phalanx/' + 'host');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a fixture
      'const m = await import(`@phalanx/${pkg}`);',
      'const m = await import (\n  spec\n);',
    ]) {
      assert.equal(problems(source).length, 1, `not caught: ${source}`);
    }
  });

  it('flags undeclared dependencies, unknown packages and cycles', () => {
    const problems = checkWorkspace({
      primitives: pkg({
        'packages/primitives/src/a.ts': "import { b } from './b.js';",
        'packages/primitives/src/b.ts': "import { a } from './a.js';\nimport { x } from '@phalanx/crypto';",
      }),
      crypto: pkg({}),
      mystery: pkg({}),
    });
    assert.ok(problems.some((p) => p.includes('module import cycle')));
    assert.ok(problems.some((p) => p.includes('does not declare it')));
    assert.ok(problems.some((p) => p.includes('packages/mystery: not in the layering table')));
  });
});
