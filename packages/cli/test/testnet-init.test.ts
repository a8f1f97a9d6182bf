// Who holds power on a network made by `phalanx testnet init` (issue 12 item 4): without --dev the
// chain has no sudo (governance decides), with --dev //Alice is sudo and the output says so.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { devKeypair } from '@phalanx/crypto';
import { readGenesisFile } from '@phalanx/node';
import { cometbftInstalled } from './devnet-fixture.js';
import { runCli } from './helpers.js';

const skip = cometbftInstalled ? false : 'the pinned CometBFT is not installed (npm run setup:cometbft)';

function init(extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'phalanx-testnet-'));
  const out = join(dir, 'net');
  return { dir, out, run: runCli(['testnet', 'init', '--validators', '2', '--out', out, ...extra]) };
}

test('testnet init without --dev: no sudo, operators funded, secrets private', { skip }, async () => {
  const { dir, out, run } = init([]);
  try {
    const result = await run;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /no sudo/);
    const genesis = readGenesisFile(join(out, 'genesis.json'));
    assert.equal(genesis.sudo, undefined, 'no key can act as root');
    assert.equal(genesis.validators?.length, 2);
    assert.equal(genesis.balances.length, 2, 'only the operators are funded');
    for (const i of [1, 2]) {
      const secret = join(out, `validator-${i}`, 'operator.secret');
      assert.ok(existsSync(secret));
      assert.equal(statSync(secret).mode & 0o077, 0, 'operator secret readable by its owner only');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('testnet init --dev: //Alice holds sudo, and the output says what that means', { skip }, async () => {
  const { dir, out, run } = init(['--dev']);
  try {
    const result = await run;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /sudo: \/\/Alice .*development chain/);
    const genesis = readGenesisFile(join(out, 'genesis.json'));
    assert.deepEqual(genesis.sudo, devKeypair('Alice').publicKey);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
