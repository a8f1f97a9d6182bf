// ABCI Query (`abci_query` over CometBFT's RPC): `/state` answers a storage value at the latest
// block with a read proof that verifies against that block's state root (the app hash CometBFT's
// next header carries); an absent key is proven absent; other paths, heights and keys are refused
// with our error codes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES } from '@phalanx/errors';
import { verifyProof } from '@phalanx/primitives';
import { System } from '@phalanx/runtime';
import { decode, bytes as scaleBytes, vec } from '@phalanx/scale';
import { answerQuery, QUERY_STATE, TRIE_PROOF_OP } from '../src/cometbft/query.js';
import { key, openChain } from './helpers.js';
import { storeFixture } from './store-fixture.js';

const store = storeFixture();
const ProofNodes = vec(scaleBytes(1 << 20), 1 << 12);
const request = (data: Uint8Array, extra: { path?: string; height?: bigint; prove?: boolean } = {}) => ({
  data,
  path: extra.path ?? QUERY_STATE,
  height: extra.height ?? 0n,
  prove: extra.prove ?? true,
});

describe('ABCI Query', () => {
  test('a value and an absence, each with a proof against the state root', async () => {
    const t = await openChain(store.dir('phalanx-abci-query-'), { verifier: store.verifier });
    try {
      const root = t.chain.bestHeader.stateRoot;
      const present = System.Account.keyOf(key('Alice').publicKey);
      const answer = answerQuery(t.chain, request(present));
      assert.equal(answer.code, 0);
      assert.equal(answer.height, 0n);
      const op = answer.proofOps?.ops[0];
      assert.equal(op?.type, TRIE_PROOF_OP);
      assert.deepEqual(verifyProof(root, decode(ProofNodes, op?.data as Uint8Array), present), answer.value);
      assert.deepEqual(answer.value, t.chain.bestState.flat.get(present));

      const absent = System.Account.keyOf(new Uint8Array(32).fill(9));
      const none = answerQuery(t.chain, request(absent));
      assert.equal(none.code, 0);
      assert.equal(none.log, 'absent');
      assert.equal(verifyProof(root, decode(ProofNodes, none.proofOps?.ops[0]?.data as Uint8Array), absent), undefined);
      assert.equal(answerQuery(t.chain, request(present, { prove: false })).proofOps, undefined);
    } finally {
      await t.close();
    }
  });

  test('another path, an old height, an empty or oversized key are refused with our codes', async () => {
    const t = await openChain(store.dir('phalanx-abci-query-'), { verifier: store.verifier });
    try {
      const k = System.Account.keyOf(key('Alice').publicKey);
      assert.equal(answerQuery(t.chain, request(k, { path: '/store/acc' })).code, ERROR_CODES.NOT_FOUND);
      assert.equal(answerQuery(t.chain, request(k, { height: 7n })).code, ERROR_CODES.NOT_FOUND);
      assert.equal(answerQuery(t.chain, request(new Uint8Array())).code, ERROR_CODES.INVALID_INPUT);
      const refused = answerQuery(t.chain, request(new Uint8Array(257)));
      assert.equal(refused.code, ERROR_CODES.INVALID_INPUT);
      assert.equal(refused.codespace, 'phalanx');
    } finally {
      await t.close();
    }
  });
});
