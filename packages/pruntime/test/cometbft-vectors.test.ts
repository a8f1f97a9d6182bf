// The finality vectors recorded from a real 4-validator CometBFT network
// (test/vectors/cometbft/four-validators.json, scripts/record-cometbft-vectors.mjs): what they hold,
// checked here so that the enclave's CometBFT light client (issue 11 item 5) can rely on it — the
// app hash rule, the validator set change and when it takes effect, addresses derived from the
// ed25519 keys, and a commit from more than 2/3 of the voting power at every height.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

interface Validator {
  address: string;
  pub_key: { type: string; value: string };
  voting_power: string;
}
interface Height {
  height: number;
  signed_header: {
    header: { chain_id: string; height: string; app_hash: string; validators_hash: string; next_validators_hash: string };
    commit: { height: string; signatures: { block_id_flag: number; validator_address: string; signature: string | null }[] };
  };
  validators: Validator[];
}
const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../test/vectors/cometbft/four-validators.json', import.meta.url)), 'utf8'),
) as { chain_id: string; cometbft: string; heights: Height[] };

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

describe('recorded CometBFT finality vectors', () => {
  test('come from the pinned CometBFT, one chain, consecutive heights', () => {
    assert.equal(vectors.cometbft, '0.38.26');
    vectors.heights.forEach((h, i) => {
      assert.equal(h.height, i + 1);
      assert.equal(h.signed_header.header.chain_id, vectors.chain_id);
      assert.equal(h.signed_header.header.height, String(h.height));
      assert.equal(h.signed_header.commit.height, String(h.height));
    });
  });

  test('header h + 1 carries the app hash the application answered at h', () => {
    for (const h of vectors.heights.slice(1))
      assert.equal(h.signed_header.header.app_hash, hex(sha256(`height ${h.height - 1}`)));
  });

  test('a validator address is the first 20 bytes of sha256 of its ed25519 key', () => {
    for (const v of vectors.heights.flatMap((h) => h.validators)) {
      assert.equal(v.pub_key.type, 'tendermint/PubKeyEd25519');
      assert.equal(v.address, hex(sha256(Buffer.from(v.pub_key.value, 'base64')).subarray(0, 20)));
    }
  });

  test('the set changed at height 4 shows in next_validators_hash at 5 and takes effect at 6', () => {
    const at = (n: number) => vectors.heights[n - 1] as Height;
    const powers = (n: number) =>
      at(n)
        .validators.map((v) => Number(v.voting_power))
        .sort();
    assert.deepEqual(powers(5), [1, 1, 1, 1]);
    assert.deepEqual(powers(6), [1, 1, 1, 2]);
    assert.equal(at(4).signed_header.header.next_validators_hash, at(4).signed_header.header.validators_hash);
    assert.notEqual(at(5).signed_header.header.next_validators_hash, at(5).signed_header.header.validators_hash);
    assert.equal(at(6).signed_header.header.validators_hash, at(5).signed_header.header.next_validators_hash);
  });

  test('every commit is signed by more than 2/3 of that height’s voting power', () => {
    for (const h of vectors.heights) {
      const power = new Map(h.validators.map((v) => [v.address, Number(v.voting_power)]));
      const total = [...power.values()].reduce((a, b) => a + b, 0);
      const signed = h.signed_header.commit.signatures
        .filter((s) => s.block_id_flag === 2 && s.signature !== null)
        .reduce((sum, s) => sum + (power.get(s.validator_address) ?? 0), 0);
      assert.ok(3 * signed > 2 * total, `height ${h.height}: ${signed} of ${total}`);
    }
  });
});
