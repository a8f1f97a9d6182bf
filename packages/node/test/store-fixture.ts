// The before/after hooks the store tests share.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { SignatureVerifier } from '../src/verify/verifier.js';
import { devGenesisHash, removeDir, tempDir } from './helpers.js';

/**
 * The hooks the store tests share: crypto ready and one signature verifier (for the dev chain
 * unless `genesisHash` names another) before, the verifier
 * closed and every directory made by `dir` removed after.
 */
export function storeFixture(genesisHash: () => Uint8Array = devGenesisHash): {
  dir(name: string): string;
  readonly verifier: SignatureVerifier;
} {
  const dirs: string[] = [];
  let started: SignatureVerifier | undefined;
  before(async () => {
    await cryptoReady();
    started = await SignatureVerifier.start(genesisHash(), 1);
  });
  after(async () => {
    await started?.close();
    for (const path of dirs) removeDir(path);
  });
  return {
    dir(name: string): string {
      const path = tempDir(name);
      dirs.push(path);
      return path;
    },
    get verifier(): SignatureVerifier {
      assert.ok(started !== undefined, 'the verifier starts in before()');
      return started;
    },
  };
}
