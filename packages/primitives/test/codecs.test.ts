// The shared SCALE types: round trips, pinned wire layout, size limits on both encode and decode,
// and fuzzing of their (nested) decoders.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytes, type Codec, decode, encode, enumOf, fixedBytes, option, str, struct, u32, vec } from '@phalanx/scale';
import fc from 'fast-check';
import {
  AccountId,
  ContractInfo,
  ContractPublicKeys,
  Envelope,
  Hash,
  LIMITS,
  Message,
  MessageOrigin,
  MultiSignature,
  MultiSigner,
  PublicKey,
  SignedMessage,
  SignedPayload,
  WorkerInfo,
} from '../src/index.js';
import { bytes32, checkDecodeOrReject, expectCode, fromHex, PLAIN, toHex, unicodeString } from './helpers.js';

const bytes64 = fc.uint8Array({ minLength: 64, maxLength: 64 });
const tagged = <T extends string, A>(tag: T, value: fc.Arbitrary<A>) => fc.record({ tag: fc.constant(tag), value }, PLAIN);

const originArb: fc.Arbitrary<MessageOrigin> = fc.oneof(
  tagged('Pallet', unicodeString(16)),
  tagged('Worker', bytes32),
  tagged('Gatekeeper', bytes32),
  tagged('Contract', bytes32),
  tagged('Account', bytes32),
);
const messageArb: fc.Arbitrary<Message> = fc.record(
  { origin: originArb, topic: fc.uint8Array({ maxLength: LIMITS.mqTopic }), payload: fc.uint8Array({ maxLength: 300 }) },
  PLAIN,
);
const signedMessageArb: fc.Arbitrary<SignedMessage> = fc.record(
  { message: messageArb, sequence: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), signature: bytes64 },
  PLAIN,
);
const envelopeArb: fc.Arbitrary<Envelope> = fc.record(
  { senderPubkey: bytes32, iv: fc.uint8Array({ minLength: 12, maxLength: 12 }), ciphertext: fc.uint8Array({ maxLength: 300 }) },
  PLAIN,
);
const signedPayloadArb: fc.Arbitrary<SignedPayload> = fc.record(
  {
    signer: fc.oneof(tagged('Sr25519', bytes32), tagged('Ed25519', bytes32)),
    signature: fc.oneof(tagged('Sr25519', bytes64), tagged('Ed25519', bytes64)),
    body: fc.uint8Array({ maxLength: 300 }),
  },
  PLAIN,
);
const workerInfoArb: fc.Arbitrary<WorkerInfo> = fc.record(
  {
    identityPubkey: bytes32,
    ecdhPubkey: bytes32,
    runtimeVersion: fc.integer({ min: 0, max: 0xffffffff }),
    endpoints: fc.array(unicodeString(64), { maxLength: LIMITS.workerEndpoints }),
    features: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: LIMITS.workerFeatures }),
    operator: fc.option(bytes32, { nil: undefined }),
  },
  PLAIN,
);
const contractInfoArb: fc.Arbitrary<ContractInfo> = fc.record(
  {
    id: bytes32,
    clusterId: bytes32,
    deployer: bytes32,
    codeHash: bytes32,
    salt: fc.uint8Array({ maxLength: LIMITS.contractSalt }),
    publicKeys: fc.option(fc.record({ identityPubkey: bytes32, ecdhPubkey: bytes32 }, PLAIN), { nil: undefined }),
  },
  PLAIN,
);

const TYPES: [string, Codec<unknown>, fc.Arbitrary<unknown>][] = [
  ['Envelope', Envelope as Codec<unknown>, envelopeArb],
  ['SignedPayload', SignedPayload as Codec<unknown>, signedPayloadArb],
  ['MessageOrigin', MessageOrigin as Codec<unknown>, originArb],
  ['Message', Message as Codec<unknown>, messageArb],
  ['SignedMessage', SignedMessage as Codec<unknown>, signedMessageArb],
  ['WorkerInfo', WorkerInfo as Codec<unknown>, workerInfoArb],
  ['ContractInfo', ContractInfo as Codec<unknown>, contractInfoArb],
];

