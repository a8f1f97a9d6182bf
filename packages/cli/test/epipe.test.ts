// `phalanx … | head`: when the reader closes the pipe, the CLI exits quietly instead of crashing with a stack.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/phalanx.js', import.meta.url));

it('exits 0 without a stack trace when stdout is closed by its reader (EPIPE)', async () => {
  const child = spawn(process.execPath, [BIN, 'key', 'inspect', '//Alice', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reader is gone before the CLI writes a byte
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
