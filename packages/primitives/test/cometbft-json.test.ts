// CometBFT RPC JSON → our types: the recorded network parses, RFC 3339 times become exact
// Timestamps, and every malformed field is refused with INVALID_INPUT naming the field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { cometbft as c } from '../src/index.js';
import { type RecordedHeight, recorded } from './cometbft-fixture.js';
import { expectCode } from './helpers.js';

const clone = <T>(value: T): T => structuredClone(value);
const at = (n: number) => recorded.heights[n - 1] as RecordedHeight;

describe('parseRfc3339', () => {
  test('nanoseconds with trailing zeros dropped, as Go writes them', () => {
    assert.deepEqual(c.parseRfc3339('2026-12-03T14:39:40.5486614Z', 't'), { seconds: 1796308780n, nanos: 548661400 });
    assert.deepEqual(c.parseRfc3339('1970-01-01T00:00:00Z', 't'), { seconds: 0n, nanos: 0 });
    assert.deepEqual(c.parseRfc3339('0001-01-01T00:00:00Z', 't'), c.GO_ZERO_TIME);
    assert.deepEqual(c.parseRfc3339('2024-02-29T23:59:59.999999999Z', 't'), { seconds: 1709251199n, nanos: 999999999 });
  });

  test('agrees with Date for every millisecond of years 1..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (ms) => {
        const t = c.parseRfc3339(new Date(ms).toISOString(), 't');
        assert.equal(t.seconds * 1000n + BigInt(t.nanos / 1e6), BigInt(ms));
      }),
    );
  });

  for (const bad of [
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01T00:00:00+01:00',
    '2026-01-01T00:00:00.1234567890Z',
    '2026-01-01t00:00:00z',
    '0000-01-01T00:00:00Z',
    '2026-01-01T00:00:00.Z',
    '',
  ]) {
    test(`refuses ${JSON.stringify(bad)}`, () =>
      void expectCode(() => c.parseRfc3339(bad, 'header.time'), 'INVALID_INPUT', /header\.time/));
  }
  test('refuses a non-string', () => void expectCode(() => c.parseRfc3339(1, 'x.time'), 'INVALID_INPUT', /x\.time/));
});

describe('parsing the recorded RPC JSON', () => {
  test('every signed header and validator set parses, with the fields CometBFT served', () => {
    for (const h of recorded.heights) {
      const sh = c.parseCometbftSignedHeader(h.signed_header);
      assert.equal(sh.header.height, BigInt(h.height));
      assert.equal(sh.header.chainId, recorded.chain_id);
      assert.equal(sh.header.version.block, 11n);
      assert.equal(sh.header.version.app, 0n);
      assert.equal(sh.commit.signatures.length, 4);
      assert.equal(c.parseCometbftValidators(h.validators).length, 4);
    }
    assert.equal(at(1).signed_header.header.app_hash, '');
    assert.equal(c.parseCometbftSignedHeader(at(1).signed_header).header.lastBlockId.hash.length, 0);
  });

  test('an absent vote parses to empty address and signature at Go’s zero time', () => {
    const json = clone(at(3).signed_header);
    json.commit.signatures[1] = { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null };
    const sig = c.parseCometbftSignedHeader(json).commit.signatures[1] as c.CometbftCommitSig;
    assert.deepEqual(sig, {
      blockIdFlag: 1,
      validatorAddress: new Uint8Array(),
      timestamp: c.GO_ZERO_TIME,
      signature: new Uint8Array(),
    });
  });

  test('a chain id is bounded in bytes, as CometBFT does: 25 two-byte characters pass, 26 do not', () => {
    const json = clone(at(3).signed_header);
    (json.header as Record<string, unknown>).chain_id = 'é'.repeat(25);
    assert.equal(c.parseCometbftSignedHeader(json).header.chainId, 'é'.repeat(25));
    (json.header as Record<string, unknown>).chain_id = 'é'.repeat(26);
    expectCode(() => c.parseCometbftSignedHeader(json), 'INVALID_INPUT', /header\.chain_id must be a string of 1\.\.50 bytes/);
  });

  test('genesis.json validators (`power`) and /validators (`voting_power`) both parse', () => {
    assert.equal(c.parseCometbftValidators(recorded.genesis_validators)[0]?.power, 1n);
  });
});

