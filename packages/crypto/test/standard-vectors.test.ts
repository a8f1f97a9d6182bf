// Published test vectors (RFC 5869, BLAKE2 KAT / RFC 7693, NIST + Wycheproof AES-GCM, RFC 8032,
// RFC 9497), checked against this package and, where one exists, a second implementation (noble).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gcm } from '@noble/ciphers/aes.js';
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as c from '../src/index.js';
import aesGcm from './vectors/aes-256-gcm.json' with { type: 'json' };
import blake2 from './vectors/blake2b-kat.json' with { type: 'json' };
import ed25519 from './vectors/ed25519-rfc8032.json' with { type: 'json' };
import hkdf from './vectors/hkdf-sha256-rfc5869.json' with { type: 'json' };
import oprf from './vectors/oprf-ristretto255-sha512-rfc9497.json' with { type: 'json' };

const h = (hex: string) => c.fromHex(hex);
const hex = (bytes: Uint8Array) => c.toHex(bytes).slice(2);

before(() => c.cryptoReady());

describe('HKDF-SHA256 (RFC 5869 appendix A)', () => {
  for (const v of hkdf.vectors) {
    it(v.name, () => {
      const okm = c.hkdfSha256(h(v.ikm), h(v.salt), h(v.info), v.length);
      assert.equal(hex(okm), v.okm);
      assert.equal(hex(nobleHkdf(sha256, h(v.ikm), h(v.salt), h(v.info), v.length)), v.okm);
    });
  }
});

describe('BLAKE2b known answers', () => {
  for (const v of blake2.vectors) {
    it(v.name, () => {
      const key = h(v.key);
      assert.equal(hex(c.blake2b(h(v.input), v.outLen, key)), v.digest);
      const noble = nobleBlake2b(h(v.input), key.length > 0 ? { dkLen: v.outLen, key } : { dkLen: v.outLen });
      assert.equal(hex(noble), v.digest);
      if (v.outLen === 32 && key.length === 0) assert.equal(hex(c.blake2_256(h(v.input))), v.digest);
      if (v.outLen === 16 && key.length === 0) assert.equal(hex(c.blake2_128(h(v.input))), v.digest);
    });
  }
});

describe('AES-256-GCM (NIST CAVP, Wycheproof)', () => {
  for (const v of aesGcm.vectors) {
    it(`${v.name} (${v.valid ? 'valid' : 'invalid'})`, () => {
      const key = h(v.key);
      const iv = h(v.iv);
      const aad = h(v.aad);
      const sealed = c.concatBytes(h(v.ciphertext), h(v.tag));
      if (v.valid) {
        assert.equal(hex(c.aesGcmEncrypt(key, iv, h(v.plaintext), aad)), hex(sealed));
        assert.equal(hex(c.aesGcmDecrypt(key, iv, sealed, aad)), v.plaintext);
        assert.equal(hex(gcm(key, iv, aad).encrypt(h(v.plaintext))), hex(sealed));
      } else {
        assert.throws(() => c.aesGcmDecrypt(key, iv, sealed, aad), { code: 'DECRYPTION_FAILED' });
      }
    });
  }
});

describe('ed25519 (RFC 8032 section 7.1)', () => {
  for (const v of ed25519.vectors) {
    it(v.name, () => {
      const pair = c.Ed25519Keypair.fromSeed(h(v.secretKey));
      assert.equal(hex(pair.publicKey), v.publicKey);
      assert.equal(hex(pair.sign(h(v.message))), v.signature); // ed25519 signatures are deterministic
      assert.equal(c.verifySignature('ed25519', h(v.publicKey), h(v.message), h(v.signature)), true);
      const altered = h(v.signature);
      altered[0] = (altered[0] as number) ^ 1;
      assert.equal(c.verifySignature('ed25519', h(v.publicKey), h(v.message), altered), false);
    });
  }
});

describe('OPRF ristretto255-SHA512 (RFC 9497 appendix A.1.1)', () => {
  for (const v of oprf.vectors) {
    it(v.name, () => {
      assert.equal(v.skSm, oprf.skSm);
      assert.equal(hex(c.oprfEvaluateWithScalar(h(v.skSm), h(v.input))), v.output);
    });
  }
});
