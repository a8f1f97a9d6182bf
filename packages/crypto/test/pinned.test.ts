// Our own pinned vectors for the key hierarchy, channels, envelopes, sealing and signing payloads:
// any change to a derivation breaks these. Each value is also recomputed from its definition with
// independent code (noble hashes/ciphers/curves, scale-ts, util-crypto) so the pins are not circular.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gcm } from '@noble/ciphers/aes.js';
import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { cryptoWaitReady, sr25519Agreement } from '@polkadot/util-crypto';
import { Bytes, str, Tuple, u64, Vector } from 'scale-ts';
import * as c from '../src/index.js';
import { PINNED_INPUTS as P } from './fixtures.js';
import pinned from './vectors/pinned.json' with { type: 'json' };

const hex = (bytes: Uint8Array) => c.toHex(bytes).slice(2);
const h = (value: string) => c.fromHex(value);
const EMPTY = new Uint8Array(0);
const nobleOprf = ristretto255_oprf.oprf as unknown as { evaluate(sk: Uint8Array, input: Uint8Array): Uint8Array };
const independentDerive = (parent: Uint8Array, ...labels: string[]) =>
  hkdf(sha256, parent, c.utf8('phalanx/derive/v1'), Vector(Bytes()).enc(labels.map(c.utf8)), 32);
