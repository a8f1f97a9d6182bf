import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { main } from '../src/main.js';
import type { Io } from '../src/output.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const bin = fileURLToPath(new URL('../../bin/phalanx.js', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (text) => {
      out += `${text}\n`;
    },
    err: (text) => {
      err += `${text}\n`;
    },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('phalanx key', () => {
  it('inspect //Alice --json gives the well-known address (as a real process)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'key', 'inspect', '//Alice', '--json']);
    assert.deepEqual(JSON.parse(stdout), {
      ss58: ALICE,
      publicKey: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
      scheme: 'sr25519',
    });
  });

  it('inspect matches @polkadot/keyring for both schemes', async () => {
    await cryptoWaitReady();
    for (const scheme of ['sr25519', 'ed25519'] as const) {
      const { code, out } = await run('key', 'inspect', '//Bob//stash', '--scheme', scheme, '--json');
      assert.equal(code, 0);
      assert.equal(JSON.parse(out).ss58, new Keyring({ type: scheme }).addFromUri('//Bob//stash').address);
    }
  });

  it('inspect of an address gives its public key; --prefix changes the encoding', async () => {
    const { out } = await run('key', 'inspect', ALICE, '--prefix', '0', '--json');
    const view = JSON.parse(out);
    assert.equal(view.publicKey, '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d');
    assert.equal(view.ss58, '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5');
  });

  it('generate makes a fresh key whose phrase inspects to the same address', async () => {
    for (const scheme of ['sr25519', 'ed25519']) {
      const first = JSON.parse((await run('key', 'generate', '--scheme', scheme, '--json')).out);
      const second = JSON.parse((await run('key', 'generate', '--scheme', scheme, '--json')).out);
      assert.notEqual(first.ss58, second.ss58);
      assert.equal(first.secretPhrase.split(' ').length, 12);
      const again = JSON.parse((await run('key', 'inspect', first.secretPhrase, '--scheme', scheme, '--json')).out);
      assert.equal(again.ss58, first.ss58);
      assert.equal(again.scheme, scheme);
    }
  });

  it('bad input gets a typed error and the right exit code', async () => {
    const bad = await run('key', 'inspect', 'not a valid uri', '--json');
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.out).error.code, 'INVALID_SURI');
    const usage = await run('key', 'inspect', '//Alice', '--scheme', 'rsa');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /error\[USAGE\]: --scheme must be sr25519 or ed25519/);
    assert.equal((await run('key', 'explode')).code, 2);
    assert.equal((await run('nope')).code, 2);
    assert.equal((await run('key', 'inspect', '//Alice', '--bogus')).code, 2);
  });

  it('--help lists the commands', async () => {
    const { code, out } = await run('--help');
    assert.equal(code, 0);
    assert.match(out, /key generate\|inspect/);
  });
});