/** A field of the recorded JSON set to a bad value (`undefined` deletes it), and the field the error must name. */
type Mutation = [name: string, field: RegExp, path: (string | number)[], value: unknown];
const sig = Buffer.alloc(64, 1).toString('base64');
const absent = { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null };
const mutations: Mutation[] = [
  ['height as a number', /header\.height/, ['header', 'height'], 3],
  ['height 0', /header\.height/, ['header', 'height'], '0'],
  ['height with a leading zero', /header\.height/, ['header', 'height'], '03'],
  ['height over int64', /header\.height/, ['header', 'height'], '9223372036854775808'],
  ['chain id of 51 characters', /header\.chain_id/, ['header', 'chain_id'], 'c'.repeat(51)],
  ['empty chain id', /header\.chain_id/, ['header', 'chain_id'], ''],
  ['31-byte app hash', /header\.app_hash/, ['header', 'app_hash'], 'AB'.repeat(31)],
  ['odd-length hex', /header\.data_hash/, ['header', 'data_hash'], 'ABC'],
  ['non-hex validators hash', /header\.validators_hash/, ['header', 'validators_hash'], 'ZZ'.repeat(32)],
  ['empty proposer address', /header\.proposer_address/, ['header', 'proposer_address'], ''],
  ['missing version', /header\.version/, ['header', 'version'], undefined],
  ['time with an offset', /header\.time/, ['header', 'time'], '2026-12-03T15:39:35+01:00'],
  ['negative part total', /last_block_id\.parts\.total/, ['header', 'last_block_id', 'parts', 'total'], -1],
  ['commit height as a number', /commit\.height/, ['commit', 'height'], 3],
  ['negative round', /commit\.round/, ['commit', 'round'], -1],
  ['no signatures', /commit\.signatures/, ['commit', 'signatures'], []],
  ['151 signatures', /commit\.signatures/, ['commit', 'signatures'], new Array(151).fill(absent)],
  ['block id flag 4', /signatures\[0\]\.block_id_flag/, ['commit', 'signatures', 0, 'block_id_flag'], 4],
  [
    'a 63-byte signature',
    /signatures\[0\]\.signature/,
    ['commit', 'signatures', 0, 'signature'],
    Buffer.alloc(63).toString('base64'),
  ],
  ['unpadded base64', /signatures\[0\]\.signature/, ['commit', 'signatures', 0, 'signature'], sig.replace(/=+$/, '')],
  ['a commit vote without signature', /signatures\[0\]\.signature/, ['commit', 'signatures', 0, 'signature'], null],
  [
    'a 19-byte validator address',
    /signatures\[0\]\.validator_address/,
    ['commit', 'signatures', 0, 'validator_address'],
    'AB'.repeat(19),
  ],
  [
    'an absent vote with an address',
    /signatures\[0\]\.validator_address/,
    ['commit', 'signatures', 0],
    { ...absent, validator_address: 'AB'.repeat(20) },
  ],
  ['an absent vote with a signature', /signatures\[0\]\.signature/, ['commit', 'signatures', 0], { ...absent, signature: sig }],
  [
    'an absent vote with a time',
    /signatures\[0\]\.timestamp/,
    ['commit', 'signatures', 0],
    { ...absent, timestamp: '2026-12-03T14:39:40Z' },
  ],
  ['a secp256k1 validator', /validators\[0\]\.pub_key\.type/, ['validators', 0, 'pub_key', 'type'], 'tendermint/PubKeySecp256k1'],
  ['an address not derived from the key', /validators\[0\]\.address/, ['validators', 0, 'address'], 'AB'.repeat(20)],
  ['zero voting power', /validators\[0\]\.voting_power/, ['validators', 0, 'voting_power'], '0'],
  ['power over MaxTotalVotingPower', /validators\[0\]\.voting_power/, ['validators', 0, 'voting_power'], '1152921504606846976'],
  [
    'a 31-byte key',
    /validators\[0\]\.pub_key\.value/,
    ['validators', 0, 'pub_key', 'value'],
    Buffer.alloc(31).toString('base64'),
  ],
];

function set(root: unknown, path: (string | number)[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<
    string | number,
    unknown
  >;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

describe('malformed RPC JSON is refused with INVALID_INPUT naming the field', () => {
  for (const [name, field, path, value] of mutations) {
    test(name, () => {
      const json = { ...clone(at(3).signed_header), validators: clone(at(3).validators) };
      set(json, path, value);
      if (path[0] === 'validators') expectCode(() => c.parseCometbftValidators(json.validators), 'INVALID_INPUT', field);
      else expectCode(() => c.parseCometbftSignedHeader(json), 'INVALID_INPUT', field);
    });
  }
  test('no validators', () =>
    void expectCode(() => c.parseCometbftValidators([]), 'INVALID_INPUT', /validators must not be empty/));
  test('non-objects', () => {
    expectCode(() => c.parseCometbftSignedHeader(null), 'INVALID_INPUT', /signed_header must be an object/);
    expectCode(() => c.parseCometbftValidators({}), 'INVALID_INPUT', /validators must be an array/);
  });
});
