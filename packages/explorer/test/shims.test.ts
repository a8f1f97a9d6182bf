// The browser stand-ins for node:crypto give the same bytes as Node's OpenSSL for what
// @phalanx/crypto uses: AES-256-GCM (streaming API), HKDF-SHA256, ed25519 keys and signatures.
import assert from 'node:assert/strict';
import * as node from 'node:crypto';
import { describe, it } from 'node:test';
import * as shim from '../src/shims/node-crypto.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

describe('the browser node:crypto stand-in', () => {
  const key = new Uint8Array(32).fill(3);
  const iv = new Uint8Array(12).fill(4);
  const ad = new Uint8Array([1, 2, 3]);
  const plain = new TextEncoder().encode('the same ciphertext, whichever side seals it');

  it('AES-256-GCM seals and opens as OpenSSL does', () => {
    const seal = (impl: 'shim' | 'node') => {
      const cipher = (impl === 'shim'
        ? shim.createCipheriv('aes-256-gcm', key, iv)
        : node.createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })) as unknown as shim.GcmCipher;
      cipher.setAAD(ad);
      const head = cipher.update(plain);
      const tail = cipher.final();
      return Buffer.concat([head, tail, cipher.getAuthTag()]);
    };
    const sealed = seal('shim');
    assert.deepEqual(sealed, seal('node'));
    const decipher = shim.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(ad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    decipher.update(sealed.subarray(0, sealed.length - 16));
    assert.deepEqual(Buffer.from(decipher.final()), Buffer.from(plain));
    const tampered = shim.createDecipheriv('aes-256-gcm', key, iv);
    tampered.setAAD(new Uint8Array([9]));
    tampered.setAuthTag(sealed.subarray(sealed.length - 16));
    tampered.update(sealed.subarray(0, sealed.length - 16));
    assert.throws(() => tampered.final(), 'other associated data fails authentication');
  });

  it('HKDF-SHA256 and timing-safe comparison', () => {
    const args = ['sha256', key, iv, ad, 42] as const;
    assert.deepEqual(Buffer.from(shim.hkdfSync(...args)), Buffer.from(node.hkdfSync(...args)));
    assert.equal(shim.timingSafeEqual(key, new Uint8Array(32).fill(3)), true);
    assert.equal(shim.timingSafeEqual(key, new Uint8Array(32)), false);
    assert.equal(shim.randomBytes(70_000).length, 70_000);
  });

  it('ed25519: the same public key and signature as OpenSSL, and verification either way', () => {
    const seed = new Uint8Array(32).fill(7);
    const der = Buffer.concat([PKCS8_PREFIX, seed]);
    const mine = shim.createPrivateKey({ key: der });
    const theirs = node.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const spki = node.createPublicKey(theirs).export({ format: 'der', type: 'spki' });
    assert.deepEqual(Buffer.from(shim.createPublicKey(mine).export()), spki);
    const message = new TextEncoder().encode('signed');
    const signature = shim.sign(null, message, mine);
    assert.deepEqual(Buffer.from(signature), node.sign(null, message, theirs));
    const publicKey = shim.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, spki.subarray(12)]) });
    assert.equal(shim.verify(null, message, publicKey, signature), true);
    assert.equal(shim.verify(null, new TextEncoder().encode('other'), publicKey, signature), false);
  });
});
