import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ristretto255, ristretto255_oprf } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { isPhalanxError } from '@phalanx/errors';
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { hexOf, runDkg, seededRandom, subsets } from './threshold-helpers.js';
import { dkgVector, VECTOR_MASTER_SEED, VECTOR_SHARINGS, vectorIdentities, vectorSharing } from './threshold-vectors.js';
import pinned from './vectors/pinned.json' with { type: 'json' };
import vectors from './vectors/threshold-oprf.json' with { type: 'json' };

const h = (value: string) => c.fromHex(value);
const Fn = ristretto255.Point.Fn;
const nobleEvaluate = (ristretto255_oprf.oprf as unknown as { evaluate(sk: Uint8Array, input: Uint8Array): Uint8Array }).evaluate;
let master: c.Sr25519Keypair;

before(async () => {
  await c.cryptoReady();
  master = c.Sr25519Keypair.fromSeed(VECTOR_MASTER_SEED);
});

const identityOf = (v: (typeof vectors.contracts)[number]): c.ContractIdentity => ({
  clusterId: h(v.clusterId),
  deployer: h(v.deployer),
  codeHash: h(v.codeHash),
  salt: h(v.salt),
});

describe('threshold OPRF: vectors (same MasterKey, same contract seeds both ways)', () => {
  it('the single-key path gives the pinned seeds (and agrees with pinned.json)', () => {
    assert.equal(hexOf(master.publicKey), vectors.masterPublicKey);
    assert.equal(vectors.contracts[0]?.contractSeed, pinned.contractSeed);
    for (const v of vectors.contracts) {
      const identity = identityOf(v);
      assert.equal(hexOf(c.contractInput(identity)), v.input);
      assert.equal(hexOf(c.contractSeed(master, identity)), v.contractSeed);
      assert.equal(
        hexOf(hkdf(sha256, h(v.oprfOutput), new Uint8Array(0), c.utf8('phalanx/contract-seed/v1'), 32)),
        v.contractSeed,
      );
    }
  });

  it('the pinned sharings are what reshareWholeSecret deals, and share the MasterPubkey', () => {
    assert.deepEqual(
      vectorIdentities(c.devKeypair('Alice').publicKey).map(c.contractInput).map(hexOf),
      vectors.contracts.map((v) => v.input),
    );
    VECTOR_SHARINGS.forEach((params, k) => {
      const pinnedSharing = vectors.sharings[k] as (typeof vectors.sharings)[number];
      const { group, shares } = vectorSharing(master, params);
      assert.equal(pinnedSharing.n, params.n);
      assert.deepEqual(group.commitments.map(hexOf), pinnedSharing.commitments);
      assert.deepEqual(
        shares.map((s) => ({ index: s.index, secret: hexOf(s.secret) })),
        pinnedSharing.shares,
      );
      assert.equal(hexOf(th.groupKey(group)), vectors.masterPublicKey);
    });
  });

  it('every t-subset of the pinned shares gives every pinned contract seed and OPRF output', () => {
    for (const sharing of vectors.sharings) {
      const group = { n: sharing.n, t: sharing.t, epoch: 0, commitments: sharing.commitments.map(h) };
      const shares = sharing.shares.map((s) => ({ index: s.index, epoch: 0, secret: h(s.secret) }));
      for (const v of vectors.contracts) {
        const identity = identityOf(v);
        const answers = shares.map((s) => th.oprfPartialEvaluate(s, c.contractInput(identity), seededRandom(`a/${s.index}`)));
        for (const subset of subsets(answers, sharing.t)) {
          assert.equal(hexOf(th.thresholdContractSeed(group, identity, subset).seed), v.contractSeed);
          assert.equal(hexOf(th.oprfCombine(group, c.contractInput(identity), subset).output), v.oprfOutput);
        }
      }
      // Pinned answers: the elements are deterministic, the proofs follow from the seeded nonces.
      sharing.answersForFirstContract.forEach((a, k) => {
        const again = th.oprfPartialEvaluate(
          shares[k] as th.KeyShare,
          h(vectors.contracts[0]?.input as string),
          seededRandom(`vectors/answer/${sharing.n}/${a.index}`),
        );
        assert.equal(hexOf(again.element), a.element);
        assert.equal(hexOf(again.proof), a.proof);
      });
    }
  });
});

