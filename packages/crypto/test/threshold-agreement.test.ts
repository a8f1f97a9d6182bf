// Threshold agreement: envelopes sealed to the MasterPubkey (a deployer's constructor arguments)
// open from t holders' partials exactly as with the whole MasterKey, and a bad partial is named.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isPhalanxError } from '@phalanx/errors';
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { hexOf, runDkg, seededRandom, subsets } from './threshold-helpers.js';
import { VECTOR_MASTER_SEED, vectorSharing } from './threshold-vectors.js';

let master: c.Sr25519Keypair;
before(async () => {
  await c.cryptoReady();
  master = c.Sr25519Keypair.fromSeed(VECTOR_MASTER_SEED);
});

const random = seededRandom('agreement');
const ad = c.utf8('phalanx/test/agreement');

describe('threshold agreement', () => {
  it('any t of n partials give sr25519Agreement(MasterKey, peer) and open what was sealed to the MasterPubkey', () => {
    const { group, shares } = vectorSharing(master, { n: 5, t: 3 });
    const sender = c.generateKeypair('sr25519') as c.Sr25519Keypair;
    const plaintext = c.utf8('constructor arguments');
    const envelope = c.sealEnvelope(sender, master.publicKey, plaintext, { associatedData: ad });
    const partials = shares.map((share) => th.agreementPartial(share, sender.publicKey, random));
    for (const subset of subsets(partials, 3)) {
      const { shared, used } = th.thresholdAgreement(group, sender.publicKey, subset);
      assert.equal(hexOf(shared), hexOf(master.agree(sender.publicKey)));
      assert.equal(used.length, 3);
      const opened = th.openEnvelopeWithPartials(group, envelope, subset, ad);
      assert.deepEqual(opened.plaintext, plaintext);
    }
    assert.throws(
      () => th.openEnvelopeWithPartials(group, envelope, partials, c.utf8('other')),
      (e) => isPhalanxError(e, 'DECRYPTION_FAILED'),
    );
  });

  it('after a DKG nobody holds the key, yet t partials open envelopes sealed to the group key', () => {
    const run = runDkg({ n: 3, t: 2 }, 'agreement-dkg');
    const groupKey = run.outcome.group.commitments[0] as Uint8Array;
    const sender = c.generateKeypair('sr25519') as c.Sr25519Keypair;
    const envelope = c.sealEnvelope(sender, groupKey, c.utf8('secret'), { associatedData: ad });
    const partials = run.shares.slice(1).map((share) => th.agreementPartial(share, sender.publicKey, random));
    assert.deepEqual(th.openEnvelopeWithPartials(run.outcome.group, envelope, partials, ad).plaintext, c.utf8('secret'));
  });

  it('a wrong partial is named and the rest still combine; fewer than t valid is refused', () => {
    const { group, shares } = vectorSharing(master, { n: 3, t: 2 });
    const peer = (c.generateKeypair('sr25519') as c.Sr25519Keypair).publicKey;
    const good = shares.map((share) => th.agreementPartial(share, peer, random));
    // Holder 1 answers on another point (s_1·Q): its proof cannot verify against P.
    const other = (c.generateKeypair('sr25519') as c.Sr25519Keypair).publicKey;
    const lying = { ...th.agreementPartial(shares[0] as th.KeyShare, other, random), index: 1 };
    const result = th.thresholdAgreement(group, peer, [lying, ...good.slice(1)]);
    assert.deepEqual(
      result.invalid.map((i) => i.index),
      [1],
    );
    assert.equal(hexOf(result.shared), hexOf(master.agree(peer)));
    assert.throws(
      () => th.thresholdAgreement(group, peer, [lying, good[1] as th.OprfAnswer]),
      (e) => isPhalanxError(e, 'INVALID_PROOF') && /1: DLEQ/.test((e as Error).message),
    );
  });

  it('refuses a peer key that is not a point', () => {
    const { shares } = vectorSharing(master, { n: 3, t: 2 });
    assert.throws(
      () => th.agreementPartial(shares[0] as th.KeyShare, new Uint8Array(32).fill(0xff), random),
      (e) => isPhalanxError(e, 'INVALID_KEY'),
    );
  });
});
