// `@phalanx/sdk` from an application's point of view: a separate project that imports only the SDK
// type-checks under `strict` with library checking on (the package ships its declarations).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

const APP = `import { type CallResult, connect, cryptoReady, deploy, devKeypair, isPhalanxError, keypairFromUri } from '@phalanx/sdk';
export async function main(url: string): Promise<number | null> {
  await cryptoReady();
  const client = await connect(url);
  const owner = keypairFromUri('bottom drive obey lake curtain smoke basket hold race lonely fit walk//Alice');
  const token = await deploy(client, owner, 'export default { tx: { inc() { return 1; } }, query: {} };', [], { salt: 'app' });
  const outcome: CallResult<number> = await token.call<number>('inc');
  const stop = await client.subscribeEvents((block) => void block.events.length);
  await stop();
  try {
    await token.connect(devKeypair('Bob')).tx.inc?.();
  } catch (error) {
    if (isPhalanxError(error, 'CONTRACT_FAILED')) return null;
  }
  await client.close();
  return outcome.result;
}
`;

describe('@phalanx/sdk from an outside project', () => {
  it('type-checks an application that imports only the SDK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phalanx-app-'));
    try {
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
      writeFileSync(join(dir, 'app.ts'), APP);
      const compilerOptions = {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        types: ['node'],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
      const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
