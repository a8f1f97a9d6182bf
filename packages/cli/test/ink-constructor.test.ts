// `phalanx contract deploy X.contract --constructor NAME`: the label is checked against the
// bundle's metadata before anything is paid, and refused for code that is not an ink! bundle.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isPhalanxError } from '@phalanx/errors';
import { deployableCode } from '../src/commands/contract-check.js';

const INK_FIXTURES =
  ['../../../../../shared/fixtures/ink', '../../../../../../shared/fixtures/ink']
    .map((dir) => join(import.meta.dirname, dir))
    .find((dir) => existsSync(dir)) ?? 'shared/fixtures/ink';
const FLIPPER = join(INK_FIXTURES, 'polkadotjs_ink_v5_flipper.contract.json');

describe('contract deploy --constructor', () => {
  it('accepts a constructor the metadata names and refuses another, naming the ones there are', async () => {
    assert.ok((await deployableCode(FLIPPER, 'new_default')).startsWith('{'));
    await assert.rejects(
      () => deployableCode(FLIPPER, 'make'),
      (error: unknown) =>
        isPhalanxError(error, 'INVALID_INPUT') && /no constructor "make"; it has new, new_default/.test(error.message),
    );
  });

  it('is refused for a JavaScript contract', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'phalanx-ctor-')), 'c.js');
    writeFileSync(file, 'export default { query: { f: () => 1 } };\n');
    await assert.rejects(
      () => deployableCode(file, 'new'),
      (error: unknown) => isPhalanxError(error, 'INVALID_INPUT') && /not an ink! \.contract bundle/.test(error.message),
    );
  });
});
