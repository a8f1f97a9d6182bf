// The CometBFT install script (issue 11 item 1): the binary it links reports the version pinned in
// package.json, a second run uses the cache, and without Go it fails with a message saying what to do.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const script = join(root, 'scripts/install-cometbft.sh');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config.cometbftVersion;
const linked = join(root, '.cometbft/bin/cometbft');

describe('scripts/install-cometbft.sh', () => {
  test('pins one v0.38 release', () => {
    assert.match(pinned, /^v0\.38\.\d+$/);
  });

  test('the linked binary is the pinned version, and a second run only uses the cache', {
    skip: !existsSync(linked) && 'CometBFT is not installed here (npm run setup:cometbft; .ci/run installs it)',
  }, () => {
    assert.equal(execFileSync(linked, ['version'], { encoding: 'utf8' }).trim(), pinned.slice(1));
    const again = spawnSync('bash', [script], { cwd: root, encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /cached at/);
  });

  const pathWithoutGo = `${dirname(process.execPath)}:/usr/bin:/bin`;
  const goOnThatPath = pathWithoutGo.split(':').some((dir) => existsSync(join(dir, 'go')));
  test('without Go and without a cached binary it fails saying what to do', {
    skip: goOnThatPath && 'go is installed in a system directory here',
  }, () => {
    const emptyCache = mkdtempSync(join(tmpdir(), 'phalanx-cometbft-cache-'));
    try {
      const run = spawnSync('bash', [script], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: pathWithoutGo, HOME: emptyCache, PHALANX_CACHE_DIR: emptyCache },
      });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /Go is needed to build CometBFT v0\.38/);
    } finally {
      rmSync(emptyCache, { recursive: true, force: true });
    }
  });
});
