// Issue 13: no code path reconstructs the whole MasterKey. A source check of the threshold module:
// Lagrange weights meet points (the OPRF combiner, in the exponent) or a recipient's incoming
// resharing shares (its new share), never a set of old shares; and only reshareWholeSecret takes
// a whole secret key, from its current holder. Interpolation to the secret lives in the test helpers.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../src/threshold/', import.meta.url));
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(`${dir}${name}`, 'utf8')]),
);
const using = (pattern: RegExp) =>
  Object.entries(sources)
    .filter(([, source]) => pattern.test(source))
    .map(([name]) => name)
    .sort();

describe('threshold: no code path reconstructs the whole secret', () => {
  it('Lagrange weights are used only in the exponent (oprf.ts) and on incoming resharing shares (reshare.ts)', () => {
    assert.deepEqual(using(/lagrangeAtZero\(/), ['group.ts', 'oprf.ts', 'reshare.ts']);
    assert.match(sources['oprf.ts'] as string, /\.multiplyUnsafe\(lagrangeAtZero\(used, index\)\)/);
    // reshare.ts: a recipient weights the shares g_i(j) dealt to it (its new share), computed in reshareFinish only.
    const reshare = sources['reshare.ts'] as string;
    assert.equal(reshare.match(/Fn\.mul\(weight, share\)/g)?.length, 1);
    assert.ok(reshare.indexOf('Fn.mul(weight, share)') > reshare.indexOf('export function reshareFinish'));
  });

  it('only reshareWholeSecret reads a whole secret key', () => {
    assert.deepEqual(using(/sr25519SecretScalar|oprfEvaluate\(/), ['reshare.ts']);
    assert.equal((sources['reshare.ts'] as string).match(/sr25519SecretScalar\(/g)?.length, 1);
  });
});