describe('round trips', () => {
  for (const [name, codec, arb] of TYPES) {
    test(`${name}: decode(encode(x)) = x`, () => {
      fc.assert(
        fc.property(arb, (value) => {
          const encoded = encode(codec, value);
          assert.deepEqual(decode(codec, encoded), value);
        }),
        { numRuns: 100 },
      );
    });
  }

  test('Message and SignedMessage with every MessageOrigin variant', () => {
    const key = new Uint8Array(32).fill(0x5a);
    const origins: MessageOrigin[] = [
      { tag: 'Pallet', value: 'phalanxRegistry' },
      { tag: 'Worker', value: key },
      { tag: 'Gatekeeper', value: key },
      { tag: 'Contract', value: key },
      { tag: 'Account', value: key },
    ];
    for (const [index, origin] of origins.entries()) {
      const message: Message = { origin, topic: new TextEncoder().encode('phalanx/topic'), payload: Uint8Array.of(1, 2, 3) };
      const encoded = encode(Message, message);
      assert.equal(encoded[0], index, `${origin.tag} must keep enum index ${index}`);
      assert.deepEqual(decode(Message, encoded), message);
      const signed: SignedMessage = { message, sequence: 2n ** 64n - 1n, signature: new Uint8Array(64).fill(index) };
      assert.deepEqual(decode(SignedMessage, encode(SignedMessage, signed)), signed);
    }
  });

  test('Message wire layout is pinned: origin, topic, payload', () => {
    const message: Message = {
      origin: { tag: 'Contract', value: new Uint8Array(32).fill(0xcc) },
      topic: Uint8Array.of(0x61, 0x62),
      payload: Uint8Array.of(0xff),
    };
    assert.equal(toHex(encode(Message, message)), `0x03${'cc'.repeat(32)}08616204ff`);
    const signed: SignedMessage = { message, sequence: 258n, signature: new Uint8Array(64).fill(0x11) };
    assert.equal(toHex(encode(SignedMessage, signed)), `0x03${'cc'.repeat(32)}08616204ff0201000000000000${'11'.repeat(64)}`);
  });

  test('MultiSigner and MultiSignature use Substrate indexes: Ed25519 = 0, Sr25519 = 1', () => {
    const key = new Uint8Array(32).fill(1);
    const sig = new Uint8Array(64).fill(2);
    assert.equal(encode(MultiSigner, { tag: 'Ed25519', value: key })[0], 0);
    assert.equal(encode(MultiSigner, { tag: 'Sr25519', value: key })[0], 1);
    assert.equal(encode(MultiSignature, { tag: 'Ed25519', value: sig })[0], 0);
    assert.equal(encode(MultiSignature, { tag: 'Sr25519', value: sig })[0], 1);
    // Substrate's index 2 is Ecdsa, which Phalanx does not accept.
    expectCode(() => decode(MultiSigner, Uint8Array.from([2, ...key])), 'CODEC', /unknown variant index 2/);
    const payload: SignedPayload = {
      signer: { tag: 'Sr25519', value: key },
      signature: { tag: 'Sr25519', value: sig },
      body: Uint8Array.of(9),
    };
    assert.equal(toHex(encode(SignedPayload, payload)), `0x01${'01'.repeat(32)}01${'02'.repeat(64)}0409`);
  });

  test('ContractInfo and Envelope layouts are pinned', () => {
    const info: ContractInfo = {
      id: new Uint8Array(32).fill(1),
      clusterId: new Uint8Array(32).fill(2),
      deployer: new Uint8Array(32).fill(3),
      codeHash: new Uint8Array(32).fill(4),
      salt: Uint8Array.of(0xab),
      publicKeys: { identityPubkey: new Uint8Array(32).fill(5), ecdhPubkey: new Uint8Array(32).fill(6) },
    };
    const expected = `0x${'01'.repeat(32)}${'02'.repeat(32)}${'03'.repeat(32)}${'04'.repeat(32)}04ab01${'05'.repeat(32)}${'06'.repeat(32)}`;
    assert.equal(toHex(encode(ContractInfo, info)), expected);
    assert.deepEqual(decode(ContractInfo, fromHex(expected)), info);
    const envelope: Envelope = {
      senderPubkey: new Uint8Array(32).fill(7),
      iv: new Uint8Array(12).fill(8),
      ciphertext: Uint8Array.of(1, 2),
    };
    assert.equal(toHex(encode(Envelope, envelope)), `0x${'07'.repeat(32)}${'08'.repeat(12)}080102`);
  });

  test('fixed-size fields refuse other lengths', () => {
    for (const codec of [Hash, AccountId, PublicKey]) {
      expectCode(() => encode(codec, new Uint8Array(31)), 'ENCODE');
      expectCode(() => decode(codec, new Uint8Array(33)), 'CODEC');
    }
    const envelope = { senderPubkey: new Uint8Array(32), iv: new Uint8Array(11), ciphertext: new Uint8Array(0) };
    expectCode(() => encode(Envelope, envelope), 'ENCODE', /Envelope\.iv/);
    expectCode(
      () => encode(ContractPublicKeys, { identityPubkey: new Uint8Array(32), ecdhPubkey: new Uint8Array(64) }),
      'ENCODE',
    );
  });
});