describe('threshold DKG and refresh: pinned derivations', () => {
  it('a seeded DKG and refresh reproduce the pinned proof, payload, seeds, shares and announcement', () => {
    assert.deepEqual(dkgVector(), vectors.dkg);
  });
});

describe('threshold OPRF: answers and the combiner', () => {
  it('H is the OPRF HashToGroup: s·H(input) finalized with blind 1 is noble Evaluate(s, input)', () => {
    const random = seededRandom('h');
    for (let k = 0; k < 5; k++) {
      const s = Fn.create(BigInt(`0x${hexOf(random(40))}`));
      const input = random(k * 17 + 1);
      const element = ristretto255.Point.fromBytes(th.oprfInputElement(input)).multiply(s).toBytes();
      assert.equal(
        hexOf(ristretto255_oprf.oprf.finalize(input, Fn.toBytes(1n), element)),
        hexOf(nobleEvaluate(Fn.toBytes(s), input)),
      );
    }
  });

  it('a DKG key: any t honest answers combine, a lying or broken answer is named, a dead gatekeeper is tolerated', () => {
    const run = runDkg({ n: 5, t: 3 }, 'oprf');
    const group = run.outcome.group;
    const input = c.utf8('contract input');
    const answers = run.shares.map((s) => th.oprfPartialEvaluate(s, input, seededRandom(`o/${s.index}`)));
    const reference = th.oprfCombine(group, input, answers.slice(2)).output;
    const [a1, a2, a3, a4] = answers as [th.OprfAnswer, th.OprfAnswer, th.OprfAnswer, th.OprfAnswer];
    const lying = { ...a1, element: a2.element }; // a valid point, but not s_1·H
    const badProof = { ...a2, proof: a3.proof };
    const wrongEpoch = { ...a3, epoch: 1 };
    // Gatekeeper 5 is down; 1, 2 lie or break; 3 is from another epoch; only 4 is good → not enough.
    assert.throws(
      () => th.oprfCombine(group, input, [lying, badProof, wrongEpoch, a4]),
      (e: unknown) =>
        isPhalanxError(e, 'INVALID_PROOF') && /only 1 valid/.test((e as Error).message) && /1: DLEQ/.test((e as Error).message),
    );
    const result = th.oprfCombine(group, input, [lying, badProof, a3, a4, answers[4] as th.OprfAnswer, a4]);
    assert.deepEqual(result.used, [3, 4, 5]);
    assert.deepEqual(
      result.invalid.map((i) => i.index),
      [1, 2, 4],
    );
    assert.match(result.invalid[2]?.reason ?? '', /second answer/);
    assert.equal(hexOf(result.output), hexOf(reference));
  });

  it('an answer for another input, or claiming another index, does not verify', () => {
    const run = runDkg({ n: 3, t: 2 }, 'oprf-2');
    const answer = th.oprfPartialEvaluate(run.shares[0] as th.KeyShare, c.utf8('x'), seededRandom('p'));
    assert.match(th.oprfAnswerProblem(run.outcome.group, c.utf8('y'), answer) ?? '', /DLEQ/);
    assert.match(th.oprfAnswerProblem(run.outcome.group, c.utf8('x'), { ...answer, index: 2 }) ?? '', /DLEQ/);
    assert.match(th.oprfAnswerProblem(run.outcome.group, c.utf8('x'), { ...answer, index: 9 }) ?? '', /range/);
    assert.equal(th.oprfAnswerProblem(run.outcome.group, c.utf8('x'), answer), undefined);
  });
});
