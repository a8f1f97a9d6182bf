// The SCALE codecs the host uses to hand CometBFT headers, commits and validator sets to the
// enclave: the recorded network survives JSON → typed → SCALE → typed unchanged, random values
// round trip, and every bound (lengths, ranges, flags) is enforced on encode and on decode.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, encode } from '@phalanx/scale';
import fc from 'fast-check';
import { cometbft as c } from '../src/index.js';
import { recorded } from './cometbft-fixture.js';
import { bytes32, checkDecodeOrReject, expectCode, PLAIN } from './helpers.js';

const L = c.COMETBFT_LIMITS;
const hash = fc.oneof(fc.constant(new Uint8Array()), bytes32);
const address = fc.uint8Array({ minLength: 20, maxLength: 20 });
const time = fc.record(
  { seconds: fc.bigInt({ min: -62135596800n, max: 253402300799n }), nanos: fc.integer({ min: 0, max: 999_999_999 }) },
  PLAIN,
);
const blockId = fc.record(
  { hash, partSetHeader: fc.record({ total: fc.integer({ min: 0, max: L.maxUint32 }), hash }, PLAIN) },
  PLAIN,
);
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const positive = fc.bigInt({ min: 1n, max: L.maxInt64 });
const headerArb: fc.Arbitrary<c.CometbftHeader> = fc.record(
  {
    version: fc.record({ block: u64, app: u64 }, PLAIN),
    chainId: fc.string({ minLength: 1, maxLength: L.chainId, unit: 'grapheme-ascii' }),
    height: positive,
    time,
    lastBlockId: blockId,
    lastCommitHash: hash,
    dataHash: hash,
    validatorsHash: hash,
    nextValidatorsHash: hash,
    consensusHash: hash,
    appHash: hash,
    lastResultsHash: hash,
    evidenceHash: hash,
    proposerAddress: address,
  },
  PLAIN,
);
const sigArb: fc.Arbitrary<c.CometbftCommitSig> = fc.record(
  {
    blockIdFlag: fc.constantFrom(1 as const, 2 as const, 3 as const),
    validatorAddress: fc.oneof(fc.constant(new Uint8Array()), address),
    timestamp: time,
    signature: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ minLength: 64, maxLength: 64 })),
  },
  PLAIN,
);
const commitArb: fc.Arbitrary<c.CometbftCommit> = fc.record(
  { height: positive, round: fc.integer({ min: 0, max: L.maxInt32 }), blockId, signatures: fc.array(sigArb, { maxLength: 6 }) },
  PLAIN,
);
const validatorArb: fc.Arbitrary<c.CometbftValidator> = fc.record(
  { address, pubKey: bytes32, power: fc.bigInt({ min: 1n, max: L.maxTotalVotingPower }) },
  PLAIN,
);

