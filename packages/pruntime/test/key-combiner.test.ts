// The worker side of threshold deployment on its own: answers from the group's members, one of
// them lying (a valid-looking answer for another input), combine into exactly the seed of the
// honest ones, and the liar is named with its index and the reason.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  blake2_256,
  contractId,
  contractInput,
  contractKeys,
  cryptoReady,
  generateKeypair,
  openEnvelope,
  randomBytes,
  type Sr25519Keypair,
  sealEnvelope,
  threshold,
  utf8,
} from '@phalanx/crypto';
import type { Message } from '@phalanx/primitives';
import {
  buildGenesisState,
  ContractKeysMessage,
  devGenesisConfig,
  InstantiateRequest,
  KeyAnswerMessage,
  MQ_TOPICS,
  Overlay,
  Phat,
  THRESHOLD_TOPICS,
  Threshold,
} from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { KeyAnswer, keyAnswerAd } from '../src/enclave/threshold/key-answers.js';
import { ContractKeyCombiner } from '../src/enclave/threshold/key-combiner.js';

before(async () => {
  await cryptoReady();
});

const sr = () => generateKeypair('sr25519') as Sr25519Keypair;

/** A 2-of-3 group from an in-memory DKG. */
function group() {
  const params = { n: 3, t: 2 };
  const context = utf8('key-combiner-test');
  const started = [1, 2, 3].map((i) => threshold.dkgStart(params, i, context, randomBytes));
  const transcript = { dealings: started.map((s) => s.dealing), complaints: [], justifications: [] };
  // Every payload first: finishing erases a member's polynomial.
  const inboxes = started.map(
    (s) => new Map(started.filter((o) => o !== s).map((o) => [o.state.index, threshold.dkgPayload(o.state, s.state.index)])),
  );
  return started.map((s, k) => threshold.dkgFinish(s.state, transcript, inboxes[k] as Map<number, Uint8Array>));
}

describe('ContractKeyCombiner', () => {
  it('names a lying gatekeeper and combines the honest answers into the contract seed', () => {
    const members = group();
    const gatekeepers = [sr(), sr(), sr()];
    const ecdhs = [sr(), sr(), sr()];
    const worker = { identity: sr(), ecdh: sr() };
    const state = new Overlay(buildGenesisState(devGenesisConfig()));
    const cluster = blake2_256(utf8('cluster'));
    Phat.Clusters.set(state, cluster, { workers: [worker.identity.publicKey] });
    const g = members[0]?.outcome.group as threshold.GroupPublic;
    Threshold.Group.set(state, { session: 0, members: gatekeepers.map((k) => k.publicKey), group: g });
    const identity = { clusterId: cluster, deployer: sr().publicKey, codeHash: blake2_256(utf8('code')), salt: utf8('s') };
    const contract = contractId(identity);
    const request = encode(InstantiateRequest, {
      contract,
      cluster,
      deployer: identity.deployer,
      codeHash: identity.codeHash,
      salt: identity.salt,
      args: { senderPubkey: sr().publicKey, iv: new Uint8Array(12), ciphertext: new Uint8Array(16) },
    });
    const pallet: Message = { origin: { tag: 'Pallet', value: 'Phat' }, topic: utf8(MQ_TOPICS.instantiate), payload: request };
    const answerFrom = (i: number, input: Uint8Array): Message => {
      const seed = threshold.oprfPartialEvaluate((members[i] as { share: threshold.KeyShare }).share, input, randomBytes);
      const envelope = sealEnvelope(
        ecdhs[i] as Sr25519Keypair,
        worker.ecdh.publicKey,
        encode(KeyAnswer, { seed, args: undefined }),
        {
          associatedData: keyAnswerAd(contract, worker.identity.publicKey),
        },
      );
      return {
        origin: { tag: 'Gatekeeper', value: (gatekeepers[i] as Sr25519Keypair).publicKey },
        topic: utf8(THRESHOLD_TOPICS.keyAnswer),
        payload: encode(KeyAnswerMessage, { contract, recipient: worker.identity.publicKey, envelope }),
      };
    };
    const combiner = new ContractKeyCombiner(worker.identity.publicKey, (envelope, ad) =>
      openEnvelope(worker.ecdh, envelope, ad),
    );
    combiner.onBlock(state, 1, [pallet]);
    // Gatekeeper 1 answers for another contract's input: its proof cannot verify for this one.
    const lie = answerFrom(0, utf8('another contract'));
    const { egress } = combiner.onBlock(state, 2, [lie, answerFrom(1, contractInput(identity))]);
    assert.equal(egress.length, 0, 'one honest answer is not enough');
    assert.deepEqual(
      combiner.refused.map((r) => [r.index, r.reason]),
      [[1, 'DLEQ proof does not verify against the verification share']],
    );
    const combined = combiner.onBlock(state, 3, [answerFrom(2, contractInput(identity))]);
    assert.equal(combined.egress.length, 1, 'two honest answers: the contract publishes its keys');
    const expected = threshold.thresholdContractSeed(
      g,
      identity,
      [1, 2].map((i) =>
        threshold.oprfPartialEvaluate((members[i] as { share: threshold.KeyShare }).share, contractInput(identity), randomBytes),
      ),
    ).seed;
    const published = combined.egress[0];
    assert.ok(published?.tag === 'PushMessage');
    assert.equal(published.value.message.origin.tag, 'Contract');
    // What the contract publishes is derived from exactly the seed the honest answers give.
    const keys = decode(ContractKeysMessage, published.value.message.payload);
    assert.deepEqual(keys.identityPubkey, contractKeys(expected).identity.publicKey);
  });
});
