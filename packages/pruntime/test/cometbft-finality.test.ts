// CometbftFinality, the trust chain the enclave follows: from the trust root through the 12
// recorded heights across the validator change (finality of H handed out with H + 1's app hash),
// sealed-checkpoint snapshots, and the negative vectors (vectors/cometbft/negative.json), each of
// which must fail with SYNC_INVALID naming its problem and leave the tracker where it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { cometbft } from '@phalanx/primitives';
import { CometbftFinality, type CometbftTrustRoot } from '../src/light-client/index.js';
import {
  genesisValidators,
  height,
  type ParsedHeight,
  parseHeight,
  readVector,
  recorded,
  trustRoot,
} from './cometbft-fixture.js';

const appHashOf = (h: number) => new Uint8Array(createHash('sha256').update(`height ${h}`).digest());
const proofOf = (...parsed: ParsedHeight[]) => ({
  signedHeaders: parsed.map((p) => p.signedHeader),
  validatorSets: parsed.map((p) => p.validators),
});

/** A tracker that verified the recorded chain up to `upTo` (0: fresh, else ≥ 2). */
function trackerAt(upTo: number, root: CometbftTrustRoot = trustRoot): CometbftFinality {
  const tracker = new CometbftFinality(root);
  if (upTo === 0) return tracker;
  tracker.verifyNext(proofOf(height(1), height(2)));
  for (let n = 3; n <= upTo; n++) tracker.verifyNext(proofOf(height(n)));
  return tracker;
}

describe('CometbftFinality on the recorded network', () => {
  test('follows heights 1..12: each proof finalises H with the app hash of H + 1', () => {
    const tracker = new CometbftFinality(trustRoot);
    const latest = () => tracker.latest; // a getter: read anew each time
    assert.equal(latest(), undefined);
    const first = tracker.verifyNext(proofOf(height(1), height(2)));
    assert.equal(first.final.height, 1n);
    assert.deepEqual(first.nextAppHash, appHashOf(1));
    for (let n = 3; n <= 12; n++) {
      const { final, nextAppHash } = tracker.verifyNext(proofOf(height(n)));
      assert.equal(final.height, BigInt(n - 1));
      assert.deepEqual(nextAppHash, appHashOf(n - 1), `app hash after executing height ${n - 1}`);
      assert.equal(latest()?.height, BigInt(n));
    }
  });

  test('the validator change: height 6 is verified with the new set, and the old set cannot sign it', () => {
    const tracker = trackerAt(5);
    const withOldSet = { ...height(6), validators: height(5).validators };
    assert.throws(() => tracker.verifyNext(proofOf(withOldSet)), {
      code: 'SYNC_INVALID',
      message: /height 6: the validator set given does not hash/,
    });
    assert.equal(tracker.verifyNext(proofOf(height(6))).final.height, 5n);
    assert.equal(cometbft.validatorSetHash(height(6).validators).length, 32);
  });

  test('genesis validators may come in genesis.json order (they are sorted as CometBFT does)', () => {
    const shuffled = { ...trustRoot, genesisValidators: [...genesisValidators].reverse() };
    assert.equal(trackerAt(2, shuffled).latest?.height, 2n);
  });

  test('a failed proof leaves the tracker where it was', () => {
    const tracker = trackerAt(3);
    assert.throws(() => tracker.verifyNext(proofOf(height(5))), { code: 'SYNC_INVALID' });
    assert.equal(tracker.latest?.height, 3n);
    assert.equal(tracker.verifyNext(proofOf(height(4))).final.height, 3n);
    const fresh = new CometbftFinality(trustRoot);
    const badSecond = { ...height(2), validators: height(6).validators };
    assert.throws(() => fresh.verifyNext(proofOf(height(1), badSecond)), { code: 'SYNC_INVALID', message: /height 2/ });
    assert.equal(fresh.latest, undefined);
  });

  test('refuses a malformed trust root', () => {
    assert.throws(() => new CometbftFinality({ ...trustRoot, genesisAppHash: new Uint8Array(31) }), { code: 'INVALID_INPUT' });
    assert.throws(() => new CometbftFinality({ ...trustRoot, chainId: '' }), { code: 'INVALID_INPUT' });
    assert.throws(() => new CometbftFinality({ ...trustRoot, chainId: 'c'.repeat(51) }), { code: 'ENCODE' });
  });
});