describe('CometBFT SCALE codecs', () => {
  test('the recorded network: JSON → typed → SCALE → typed is the identity', () => {
    for (const h of recorded.heights) {
      const sh = c.parseCometbftSignedHeader(h.signed_header);
      assert.deepEqual(decode(c.CometbftSignedHeaderCodec, encode(c.CometbftSignedHeaderCodec, sh)), sh);
      const vals = c.parseCometbftValidators(h.validators);
      assert.deepEqual(decode(c.CometbftValidatorSetCodec, encode(c.CometbftValidatorSetCodec, vals)), vals);
      assert.deepEqual(
        c.headerHash(decode(c.CometbftHeaderCodec, encode(c.CometbftHeaderCodec, sh.header))),
        sh.commit.blockId.hash,
      );
    }
  });

  test('a finality proof (heights 1 and 2) round trips; three heights are refused', () => {
    const [one, two] = [0, 1].map((i) => recorded.heights[i] as (typeof recorded.heights)[number]);
    const proof = {
      signedHeaders: [one, two].map((h) => c.parseCometbftSignedHeader(h?.signed_header)),
      validatorSets: [one, two].map((h) => c.parseCometbftValidators(h?.validators)),
    };
    assert.deepEqual(decode(c.CometbftFinalityProofCodec, encode(c.CometbftFinalityProofCodec, proof)), proof);
    const three = { ...proof, signedHeaders: [...proof.signedHeaders, ...proof.signedHeaders.slice(1)] };
    expectCode(() => encode(c.CometbftFinalityProofCodec, three), 'ENCODE', /3 items exceed the limit of 2/);
  });

  test('random signed headers and validator sets round trip', () => {
    fc.assert(
      fc.property(headerArb, commitArb, fc.array(validatorArb, { maxLength: 5 }), (header, commit, vals) => {
        const sh = { header, commit };
        assert.deepEqual(decode(c.CometbftSignedHeaderCodec, encode(c.CometbftSignedHeaderCodec, sh)), sh);
        assert.deepEqual(decode(c.CometbftValidatorSetCodec, encode(c.CometbftValidatorSetCodec, vals)), vals);
      }),
    );
  });

  test('random bytes either decode to a value that re-encodes exactly, or fail with CODEC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => void checkDecodeOrReject(c.CometbftSignedHeaderCodec, bytes)),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void checkDecodeOrReject(c.CometbftValidatorSetCodec, bytes)),
    );
  });

  test('out-of-bounds values are refused on encode', () => {
    const sh = c.parseCometbftSignedHeader(recorded.heights[2]?.signed_header);
    const enc = (patch: (s: c.CometbftSignedHeader) => void) => {
      const copy = structuredClone(sh);
      patch(copy);
      return () => encode(c.CometbftSignedHeaderCodec, copy);
    };
    const cases: [patch: (s: c.CometbftSignedHeader) => void, field: RegExp][] = [
      [
        (s) => {
          s.header.chainId = 'c'.repeat(51);
        },
        /chainId/,
      ],
      [
        (s) => {
          s.header.appHash = new Uint8Array(31);
        },
        /appHash/,
      ],
      [
        (s) => {
          s.header.height = 0n;
        },
        /height/,
      ],
      [
        (s) => {
          s.header.time.nanos = 1_000_000_000;
        },
        /nanos/,
      ],
      [
        (s) => {
          s.commit.round = -1;
        },
        /round/,
      ],
      [
        (s) => {
          (s.commit.signatures[0] as c.CometbftCommitSig).blockIdFlag = 4 as c.BlockIdFlag;
        },
        /BlockIdFlag/,
      ],
      [
        (s) => {
          (s.commit.signatures[0] as c.CometbftCommitSig).signature = new Uint8Array(63);
        },
        /signature/,
      ],
      [
        (s) => {
          s.commit.signatures = new Array(151).fill(s.commit.signatures[0]);
        },
        /151 items/,
      ],
    ];
    for (const [patch, field] of cases) expectCode(enc(patch), 'ENCODE', field);
    const v = { address: new Uint8Array(20), pubKey: new Uint8Array(32), power: L.maxTotalVotingPower + 1n };
    expectCode(() => encode(c.CometbftValidatorCodec, v), 'ENCODE', /power/);
  });

  test('out-of-bounds bytes are refused on decode', () => {
    const sh = c.parseCometbftSignedHeader(recorded.heights[2]?.signed_header);
    const bytes = encode(c.CometbftSignedHeaderCodec, sh);
    // version (16) ‖ chain id (1 + 12) ‖ height (8, little endian): height 0 and height 2^63 are refused
    const heightAt = 16 + 1 + sh.header.chainId.length;
    const zero = bytes.slice();
    zero.fill(0, heightAt, heightAt + 8);
    expectCode(() => decode(c.CometbftSignedHeaderCodec, zero), 'CODEC', /height/);
    const negative = bytes.slice();
    negative[heightAt + 7] = 0x80;
    expectCode(() => decode(c.CometbftSignedHeaderCodec, negative), 'CODEC', /height/);
    const flag = encode(c.CometbftCommitSigCodec, sh.commit.signatures[0] as c.CometbftCommitSig);
    flag[0] = 0;
    expectCode(() => decode(c.CometbftCommitSigCodec, flag), 'CODEC', /BlockIdFlag/);
    const longHash = new Uint8Array([16 << 2, ...new Uint8Array(16), 0, 0, 0, 0, 0]); // a 16-byte hash
    expectCode(() => decode(c.CometbftBlockIdCodec, longHash), 'CODEC', /Hash must be 0 or 32 bytes/);
  });
});
