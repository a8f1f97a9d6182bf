// Property tests: round trips, tamper detection with the typed error, no collisions across labels,
// and secrets that never show in JSON or inspect output.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { isPhalanxError } from '@phalanx/errors';
import fc from 'fast-check';
import * as c from '../src/index.js';

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const flip = (data: Uint8Array, bit: number): Uint8Array => {
  const out = data.slice();
  const index = Math.floor(bit / 8) % out.length;
  out[index] = (out[index] as number) ^ (1 << (bit % 8));
  return out;
};
const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => isPhalanxError(error) && error.code === code);

let alice: c.Sr25519Keypair;
let bob: c.Sr25519Keypair;
before(async () => {
  await c.cryptoReady();
  alice = c.devKeypair('Alice') as c.Sr25519Keypair;
  bob = c.devKeypair('Bob') as c.Sr25519Keypair;
});

describe('AES-256-GCM', () => {
  it('round trips and rejects any flipped bit of IV, ciphertext, tag or AD', () => {
    fc.assert(
      fc.property(
        bytes(32),
        bytes(12),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        (key, iv, plaintext, ad, bit) => {
          const sealed = c.aesGcmEncrypt(key, iv, plaintext, ad);
          assert.deepEqual(c.aesGcmDecrypt(key, iv, sealed, ad), plaintext);
          throwsCode(() => c.aesGcmDecrypt(key, flip(iv, bit), sealed, ad), 'DECRYPTION_FAILED');
          throwsCode(() => c.aesGcmDecrypt(key, iv, flip(sealed, bit), ad), 'DECRYPTION_FAILED');
          throwsCode(() => c.aesGcmDecrypt(key, iv, sealed, flip(ad, bit)), 'DECRYPTION_FAILED');
          throwsCode(() => c.aesGcmDecrypt(flip(key, bit), iv, sealed, ad), 'DECRYPTION_FAILED');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('validates its parameters by name', () => {
    assert.throws(() => c.aesGcmEncrypt(new Uint8Array(31), new Uint8Array(12), new Uint8Array()), /key must be 32 bytes/);
    assert.throws(() => c.aesGcmEncrypt(new Uint8Array(32), new Uint8Array(8), new Uint8Array()), /iv must be 12 bytes/);
    throwsCode(() => c.aesGcmDecrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(15)), 'DECRYPTION_FAILED');
  });
});

describe('envelopes', () => {
  it('round trip, and flipping any bit of sender key, IV, ciphertext, tag or AD fails with DECRYPTION_FAILED', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        (plaintext, ad, bit) => {
          const envelope = c.sealEnvelope(alice, bob.publicKey, plaintext, { associatedData: ad });
          assert.deepEqual(c.openEnvelope(bob, envelope, ad), plaintext);
          throwsCode(
            () => c.openEnvelope(bob, { ...envelope, senderPubkey: flip(envelope.senderPubkey, bit) }, ad),
            'DECRYPTION_FAILED',
          );
          throwsCode(() => c.openEnvelope(bob, { ...envelope, iv: flip(envelope.iv, bit) }, ad), 'DECRYPTION_FAILED');
          throwsCode(
            () => c.openEnvelope(bob, { ...envelope, ciphertext: flip(envelope.ciphertext, bit) }, ad),
            'DECRYPTION_FAILED',
          );
          throwsCode(() => c.openEnvelope(bob, envelope, flip(ad, bit)), 'DECRYPTION_FAILED');
          throwsCode(() => c.openEnvelope(alice, envelope, ad), 'DECRYPTION_FAILED'); // not the recipient
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random IVs differ between two envelopes of the same plaintext', () => {
    const a = c.sealEnvelope(alice, bob.publicKey, c.utf8('same'));
    const b = c.sealEnvelope(alice, bob.publicKey, c.utf8('same'));
    assert.notDeepEqual(a.iv, b.iv);
    assert.notDeepEqual(a.ciphertext, b.ciphertext);
  });

  it('derived IVs differ for every position', () => {
    const key = new Uint8Array(32).fill(3);
    const seen = new Set<string>();
    for (let height = 0; height < 40; height++) {
      for (let seq = 0; seq < 40; seq++) seen.add(c.toHex(c.deriveIv(key, height, seq)));
    }
    assert.equal(seen.size, 1600);
  });
});

describe('sealing', () => {
  it('round trips; any flipped bit, another purpose or another sealing key fails with SEAL_INVALID', () => {
    fc.assert(
      fc.property(bytes(32), fc.uint8Array({ maxLength: 200 }), fc.nat(), (sealingKey, plaintext, bit) => {
        const blob = c.seal(sealingKey, 'checkpoint', plaintext);
        assert.deepEqual(c.unseal(sealingKey, 'checkpoint', blob), plaintext);
        throwsCode(() => c.unseal(sealingKey, 'checkpoint', flip(blob, bit)), 'SEAL_INVALID');
        throwsCode(() => c.unseal(sealingKey, 'identity', blob), 'SEAL_INVALID');
        throwsCode(() => c.unseal(flip(sealingKey, bit), 'checkpoint', blob), 'SEAL_INVALID');
        throwsCode(() => c.unseal(sealingKey, 'checkpoint', blob.subarray(0, blob.length - 1)), 'SEAL_INVALID');
      }),
      { numRuns: 100 },
    );
  });
});

describe('derivation', () => {
  it('is deterministic and never collides across different label lists', () => {
    const label = fc.oneof(fc.string({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }));
    fc.assert(
      fc.property(
        bytes(32),
        fc.uniqueArray(fc.array(label, { minLength: 1, maxLength: 4 }), {
          minLength: 2,
          maxLength: 8,
          selector: (labels) => c.toHex(c.encodeLabels(labels)),
        }),
        (parent, lists) => {
          const outputs = lists.map((labels) => c.toHex(c.derive(parent, ...labels)));
          assert.equal(new Set(outputs).size, lists.length);
          assert.equal(c.toHex(c.derive(parent, ...(lists[0] ?? []))), outputs[0]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('label boundaries matter: ("ab","c") ≠ ("a","bc")', () => {
    const parent = new Uint8Array(32).fill(1);
    assert.notDeepEqual(c.derive(parent, 'ab', 'c'), c.derive(parent, 'a', 'bc'));
  });

  it('refuses short parents and empty label lists', () => {
    throwsCode(() => c.derive(new Uint8Array(16), 'x'), 'INVALID_KEY');
    throwsCode(() => c.derive(new Uint8Array(32)), 'INVALID_INPUT');
  });
});

describe('signatures and key pairs', () => {
  for (const scheme of c.SCHEMES) {
    it(`${scheme}: sign/verify round trip; any flipped bit of message or signature fails`, () => {
      const pair = c.generateKeypair(scheme);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (message, bit) => {
          const signature = pair.sign(message);
          assert.equal(c.verifySignature(scheme, pair.publicKey, message, signature), true);
          assert.equal(c.verifySignature(scheme, pair.publicKey, flip(message, bit), signature), false);
          assert.equal(c.verifySignature(scheme, pair.publicKey, message, flip(signature, bit)), false);
        }),
        { numRuns: 50 },
      );
    });

    it(`${scheme}: malformed keys and signatures verify as false, never throw`, () => {
      assert.equal(c.verifySignature(scheme, new Uint8Array(31), c.utf8('m'), new Uint8Array(64)), false);
      assert.equal(c.verifySignature(scheme, new Uint8Array(32).fill(255), c.utf8('m'), new Uint8Array(64)), false);
      assert.equal(c.verifySignature(scheme, new Uint8Array(32), c.utf8('m'), new Uint8Array(63)), false);
    });

    it(`${scheme}: the secret never shows in JSON, inspect or string output`, () => {
      const pair = c.keypairFromUri('//Alice', scheme);
      const secretHex = Buffer.from(pair.exportSecret()).toString('hex');
      for (const text of [JSON.stringify(pair), inspect(pair, { depth: 10, showHidden: true }), String(pair)]) {
        assert.equal(text.includes(secretHex.slice(0, 16)), false);
      }
    });
  }

  it('sr25519 secrets restore through exportSecret, and a mismatched public half is refused', () => {
    const pair = c.generateKeypair('sr25519') as c.Sr25519Keypair;
    const restored = c.Sr25519Keypair.fromSecret(pair.exportSecret());
    assert.deepEqual(restored.publicKey, pair.publicKey);
    const wrong = pair.exportSecret();
    wrong.set(bob.publicKey, 64);
    throwsCode(() => c.Sr25519Keypair.fromSecret(wrong), 'INVALID_KEY');
  });

  it('tagged signatures do not verify for another kind or chain', () => {
    const genesis = new Uint8Array(32).fill(9);
    const signature = c.signTagged(alice, 'extrinsic', genesis, c.utf8('body'));
    assert.equal(c.verifyTagged('sr25519', alice.publicKey, 'extrinsic', genesis, c.utf8('body'), signature), true);
    assert.equal(c.verifyTagged('sr25519', alice.publicKey, 'query', genesis, c.utf8('body'), signature), false);
    assert.equal(c.verifyTagged('sr25519', alice.publicKey, 'extrinsic', new Uint8Array(32), c.utf8('body'), signature), false);
  });
});
