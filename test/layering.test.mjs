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
