// ed25519 under ZIP-215 (what CometBFT validators' signatures are checked with): the RFC 8032
// vectors verify, and the edge cases where ZIP-215 and strict RFC 8032 decoding differ go the
// ZIP-215 way — small-order and non-canonically encoded points accepted, an unreduced S refused.
// Each vector also pins node:crypto's answer (OpenSSL, the verifier the rest of Phalanx uses) and
// noble's strict mode, so the test shows where they differ from ZIP-215.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, verifyEd25519Zip215, verifySignature } from '../src/index.js';
import rfc8032 from './vectors/ed25519-rfc8032.json' with { type: 'json' };
import zip215 from './vectors/ed25519-zip215.json' with { type: 'json' };

describe('verifyEd25519Zip215', () => {
  for (const v of rfc8032.vectors) {
    it(`accepts ${v.name} and refuses it altered`, () => {
      const [pub, msg, sig] = [fromHex(v.publicKey), fromHex(v.message), fromHex(v.signature)];
      assert.equal(verifyEd25519Zip215(sig, msg, pub), true);
      const altered = sig.slice();
      altered[10] = (altered[10] as number) ^ 1;
      assert.equal(verifyEd25519Zip215(altered, msg, pub), false);
      assert.equal(verifyEd25519Zip215(sig, new Uint8Array([...msg, 0]), pub), false);
    });
  }

  for (const v of zip215.vectors) {
    it(`${v.name}: ZIP-215 ${v.zip215 ? 'accepts' : 'refuses'}`, () => {
      const [pub, msg, sig] = [fromHex(v.publicKey), fromHex(v.message), fromHex(v.signature)];
      assert.equal(verifyEd25519Zip215(sig, msg, pub), v.zip215);
      let openssl: boolean;
      try {
        openssl = verifySignature('ed25519', pub, msg, sig);
      } catch {
        openssl = false; // OpenSSL may refuse the key itself
      }
      assert.equal(openssl, v.openssl);
      assert.equal(ed25519.verify(sig, msg, pub, { zip215: false }), v.nobleStrict);
    });
  }

  it('answers false for wrong lengths and throws only for non-bytes', () => {
    const v = rfc8032.vectors[0] as (typeof rfc8032.vectors)[number];
    const [pub, msg, sig] = [fromHex(v.publicKey), fromHex(v.message), fromHex(v.signature)];
    assert.equal(verifyEd25519Zip215(sig.subarray(0, 63), msg, pub), false);
    assert.equal(verifyEd25519Zip215(sig, msg, pub.subarray(0, 31)), false);
    assert.throws(() => verifyEd25519Zip215('sig' as unknown as Uint8Array, msg, pub), { code: 'INVALID_INPUT' });
  });
});

describe('sha256', () => {
  it('matches FIPS 180-4 examples', async () => {
    const { sha256, toHex, utf8 } = await import('../src/index.js');
    assert.equal(toHex(sha256(new Uint8Array())), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(toHex(sha256(utf8('abc'))), '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
