// Library code throws only PhalanxError (one base class with a code): no bare Error, TypeError…,
// and no thrown strings. Checked over every package's sources (tests excepted).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readWorkspace, stripComments } from '../scripts/layers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BARE =
  /\bnew\s+(Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError)\s*\(|\bthrow\s+['"`]|\bthrow\s+(Error|TypeError|RangeError)\s*\(/;

export function bareErrors(files) {
  const found = [];
  for (const [file, source] of Object.entries(files)) {
    if (/\.test\.[mc]?[jt]s$/.test(file)) continue;
    // Code that runs inside the contract VM, or builds the errors a contract sees, throws the guest's own errors.
    if (source.includes('@guest-errors')) continue;
    stripComments(source)
      .split('\n')
      .forEach((line, i) => {
        if (BARE.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('typed errors', () => {
  it('no library code throws a bare Error or a string', () => {
    const files = Object.assign({}, ...Object.values(readWorkspace(root)).map((pkg) => pkg.files));
    assert.deepEqual(bareErrors(files), []);
  });

  it('the check catches each bare form', () => {
    const samples = {
      'a.ts': "throw new Error('x');",
      'b.ts': 'throw new TypeError(`y`);',
      'c.ts': "throw 'z';",
      'd.ts': "throw Error('w');",
      'ok.ts': "throw new PhalanxError('INVALID_INPUT', 'fine'); // new Error( in a comment is fine",
    };
    assert.deepEqual(
      bareErrors(samples).map((line) => line.split(':')[0]),
      ['a.ts', 'b.ts', 'c.ts', 'd.ts'],
    );
  });
});
