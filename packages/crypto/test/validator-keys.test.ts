// SHA-256 (FIPS 180-2 known answers) and `isEd25519PublicKey`, the check a CometBFT validator's
// consensus key passes: real keys accepted; wrong length, non-points, non-canonical encodings,
// small-order and mixed-order points refused.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import * as c from '../src/index.js';
import vectors from './vectors/ed25519-rfc8032.json' with { type: 'json' };

const hex = (bytes: Uint8Array) => c.toHex(bytes).slice(2);
const fromHex = (text: string) => c.fromHex(`0x${text}`);

before(() => c.cryptoReady());

describe('sha256', () => {
  it('matches the FIPS 180-2 known answers', () => {
    assert.equal(hex(c.sha256(new Uint8Array())), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(hex(c.sha256(c.utf8('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      hex(c.sha256(c.utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('refuses what is not bytes', () => {
    assert.throws(() => c.sha256('abc' as unknown as Uint8Array), /data must be a Uint8Array/);
  });
});

describe('isEd25519PublicKey', () => {
  it('accepts the RFC 8032 public keys and generated ed25519 keys', () => {
    for (const v of vectors.vectors) assert.equal(c.isEd25519PublicKey(fromHex(v.publicKey)), true, v.name);
    for (const name of c.DEV_ACCOUNTS) assert.equal(c.isEd25519PublicKey(c.devKeypair(name, 'ed25519').publicKey), true, name);
  });

  it('refuses a wrong length and what is not a Uint8Array', () => {
    const key = fromHex(vectors.vectors[0]?.publicKey ?? '');
    assert.equal(c.isEd25519PublicKey(key.subarray(0, 31)), false);
    assert.equal(c.isEd25519PublicKey(new Uint8Array(33)), false);
    assert.equal(c.isEd25519PublicKey([...key] as unknown as Uint8Array), false);
  });

  it('refuses a y coordinate with no point on the curve', () => {
    const y2 = new Uint8Array(32);
    y2[0] = 2;
    assert.equal(c.isEd25519PublicKey(y2), false);
  });

  it('refuses non-canonical encodings (y >= p, or x = 0 with the sign bit set)', () => {
    const p = new Uint8Array(32).fill(0xff);
    p[0] = 0xed; // y = p: decodes to y = 0 only under ZIP-215
    p[31] = 0x7f;
    assert.equal(c.isEd25519PublicKey(p), false);
    const negativeZero = new Uint8Array(32);
    negativeZero[0] = 1;
    negativeZero[31] = 0x80;
    assert.equal(c.isEd25519PublicKey(negativeZero), false);
  });

  it('refuses every small-order point (signatures under them are forgeable)', () => {
    for (const point of ED25519_TORSION_SUBGROUP) assert.equal(c.isEd25519PublicKey(fromHex(point)), false, point);
  });

  it('refuses a point with a torsion component (a real key plus a small-order point)', () => {
    const real = ed25519.Point.fromBytes(fromHex(vectors.vectors[0]?.publicKey ?? ''));
    const torsion = ed25519.Point.fromBytes(fromHex(ED25519_TORSION_SUBGROUP[1] as string));
    assert.equal(c.isEd25519PublicKey(real.add(torsion).toBytes()), false);
  });
});
