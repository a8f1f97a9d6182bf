// CometBFT's hashes and sign bytes, byte for byte: checked against a real CometBFT v0.38.26
// network (every header hash is its commit's block id, every validator set hashes to the header's
// validators_hash, every precommit signature verifies over our sign bytes) and against the sign
// bytes vector of CometBFT's own types/vote_test.go.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { verifyEd25519Zip215 } from '@phalanx/crypto';
import fc from 'fast-check';
import { cometbft as c } from '../src/index.js';
import { recorded, upperHex } from './cometbft-fixture.js';
import { toHex } from './helpers.js';

const parsed = recorded.heights.map((h) => ({
  ...c.parseCometbftSignedHeader(h.signed_header),
  validators: c.parseCometbftValidators(h.validators),
}));
const sha = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());

describe('CometBFT hashes of the recorded network', () => {
  test('every header hashes to its commit block id and to the next header’s last_block_id', () => {
    parsed.forEach(({ header, commit }, i) => {
      assert.equal(upperHex(c.headerHash(header)), upperHex(commit.blockId.hash), `height ${i + 1}`);
      const next = parsed[i + 1];
      if (next !== undefined) assert.equal(upperHex(c.headerHash(header)), upperHex(next.header.lastBlockId.hash));
    });
  });

  test('every validator set hashes to validators_hash, and the next one to next_validators_hash', () => {
    parsed.forEach(({ header, validators }, i) => {
      assert.equal(upperHex(c.validatorSetHash(validators)), upperHex(header.validatorsHash), `height ${i + 1}`);
      const next = parsed[i + 1];
      if (next !== undefined) assert.equal(upperHex(c.validatorSetHash(next.validators)), upperHex(header.nextValidatorsHash));
    });
  });

  test('genesis validators hash in CometBFT’s order (power descending, then address), not file order', () => {
    const genesis = c.parseCometbftValidators(recorded.genesis_validators);
    const first = parsed[0]?.header.validatorsHash as Uint8Array;
    assert.notEqual(upperHex(c.validatorSetHash(genesis)), upperHex(first));
    assert.equal(upperHex(c.validatorSetHash(c.sortValidatorSet(genesis))), upperHex(first));
    const six = parsed[5]?.validators ?? [];
    assert.deepEqual(c.sortValidatorSet([...six].reverse()), six); // power 2 first, then by address
  });

  test('every precommit signature verifies (ZIP-215) over voteSignBytes', () => {
    for (const { commit, validators } of parsed) {
      commit.signatures.forEach((sig, i) => {
        const pubKey = validators[i]?.pubKey as Uint8Array;
        assert.ok(verifyEd25519Zip215(sig.signature, c.voteSignBytes(recorded.chain_id, commit, i), pubKey));
        assert.ok(!verifyEd25519Zip215(sig.signature, c.voteSignBytes(`${recorded.chain_id}x`, commit, i), pubKey));
      });
    }
  });

  test('addresses are sha256(pub_key)[..20]', () => {
    for (const v of parsed.flatMap((p) => p.validators)) assert.deepEqual(c.validatorAddress(v.pubKey), v.address);
  });

  test('a header without validators hash has no hash (as Go returns nil)', () => {
    const header = { ...(parsed[0]?.header as c.CometbftHeader), validatorsHash: new Uint8Array() };
    assert.equal(c.headerHash(header).length, 0);
  });
});

describe('vote sign bytes', () => {
  test('CometBFT types/vote_test.go vector 1: precommit, height 1, round 1, zero time, no chain id', () => {
    const commit: c.CometbftCommit = {
      height: 1n,
      round: 1,
      blockId: { hash: new Uint8Array(32).fill(7), partSetHeader: { total: 1, hash: new Uint8Array(32) } },
      signatures: [
        {
          blockIdFlag: c.BLOCK_ID_FLAG.nil,
          validatorAddress: new Uint8Array(20),
          timestamp: c.GO_ZERO_TIME,
          signature: new Uint8Array(64),
        },
      ],
    };
    assert.equal(toHex(c.voteSignBytes('', commit, 0)), '0x2108021101000000000000001901000000000000002a0b088092b8c398feffffff01');
  });

  test('a nil vote signs no block id, a commit vote the commit’s (field 4), an absent one none', () => {
    const commit = parsed[2]?.commit as c.CometbftCommit;
    const asFlag = (blockIdFlag: c.BlockIdFlag) => ({
      ...commit,
      signatures: commit.signatures.map((s) => ({ ...s, blockIdFlag })),
    });
    const yes = c.voteSignBytes('chain', asFlag(c.BLOCK_ID_FLAG.commit), 0);
    const nil = c.voteSignBytes('chain', asFlag(c.BLOCK_ID_FLAG.nil), 0);
    assert.equal(yes.length - nil.length, 2 + 72); // tag + length + BlockID{hash 34, psh 2 + 36}
    assert.ok(Buffer.from(yes).includes(Buffer.from(commit.blockId.hash)));
    assert.ok(!Buffer.from(nil).includes(Buffer.from(commit.blockId.hash)));
    assert.deepEqual(c.voteSignBytes('chain', asFlag(c.BLOCK_ID_FLAG.absent), 0), nil);
    assert.throws(() => c.voteSignBytes('chain', commit, 4), { code: 'INVALID_INPUT' });
  });
});

describe('merkleRoot (RFC 6962)', () => {
  /** The tree written from the RFC's definition, for comparison. */
  const reference = (items: Uint8Array[]): Uint8Array => {
    if (items.length === 0) return sha();
    if (items.length === 1) return sha(new Uint8Array([0]), items[0] as Uint8Array);
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return sha(new Uint8Array([1]), reference(items.slice(0, k)), reference(items.slice(k)));
  };

  test('empty, one leaf and two leaves', () => {
    assert.equal(toHex(c.merkleRoot([])), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const [a, b] = [new Uint8Array([1, 2]), new Uint8Array()];
    assert.deepEqual(c.merkleRoot([a]), sha(new Uint8Array([0, 1, 2])));
    assert.deepEqual(c.merkleRoot([a, b]), sha(new Uint8Array([1]), sha(new Uint8Array([0, 1, 2])), sha(new Uint8Array([0]))));
  });

  test('equals the reference tree for 0..40 items', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 40 }), (items) => {
        assert.deepEqual(c.merkleRoot(items), reference(items));
      }),
    );
  });
});
