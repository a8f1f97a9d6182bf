// Cross-checks against @polkadot/keyring and @polkadot/util-crypto: same public keys from the
// same secret URIs, signatures that verify both ways, the same agreement, addresses and hashes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import {
  blake2AsU8a,
  cryptoWaitReady,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  signatureVerify,
  sr25519Agreement,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import fc from 'fast-check';
import * as c from '../src/index.js';
import vectors from './vectors/polkadot.json' with { type: 'json' };

const hex = (bytes: Uint8Array) => c.toHex(bytes).slice(2);

before(async () => {
  await cryptoWaitReady();
  await c.cryptoReady();
});

describe('secret URIs give @polkadot/keyring public keys', () => {
  for (const entry of vectors.uris as Record<string, string>[]) {
    const uri = entry.uri as string;
    for (const scheme of c.SCHEMES) {
      const expected = entry[`${scheme}PublicKey`];
      if (expected === undefined) continue;
      it(`${scheme} ${uri.slice(0, 40)}`, () => {
        const pair = c.keypairFromUri(uri, scheme);
        assert.equal(hex(pair.publicKey), expected);
        assert.equal(c.toSs58(pair.publicKey), entry[`${scheme}Address`]);
      });
    }
  }

  it('matches a live keyring for the dev accounts', () => {
    for (const scheme of c.SCHEMES) {
      const keyring = new Keyring({ type: scheme });
      for (const name of c.DEV_ACCOUNTS) {
        assert.equal(hex(c.devKeypair(name, scheme).publicKey), hex(keyring.addFromUri(`//${name}`).publicKey));
      }
    }
  });

  it('rejects ed25519 soft junctions and malformed URIs with INVALID_SURI', () => {
    assert.throws(() => c.keypairFromUri('//Alice/soft', 'ed25519'), { code: 'INVALID_SURI' });
    assert.throws(() => c.keypairFromUri('not a mnemonic at all'), { code: 'INVALID_SURI' });
    assert.throws(() => c.keypairFromUri('0x1234//a'), { code: 'INVALID_SURI' });
    assert.throws(() => c.keypairFromUri(''), { code: 'INVALID_SURI' });
  });
});

describe('signatures verify both ways', () => {
  const keyring = new Keyring({ type: 'sr25519' });

  it('the pinned keyring signature verifies here', () => {
    const { signer, message, signature } = vectors.signature;
    assert.equal(c.verifySignature('sr25519', c.fromHex(signer), c.fromHex(message), c.fromHex(signature)), true);
  });

  for (const scheme of c.SCHEMES) {
    it(`${scheme}: ours verify in util-crypto, keyring's verify here`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (message) => {
          const ours = c.keypairFromUri('//Alice', scheme);
          const theirs = new Keyring({ type: scheme }).addFromUri('//Alice');
          assert.equal(signatureVerify(message, ours.sign(message), theirs.address).isValid, true);
          assert.equal(c.verifySignature(scheme, ours.publicKey, message, theirs.sign(message)), true);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('a signature by one key does not verify under another', () => {
    const message = c.utf8('phalanx');
    const signature = c.devKeypair('Alice').sign(message);
    assert.equal(c.verifySignature('sr25519', keyring.addFromUri('//Bob').publicKey, message, signature), false);
  });
});

describe('agreement, scalar and hashes', () => {
  const utilSecret = (uri: string) => {
    const { path } = keyExtractSuri(`bottom drive obey lake curtain smoke basket hold race lonely fit walk${uri}`);
    const base = sr25519PairFromSeed(
      mnemonicToMiniSecret('bottom drive obey lake curtain smoke basket hold race lonely fit walk'),
    );
    return keyFromPath(base, path, 'sr25519');
  };

  it('sr25519 agreement equals util-crypto sr25519Agreement and the pinned value', () => {
    const alice = c.keypairFromUri('//Alice') as c.Sr25519Keypair;
    const bob = utilSecret('//Bob');
    assert.equal(hex(alice.agree(bob.publicKey)), hex(sr25519Agreement(utilSecret('//Alice').secretKey, bob.publicKey)));
    assert.equal(hex(alice.agree(bob.publicKey)), vectors.agreement.shared);
  });

  it('secret scalar s gives s·G = public key (DESIGN §3 fact)', () => {
    for (const name of c.DEV_ACCOUNTS) {
      const pair = c.devKeypair(name) as c.Sr25519Keypair;
      assert.equal(hex(c.sr25519PublicFromSecret(pair.pair.secretKey)), hex(pair.publicKey));
    }
  });

  it('blake2 and SS58 equal util-crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        assert.equal(hex(c.blake2_256(data)), hex(blake2AsU8a(data, 256)));
        assert.equal(hex(c.blake2_128(data)), hex(blake2AsU8a(data, 128)));
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom(0, 2, 42, 255, 16383), (pk, prefix) => {
        const address = c.toSs58(pk, prefix);
        assert.equal(address, encodeAddress(pk, prefix));
        assert.equal(hex(c.fromSs58(address, prefix)), hex(pk));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad addresses with INVALID_ADDRESS', () => {
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    assert.throws(() => c.fromSs58(`${alice.slice(0, -1)}Z`), { code: 'INVALID_ADDRESS' });
    assert.throws(() => c.fromSs58(alice, 0), { code: 'INVALID_ADDRESS' });
    assert.throws(() => c.fromSs58('0x1234'), { code: 'INVALID_ADDRESS' });
    assert.throws(() => c.fromSs58(''), { code: 'INVALID_ADDRESS' });
  });
});
