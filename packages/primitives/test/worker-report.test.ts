// workerReportData: 64 bytes = blake2_256(SCALE(WorkerInfo)) ‖ 32 zero bytes. Pinned vectors make
// any change of the WorkerInfo encoding (the attestation format) break this test; the hash is
// cross-checked against an independent BLAKE2b (@noble/hashes).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2b } from '@noble/hashes/blake2.js';
import { blake2_256, cryptoReady } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import fc from 'fast-check';
import { WorkerInfo, workerReportData } from '../src/index.js';
import { bytes32, fromHex, PLAIN, toHex, unicodeString } from './helpers.js';
import vectors from './vectors/worker-report-data.json' with { type: 'json' };

interface JsonWorkerInfo {
  identityPubkey: string;
  ecdhPubkey: string;
  runtimeVersion: number;
  endpoints: string[];
  features: number[];
  operator: string | null;
}

function fromJson(json: JsonWorkerInfo): WorkerInfo {
  return {
    identityPubkey: fromHex(json.identityPubkey),
    ecdhPubkey: fromHex(json.ecdhPubkey),
    runtimeVersion: json.runtimeVersion,
    endpoints: json.endpoints,
    features: json.features,
    operator: json.operator === null ? undefined : fromHex(json.operator),
  };
}

/** The reference: an independent BLAKE2b-256, then 32 zero bytes. */
function referenceReportData(info: WorkerInfo): Uint8Array {
  const out = new Uint8Array(64);
  out.set(blake2b(encode(WorkerInfo, info), { dkLen: 32 }), 0);
  return out;
}

before(async () => {
  await cryptoReady();
});

describe('workerReportData', () => {
  for (const vector of vectors.vectors) {
    test(`pinned vector: ${vector.name}`, () => {
      const info = fromJson(vector.info);
      const encoding = encode(WorkerInfo, info);
      assert.equal(toHex(encoding), vector.encoding, 'the WorkerInfo encoding changed: the attestation format changed');
      assert.deepEqual(decode(WorkerInfo, fromHex(vector.encoding)), info);

      const reportData = workerReportData(info);
      assert.equal(reportData.length, 64);
      assert.equal(toHex(reportData), vector.reportData);
      assert.deepEqual(reportData.subarray(32), new Uint8Array(32), 'the second half must be zero');
      // Cross-checks of the hash half: @noble/hashes and the crypto package's blake2_256 agree.
      assert.equal(toHex(reportData.subarray(0, 32)), toHex(blake2b(encoding, { dkLen: 32 })));
      assert.equal(toHex(reportData.subarray(0, 32)), toHex(blake2_256(encoding)));
    });
  }

  test('the vectors cover both the full and the minimal WorkerInfo', () => {
    assert.ok(vectors.vectors.some((v) => v.info.operator === null && v.info.endpoints.length === 0));
    assert.ok(vectors.vectors.some((v) => v.info.operator !== null && v.info.endpoints.length > 1));
  });

  test('every field is bound: changing any one changes the report data', () => {
    const first = vectors.vectors[0];
    assert.ok(first !== undefined);
    const info = fromJson(first.info);
    const base = toHex(workerReportData(info));
    const flipped = (bytes: Uint8Array): Uint8Array => {
      const out = bytes.slice();
      out[31] = (out[31] as number) ^ 0x80;
      return out;
    };
    const variants: WorkerInfo[] = [
      { ...info, identityPubkey: flipped(info.identityPubkey) },
      { ...info, ecdhPubkey: flipped(info.ecdhPubkey) },
      // Swapping the two keys must matter too.
      { ...info, identityPubkey: info.ecdhPubkey, ecdhPubkey: info.identityPubkey },
      { ...info, runtimeVersion: info.runtimeVersion + 1 },
      { ...info, endpoints: info.endpoints.slice(1) },
      { ...info, endpoints: [...info.endpoints].reverse() },
      { ...info, features: [...info.features, 0] },
      { ...info, operator: undefined },
    ];
    const seen = new Set([base]);
    for (const variant of variants) {
      const data = toHex(workerReportData(variant));
      assert.ok(!seen.has(data), 'two different WorkerInfos gave the same report data');
      seen.add(data);
    }
  });

  test('property: report data = BLAKE2b-256(encoding) ‖ 32 zero bytes for any WorkerInfo', () => {
    const arb: fc.Arbitrary<WorkerInfo> = fc.record(
      {
        identityPubkey: bytes32,
        ecdhPubkey: bytes32,
        runtimeVersion: fc.integer({ min: 0, max: 0xffffffff }),
        endpoints: fc.array(unicodeString(40), { maxLength: 8 }),
        features: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 32 }),
        operator: fc.option(bytes32, { nil: undefined }),
      },
      PLAIN,
    );
    fc.assert(
      fc.property(arb, (info) => {
        assert.equal(toHex(workerReportData(info)), toHex(referenceReportData(info)));
      }),
      { numRuns: 100 },
    );
  });
});
