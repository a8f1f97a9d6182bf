// signPayload/verifyPayload and signMessage/verifyMessage: valid signatures verify (also after a
// SCALE round trip), and every change of what was signed, or of who signed, is BAD_SIGNATURE.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri, type Scheme, signTagged } from '@phalanx/crypto';
import { decode, encode, tuple, u64 } from '@phalanx/scale';
import {
  type Message,
  Message as MessageCodec,
  type MessageOrigin,
  MQ_SIGNING_KIND,
  originSigner,
  type SignedMessage,
  SignedMessage as SignedMessageCodec,
  type SignedPayload,
  SignedPayload as SignedPayloadCodec,
  schemeOf,
  signerOf,
  signMessage,
  signPayload,
  verifyMessage,
  verifyPayload,
} from '../src/index.js';
import { expectCode } from './helpers.js';

const GENESIS = new Uint8Array(32).fill(0x11);
const OTHER_GENESIS = new Uint8Array(32).fill(0x22);
const BODY = new TextEncoder().encode('{"call":"transfer","amount":"1000"}');

function flipBit(bytes: Uint8Array, index = 0): Uint8Array {
  const out = bytes.slice();
  out[index] = (out[index] as number) ^ 1;
  return out;
}

const keys: Record<Scheme, { alice: Keypair; bob: Keypair }> = {} as Record<Scheme, { alice: Keypair; bob: Keypair }>;

before(async () => {
  await cryptoReady();
  for (const scheme of ['sr25519', 'ed25519'] as const) {
    keys[scheme] = { alice: keypairFromUri('//Alice', scheme), bob: keypairFromUri('//Bob', scheme) };
  }
});

for (const scheme of ['sr25519', 'ed25519'] as const) {
  describe(`signPayload / verifyPayload with ${scheme}`, () => {
    const sign = (kind = 'query', body = BODY): SignedPayload => signPayload(keys[scheme].alice, kind, GENESIS, body);
    const badSignature = (payload: SignedPayload, kind = 'query', genesis: Uint8Array = GENESIS) =>
      expectCode(() => verifyPayload(payload, kind, genesis), 'BAD_SIGNATURE');

    test('a fresh signature verifies, also after a SCALE round trip', () => {
      const payload = sign();
      assert.equal(schemeOf(payload.signer), scheme);
      assert.deepEqual(payload.signer, signerOf(keys[scheme].alice));
      assert.equal(payload.signature.tag, payload.signer.tag);
      assert.equal(payload.signature.value.length, 64);
      verifyPayload(payload, 'query', GENESIS);
      const decoded = decode(SignedPayloadCodec, encode(SignedPayloadCodec, payload));
      assert.deepEqual(decoded, payload);
      verifyPayload(decoded, 'query', GENESIS);
    });

    test("Alice's key is the one @polkadot derives for //Alice", () => {
      const expected =
        scheme === 'sr25519'
          ? 'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'
          : '88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee';
      assert.equal(Buffer.from(keys[scheme].alice.publicKey).toString('hex'), expected);
    });

    test('another kind does not verify', () => {
      const payload = sign('query');
      badSignature(payload, 'extrinsic');
      badSignature(payload, 'quer');
      badSignature(payload, 'query ');
      badSignature(payload, '');
    });

    test('another genesis hash does not verify', () => {
      badSignature(sign(), 'query', OTHER_GENESIS);
      badSignature(sign(), 'query', flipBit(GENESIS, 31));
    });

    test('an altered body does not verify', () => {
      const payload = sign();
      badSignature({ ...payload, body: flipBit(payload.body, 5) });
      badSignature({ ...payload, body: payload.body.subarray(0, payload.body.length - 1) });
      badSignature({ ...payload, body: Uint8Array.from([...payload.body, 0]) });
      badSignature({ ...payload, body: new Uint8Array(0) });
    });

    test('a swapped signer does not verify', () => {
      const payload = sign();
      badSignature({ ...payload, signer: signerOf(keys[scheme].bob) });
      // Bob's own signature over the same body does not pass as Alice's.
      const bobs = signPayload(keys[scheme].bob, 'query', GENESIS, BODY);
      badSignature({ ...payload, signature: bobs.signature });
    });

    test('an altered signature, or a scheme tag that does not match, does not verify', () => {
      const payload = sign();
      badSignature({ ...payload, signature: { tag: payload.signature.tag, value: flipBit(payload.signature.value, 10) } });
      const otherTag = payload.signer.tag === 'Sr25519' ? 'Ed25519' : 'Sr25519';
      // Signature tagged with the other scheme than the signer: refused before any curve math.
      const err = expectCode(
        () => verifyPayload({ ...payload, signature: { tag: otherTag, value: payload.signature.value } }, 'query', GENESIS),
        'BAD_SIGNATURE',
      );
      assert.match(err.message, /does not match signer/);
      // Both tags switched: the key is read as the other scheme's, and the signature fails.
      badSignature({
        ...payload,
        signer: { tag: otherTag, value: payload.signer.value },
        signature: { tag: otherTag, value: payload.signature.value },
      });
    });
  });
}