/**
 * Twins of the real codecs with the same layout but far larger limits: they produce the
 * oversize encodings a hostile peer could send, which the real decoders must refuse.
 */
const BIG = 4 * 1024 * 1024;
const LooseOrigin = enumOf('MessageOrigin', {
  Pallet: str(BIG),
  Worker: PublicKey,
  Gatekeeper: PublicKey,
  Contract: PublicKey,
  Account: AccountId,
});
const LooseMessage = struct('Message', { origin: LooseOrigin, topic: bytes(BIG), payload: bytes(BIG) });
const LooseWorkerInfo = struct('WorkerInfo', {
  identityPubkey: PublicKey,
  ecdhPubkey: PublicKey,
  runtimeVersion: u32,
  endpoints: vec(str(BIG), 1000),
  features: vec(u32, 1000, 4),
  operator: option(AccountId),
});
const LooseContractInfo = struct('ContractInfo', {
  id: Hash,
  clusterId: Hash,
  deployer: AccountId,
  codeHash: Hash,
  salt: bytes(BIG),
  publicKeys: option(ContractPublicKeys),
});
const LooseEnvelope = struct('Envelope', { senderPubkey: PublicKey, iv: fixedBytes(12), ciphertext: bytes(BIG) });
const LooseSignedPayload = struct('SignedPayload', { signer: MultiSigner, signature: MultiSignature, body: bytes(BIG) });

/** At the limit: both ways fine. One over: encode refuses (ENCODE), and the twin's bytes fail to decode (CODEC). */
function checkLimit<T, L>(real: Codec<T>, twin: Codec<L>, atLimit: T, overLimit: T, field: RegExp, max: number): void {
  assert.deepEqual(decode(real, encode(real, atLimit)), atLimit);
  const encodeError = expectCode(() => encode(real, overLimit), 'ENCODE');
  assert.match(encodeError.message, field);
  const hostile = encode(twin, overLimit as unknown as L);
  const decodeError = expectCode(() => decode(real, hostile), 'CODEC');
  assert.match(decodeError.message, field);
  assert.equal(decodeError.details.max, max, `decode must refuse on the limit (${max}), not on truncation`);
}