describe('CometbftFinality snapshots', () => {
  test('restore continues where the snapshot was taken, fresh or after height 7', () => {
    const fresh = CometbftFinality.restore(trustRoot, new CometbftFinality(trustRoot).snapshot());
    assert.equal(fresh.latest, undefined);
    assert.equal(fresh.verifyNext(proofOf(height(1), height(2))).final.height, 1n);
    const restored = CometbftFinality.restore(trustRoot, trackerAt(7).snapshot());
    assert.deepEqual(restored.latest, height(7).signedHeader.header);
    assert.deepEqual(restored.verifyNext(proofOf(height(8))).nextAppHash, appHashOf(7));
  });

  test('refuses a snapshot of another trust root, another version, or damaged bytes', () => {
    const snapshot = trackerAt(4).snapshot();
    const otherRoot = { ...trustRoot, genesisAppHash: new Uint8Array(32) };
    assert.throws(() => CometbftFinality.restore(otherRoot, snapshot), { code: 'INVALID_INPUT', message: /another trust root/ });
    const otherVersion = snapshot.slice();
    otherVersion[0] = 2;
    assert.throws(() => CometbftFinality.restore(trustRoot, otherVersion), { code: 'CODEC', message: /version 2/ });
    assert.throws(() => CometbftFinality.restore(trustRoot, snapshot.subarray(0, snapshot.length - 1)), { code: 'CODEC' });
  });
});

interface NegativeCase {
  name: string;
  mutation: string;
  trustedUpTo: number;
  feed: number[];
  patches: { height: number; path: (string | number)[]; value: unknown }[];
  useValidatorsOf?: number;
  root?: { genesisAppHash?: string; genesisPower0?: string };
  error: string;
}

function patched(n: number, c: NegativeCase): ParsedHeight {
  const source = recorded.heights[n - 1] as (typeof recorded.heights)[number];
  const json = structuredClone({ signed_header: source.signed_header, validators: source.validators });
  if (c.useValidatorsOf !== undefined) json.validators = structuredClone(recorded.heights[c.useValidatorsOf - 1]?.validators);
  for (const { height: at, path, value } of c.patches) {
    if (at !== n) continue;
    const parent = path
      .slice(0, -1)
      .reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, json);
    parent[path[path.length - 1] as string | number] = structuredClone(value);
  }
  return parseHeight(json);
}

function rootOf(c: NegativeCase): CometbftTrustRoot {
  const root = { ...trustRoot, genesisValidators: [...genesisValidators] };
  if (c.root?.genesisAppHash !== undefined) root.genesisAppHash = new Uint8Array(Buffer.from(c.root.genesisAppHash, 'hex'));
  if (c.root?.genesisPower0 !== undefined)
    root.genesisValidators[0] = { ...(genesisValidators[0] as cometbft.CometbftValidator), power: BigInt(c.root.genesisPower0) };
  return root;
}

describe('negative vectors (vectors/cometbft/negative.json)', () => {
  const { cases } = readVector<{ cases: NegativeCase[] }>('negative.json');
  for (const c of cases) {
    test(`${c.name}: ${c.mutation}`, () => {
      const tracker = trackerAt(c.trustedUpTo, rootOf(c));
      const before = tracker.snapshot();
      const proof = proofOf(...c.feed.map((n) => patched(n, c)));
      assert.throws(
        () => tracker.verifyNext(proof),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'SYNC_INVALID', error.message);
          assert.match(error.message, new RegExp(c.error));
          return true;
        },
      );
      assert.deepEqual(tracker.snapshot(), before);
    });
  }
});