const scalarBytes = (secret: Uint8Array) => {
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(secret[i] as number);
  value /= 8n;
  return Uint8Array.from({ length: 32 }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
};

let alice: c.Sr25519Keypair;
let bob: c.Sr25519Keypair;
let master: c.Sr25519Keypair;
let identity: c.ContractIdentity;

before(async () => {
  await cryptoWaitReady();
  await c.cryptoReady();
  alice = c.devKeypair('Alice') as c.Sr25519Keypair;
  bob = c.devKeypair('Bob') as c.Sr25519Keypair;
  master = c.Sr25519Keypair.fromSeed(P.masterSeed);
  identity = { clusterId: P.clusterId, deployer: alice.publicKey, codeHash: P.codeHash, salt: P.salt };
});

describe('key hierarchy (DESIGN §3)', () => {
  it('derive(parent, labels…) = HKDF-SHA256(parent, salt, SCALE(labels))', () => {
    const ours = c.derive(P.deriveParent, ...P.deriveLabels);
    assert.equal(hex(ours), pinned.derive);
    assert.equal(hex(independentDerive(P.deriveParent, ...P.deriveLabels)), pinned.derive);
  });

  it('contract input and id', () => {
    const input = Tuple(str, Bytes(32), Bytes(32), Bytes(32), Bytes()).enc([
      'phalanx/contract/v1',
      P.clusterId,
      alice.publicKey,
      P.codeHash,
      P.salt,
    ]);
    assert.equal(hex(c.contractInput(identity)), hex(input));
    assert.equal(hex(c.contractInput(identity)), pinned.contractInput);
    assert.equal(hex(c.contractId(identity)), hex(blake2b(input, { dkLen: 32 })));
    assert.equal(hex(c.contractId(identity)), pinned.contractId);
  });

  it('MasterKey → ContractKey seed by RFC 9497 OPRF then HKDF', () => {
    assert.equal(hex(master.publicKey), pinned.masterPublicKey);
    const output = nobleOprf.evaluate(scalarBytes(master.pair.secretKey), h(pinned.contractInput));
    const seed = hkdf(sha256, output, EMPTY, c.utf8('phalanx/contract-seed/v1'), 32);
    assert.equal(hex(c.contractSeed(master, identity)), hex(seed));
    assert.equal(hex(seed), pinned.contractSeed);
  });

  it('ContractKey → identity, ecdh, storage, entry keys, hidden names, user keys', () => {
    const seed = h(pinned.contractSeed);
    const keys = c.contractKeys(seed);
    assert.equal(hex(keys.identity.publicKey), pinned.identityPublicKey);
    assert.equal(hex(keys.identity.publicKey), hex(c.Sr25519Keypair.fromSeed(independentDerive(seed, 'identity')).publicKey));
    assert.equal(hex(keys.ecdh.publicKey), pinned.ecdhPublicKey);
    assert.equal(hex(keys.storageKey), pinned.storageKey);
    assert.equal(hex(keys.storageKey), hex(independentDerive(seed, 'storage')));
    assert.equal(hex(keys.storageNameKey), pinned.storageNameKey);
    assert.equal(hex(c.storageEntryKey(keys.storageKey, P.entryName)), pinned.storageEntryKey);
    const name = c.storageEntryName(keys.storageNameKey, P.entryName);
    assert.equal(hex(name), pinned.storageEntryName);
    assert.equal(hex(name), hex(blake2b(P.entryName, { key: keys.storageNameKey, dkLen: 32 })));
    assert.equal(hex(c.contractUserKey(seed, P.userKeySalt).publicKey), pinned.userPublicKey);
  });

  it('other MasterKey-derived secrets', () => {
    assert.equal(hex(c.masterDerivedSecret(master, P.masterPurpose)), pinned.masterDerived);
    assert.notEqual(hex(c.masterDerivedSecret(master, 'another-purpose')), pinned.masterDerived);
  });

  it('a different salt, cluster or deployer gives an unrelated contract', () => {
    const base = hex(c.contractSeed(master, identity));
    for (const change of [{ salt: c.utf8('salt-2') }, { clusterId: new Uint8Array(32) }, { deployer: bob.publicKey }]) {
      assert.notEqual(hex(c.contractSeed(master, { ...identity, ...change })), base);
      assert.notEqual(hex(c.contractId({ ...identity, ...change })), pinned.contractId);
    }
  });
});

describe('channels, envelopes, sealing, signing payloads', () => {
  it('CommKey = HKDF(sr25519Agreement, "phalanx/comm/v1" ‖ pkSender ‖ pkRecipient), same at both ends', () => {
    const shared = sr25519Agreement(alice.pair.secretKey, bob.publicKey);
    const info = c.concatBytes(c.utf8('phalanx/comm/v1'), alice.publicKey, bob.publicKey);
    const expected = hex(hkdf(sha256, shared, EMPTY, info, 32));
    assert.equal(hex(c.commKeyTo(alice, bob.publicKey)), expected);
    assert.equal(hex(c.commKeyFrom(bob, alice.publicKey)), expected);
    assert.equal(expected, pinned.commKeyAliceToBob);
    assert.notEqual(hex(c.commKeyTo(bob, alice.publicKey)), expected, 'the channel key has a direction');
  });

  it('derived IV = keyed blake2b-256(ivKey, SCALE(height, seq))[..12]', () => {
    const iv = c.deriveIv(P.ivKey, P.ivHeight, P.ivSequence);
    const position = Tuple(u64, u64).enc([BigInt(P.ivHeight), BigInt(P.ivSequence)]);
    assert.equal(hex(iv), hex(blake2b(position, { key: P.ivKey, dkLen: 32 }).slice(0, 12)));
    assert.equal(hex(iv), pinned.derivedIv);
  });

  it('envelope with a derived IV is byte-identical and opens with independent AES-GCM', () => {
    const iv = h(pinned.derivedIv);
    const envelope = c.sealEnvelope(alice, bob.publicKey, P.envelopePlaintext, { associatedData: P.envelopeAd, iv });
    assert.deepEqual(
      { senderPubkey: hex(envelope.senderPubkey), iv: hex(envelope.iv), ciphertext: hex(envelope.ciphertext) },
      pinned.envelope,
    );
    const aad = c.concatBytes(c.utf8('phalanx/envelope/v1'), P.envelopeAd);
    const plaintext = gcm(h(pinned.commKeyAliceToBob), iv, aad).decrypt(envelope.ciphertext);
    assert.equal(hex(plaintext), hex(P.envelopePlaintext));
    assert.equal(hex(c.openEnvelope(bob, envelope, P.envelopeAd)), hex(P.envelopePlaintext));
  });

  it('sealed blob format', () => {
    const blob = c.seal(P.sealingKey, P.sealPurpose, P.sealPlaintext, P.sealIv);
    assert.equal(hex(blob), pinned.sealed);
    assert.equal(hex(c.unseal(P.sealingKey, P.sealPurpose, blob)), hex(P.sealPlaintext));
    const key = independentDerive(P.sealingKey, 'seal', P.sealPurpose);
    const exactAd = c.concatBytes(str.enc('phalanx/seal/v1'), Uint8Array.of(1), str.enc(P.sealPurpose));
    const ciphertext = blob.subarray(blob.length - (P.sealPlaintext.length + 16));
    assert.equal(hex(gcm(key, P.sealIv, exactAd).decrypt(ciphertext)), hex(P.sealPlaintext));
  });

  it('signing payload = SCALE("phalanx/signed/v1", kind, genesis, body)', () => {
    const payload = c.signingPayload('extrinsic', P.genesisHash, P.signedBody);
    const expected = Tuple(str, str, Bytes(32), Bytes()).enc(['phalanx/signed/v1', 'extrinsic', P.genesisHash, P.signedBody]);
    assert.equal(hex(payload), hex(expected));
    assert.equal(hex(payload), pinned.signingPayload);
  });

  it('worker commit claims sign under their own kind, "phalanx/worker-commit/v1"', () => {
    assert.equal(c.DOMAIN.workerCommit, 'phalanx/worker-commit/v1');
    const payload = c.signingPayload(c.DOMAIN.workerCommit, P.genesisHash, P.signedBody);
    const expected = Tuple(str, str, Bytes(32), Bytes()).enc([
      'phalanx/signed/v1',
      'phalanx/worker-commit/v1',
      P.genesisHash,
      P.signedBody,
    ]);
    assert.equal(hex(payload), hex(expected));
    assert.equal(hex(payload), pinned.workerCommitPayload);
  });
});

describe('domain strings', () => {
  it('are distinct, and the threshold ones are pinned (their derivations in vectors/threshold-oprf.json)', () => {
    const values = Object.values(c.DOMAIN);
    assert.equal(new Set(values).size, values.length);
    assert.deepEqual(Object.fromEntries(Object.entries(c.DOMAIN).filter(([key]) => key.startsWith('threshold'))), {
      thresholdDkgProof: 'phalanx/threshold/dkg-proof/v1',
      thresholdProofNonce: 'phalanx/threshold/proof-nonce/v1',
      thresholdPayload: 'phalanx/threshold/payload/v1',
      thresholdSeedCommit: 'phalanx/threshold/seed-commit/v1',
      thresholdSetSeed: 'phalanx/threshold/set-seed/v1',
      thresholdSeedRatchet: 'phalanx/threshold/seed-ratchet/v1',
      thresholdZeroShare: 'phalanx/threshold/zero-share/v1',
    });
  });
});