describe('limits are enforced on encode and decode', () => {
  const key = new Uint8Array(32).fill(9);
  const message = (patch: Partial<Message>): Message => ({
    origin: { tag: 'Worker', value: key },
    topic: new Uint8Array(1),
    payload: new Uint8Array(1),
    ...patch,
  });

  test(`MQ topic: at most LIMITS.mqTopic (${LIMITS.mqTopic}) bytes`, () => {
    const at = message({ topic: new Uint8Array(LIMITS.mqTopic).fill(1) });
    const over = message({ topic: new Uint8Array(LIMITS.mqTopic + 1).fill(1) });
    checkLimit(Message, LooseMessage, at, over, /^Message\.topic/, LIMITS.mqTopic);
  });

  test('MQ topic limit also holds inside a SignedMessage', () => {
    const over = { message: message({ topic: new Uint8Array(LIMITS.mqTopic + 1) }), sequence: 1n, signature: new Uint8Array(64) };
    expectCode(() => encode(SignedMessage, over), 'ENCODE', /SignedMessage\.message: Message\.topic/);
    const hostile = Uint8Array.from([...encode(LooseMessage, over.message), ...new Uint8Array(8 + 64)]);
    const err = expectCode(() => decode(SignedMessage, hostile), 'CODEC', /SignedMessage\.message: Message\.topic/);
    assert.equal(err.details.max, LIMITS.mqTopic);
  });

  test(`MQ payload: at most LIMITS.mqPayload (${LIMITS.mqPayload}) bytes`, () => {
    const at = message({ payload: new Uint8Array(LIMITS.mqPayload) });
    const over = message({ payload: new Uint8Array(LIMITS.mqPayload + 1) });
    checkLimit(Message, LooseMessage, at, over, /^Message\.payload/, LIMITS.mqPayload);
  });

  test(`pallet name: at most LIMITS.palletName (${LIMITS.palletName}) UTF-8 bytes`, () => {
    const at = message({ origin: { tag: 'Pallet', value: 'é'.repeat(LIMITS.palletName / 2) } });
    // 33 characters but 66 bytes: the limit counts bytes.
    const over = message({ origin: { tag: 'Pallet', value: 'é'.repeat(LIMITS.palletName / 2 + 1) } });
    checkLimit(Message, LooseMessage, at, over, /^Message\.origin/, LIMITS.palletName);
  });

  test(`worker endpoints: at most LIMITS.workerEndpoints (${LIMITS.workerEndpoints}), each at most ${LIMITS.endpointLength} bytes`, () => {
    const base: WorkerInfo = {
      identityPubkey: key,
      ecdhPubkey: key,
      runtimeVersion: 1,
      endpoints: [],
      features: [],
      operator: undefined,
    };
    const many = (n: number) => Array.from({ length: n }, (_, i) => `https://w${i}.example`);
    checkLimit(
      WorkerInfo,
      LooseWorkerInfo,
      { ...base, endpoints: many(LIMITS.workerEndpoints) },
      { ...base, endpoints: many(LIMITS.workerEndpoints + 1) },
      /^WorkerInfo\.endpoints/,
      LIMITS.workerEndpoints,
    );
    checkLimit(
      WorkerInfo,
      LooseWorkerInfo,
      { ...base, endpoints: ['x'.repeat(LIMITS.endpointLength)] },
      { ...base, endpoints: ['x'.repeat(LIMITS.endpointLength + 1)] },
      /^WorkerInfo\.endpoints/,
      LIMITS.endpointLength,
    );
    checkLimit(
      WorkerInfo,
      LooseWorkerInfo,
      { ...base, features: new Array<number>(LIMITS.workerFeatures).fill(7) },
      { ...base, features: new Array<number>(LIMITS.workerFeatures + 1).fill(7) },
      /^WorkerInfo\.features/,
      LIMITS.workerFeatures,
    );
  });

  test(`contract salt: at most LIMITS.contractSalt (${LIMITS.contractSalt}) bytes`, () => {
    const base: ContractInfo = {
      id: key,
      clusterId: key,
      deployer: key,
      codeHash: key,
      salt: new Uint8Array(0),
      publicKeys: undefined,
    };
    checkLimit(
      ContractInfo,
      LooseContractInfo,
      { ...base, salt: new Uint8Array(LIMITS.contractSalt) },
      { ...base, salt: new Uint8Array(LIMITS.contractSalt + 1) },
      /^ContractInfo\.salt/,
      LIMITS.contractSalt,
    );
  });

  test(`envelope ciphertext and signed body: at most 1 MiB`, () => {
    const envelope = (n: number): Envelope => ({ senderPubkey: key, iv: new Uint8Array(12), ciphertext: new Uint8Array(n) });
    checkLimit(
      Envelope,
      LooseEnvelope,
      envelope(LIMITS.envelopeCiphertext),
      envelope(LIMITS.envelopeCiphertext + 1),
      /^Envelope\.ciphertext/,
      LIMITS.envelopeCiphertext,
    );
    const payload = (n: number): SignedPayload => ({
      signer: { tag: 'Ed25519', value: key },
      signature: { tag: 'Ed25519', value: new Uint8Array(64) },
      body: new Uint8Array(n),
    });
    checkLimit(
      SignedPayload,
      LooseSignedPayload,
      payload(LIMITS.signedBody),
      payload(LIMITS.signedBody + 1),
      /^SignedPayload\.body/,
      LIMITS.signedBody,
    );
  });
});

describe('fuzz: the nested primitives decoders', () => {
  const edit = fc.record({ at: fc.nat(), byte: fc.nat(255), kind: fc.constantFrom('set', 'insert', 'delete', 'truncate') });

  for (const [name, codec, arb] of TYPES) {
    test(`${name}: random bytes decode canonically or throw PhalanxError CODEC`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
          checkDecodeOrReject(codec, input);
        }),
        { numRuns: 300 },
      );
    });

    test(`${name}: edited valid encodings decode canonically or throw PhalanxError CODEC`, () => {
      fc.assert(
        fc.property(arb, fc.array(edit, { minLength: 1, maxLength: 3 }), (value, edits) => {
          const out = [...encode(codec, value)];
          let bytes = out;
          for (const { at, byte, kind } of edits) {
            const i = bytes.length === 0 ? 0 : at % bytes.length;
            if (kind === 'set' && bytes.length > 0) bytes[i] = byte;
            else if (kind === 'insert') bytes.splice(i, 0, byte);
            else if (kind === 'delete') bytes.splice(i, 1);
            else if (kind === 'truncate') bytes = bytes.slice(0, i);
          }
          checkDecodeOrReject(codec, Uint8Array.from(bytes));
        }),
        { numRuns: 300 },
      );
    });
  }
});