describe('signMessage / verifyMessage', () => {
  let alice: Keypair;
  let bob: Keypair;
  before(() => {
    alice = keys.sr25519.alice;
    bob = keys.sr25519.bob;
  });

  const message = (origin: MessageOrigin): Message => ({
    origin,
    topic: new TextEncoder().encode('phalanx/worker/heartbeat'),
    payload: Uint8Array.of(1, 2, 3, 4),
  });
  const keyed = ['Worker', 'Gatekeeper', 'Contract', 'Account'] as const;
  const originOf = (tag: (typeof keyed)[number], key: Uint8Array): MessageOrigin => ({ tag, value: key });
  const badSignature = (signed: SignedMessage, genesis: Uint8Array = GENESIS) =>
    expectCode(() => verifyMessage(signed, genesis), 'BAD_SIGNATURE');

  for (const tag of keyed) {
    test(`${tag} origin: a signed message verifies, also after a SCALE round trip`, () => {
      const signed = signMessage(alice, message(originOf(tag, alice.publicKey)), 7n, GENESIS);
      assert.equal(signed.sequence, 7n);
      assert.deepEqual(originSigner(signed.message.origin), alice.publicKey);
      verifyMessage(signed, GENESIS);
      const decoded = decode(SignedMessageCodec, encode(SignedMessageCodec, signed));
      assert.deepEqual(decoded, signed);
      verifyMessage(decoded, GENESIS);
    });
  }

  test('sequence altered does not verify (no replay at another position)', () => {
    const signed = signMessage(alice, message(originOf('Worker', alice.publicKey)), 7n, GENESIS);
    badSignature({ ...signed, sequence: 8n });
    badSignature({ ...signed, sequence: 6n });
    badSignature({ ...signed, sequence: 7n + 2n ** 32n });
    // A signature made for sequence 8 does not pass for 7.
    const next = signMessage(alice, signed.message, 8n, GENESIS);
    badSignature({ ...signed, signature: next.signature });
  });

  test('another genesis hash, kind or altered message does not verify', () => {
    const signed = signMessage(alice, message(originOf('Worker', alice.publicKey)), 1n, GENESIS);
    badSignature(signed, OTHER_GENESIS);
    badSignature({ ...signed, message: { ...signed.message, payload: flipBit(signed.message.payload) } });
    badSignature({ ...signed, message: { ...signed.message, topic: flipBit(signed.message.topic) } });
    badSignature({ ...signed, signature: flipBit(signed.signature, 63) });
    // Same key, another origin kind: the origin's variant is covered by the signature.
    badSignature({ ...signed, message: { ...signed.message, origin: originOf('Contract', alice.publicKey) } });
    // The signature is for kind "mq-message": one over the same bytes under another kind does not pass.
    const body = encode(tuple(MessageCodec, u64), [signed.message, signed.sequence]);
    badSignature({ ...signed, signature: signTagged(alice, 'query', GENESIS, body) });
  });

  test('the signature covers exactly SCALE((message, sequence)) under the "mq-message" kind', () => {
    const msg = message(originOf('Gatekeeper', alice.publicKey));
    const body = encode(tuple(MessageCodec, u64), [msg, 42n]);
    verifyMessage({ message: msg, sequence: 42n, signature: signTagged(alice, MQ_SIGNING_KIND, GENESIS, body) }, GENESIS);
  });

  test('a swapped signer does not verify', () => {
    const signed = signMessage(alice, message(originOf('Account', alice.publicKey)), 1n, GENESIS);
    badSignature({ ...signed, message: { ...signed.message, origin: originOf('Account', bob.publicKey) } });
    const bobs = signMessage(bob, message(originOf('Account', bob.publicKey)), 1n, GENESIS);
    badSignature({ ...signed, signature: bobs.signature });
  });

  test("signing with a key that is not the origin's is INVALID_INPUT", () => {
    expectCode(() => signMessage(bob, message(originOf('Worker', alice.publicKey)), 1n, GENESIS), 'INVALID_INPUT', /origin/);
    expectCode(() => signMessage(alice, message({ tag: 'Pallet', value: 'registry' }), 1n, GENESIS), 'INVALID_INPUT');
  });

  test('an ed25519 key is INVALID_INPUT: message origins sign with sr25519 only', () => {
    const ed = keys.ed25519.alice;
    expectCode(() => signMessage(ed, message(originOf('Account', ed.publicKey)), 1n, GENESIS), 'INVALID_INPUT', /sr25519/);
  });

  test('pallet-origin messages never verify: they carry no signature', () => {
    const signed: SignedMessage = {
      message: message({ tag: 'Pallet', value: 'registry' }),
      sequence: 0n,
      signature: new Uint8Array(64),
    };
    badSignature(signed);
  });

  test('sequence must fit a u64', () => {
    const msg = message(originOf('Worker', alice.publicKey));
    const max = signMessage(alice, msg, 2n ** 64n - 1n, GENESIS);
    verifyMessage(max, GENESIS);
    expectCode(() => signMessage(alice, msg, 2n ** 64n, GENESIS), 'ENCODE');
    expectCode(() => signMessage(alice, msg, -1n, GENESIS), 'ENCODE');
  });
});
