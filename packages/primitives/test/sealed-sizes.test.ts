import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CommChannels, cryptoReady, generateKeypair, type Sr25519Keypair, sealWithCommKey } from '@phalanx/crypto';
import {
  CALL_LIMITS,
  type CallReceipt,
  type CommandPayload,
  commandAd,
  Envelope,
  Hash,
  Message,
  openCommand,
  openQuery,
  openQueryResponse,
  openReceipt,
  PADDING,
  paddingBuckets,
  QUERY_MAX_ARGS,
  QUERY_MAX_RESULT,
  type QueryResponse,
  receiptAd,
  SEAL_TAG_BYTES,
  sealCommand,
  sealQuery,
  sealQueryResponse,
  sealReceipt,
} from '@phalanx/primitives';
import { encode, enumOf, str, struct, u32, u64, unit, vec } from '@phalanx/scale';
import fc from 'fast-check';
import { expectCode } from './helpers.js';

const KIB = 1024;
const callBuckets = paddingBuckets(PADDING.call);
const contract = new Uint8Array(32).fill(0xc0);
const sender = new Uint8Array(32).fill(0x5e);
let contractKey: CommChannels; // the contract's EcdhKey, as a worker holds it
let session: Sr25519Keypair; // the caller's session key

before(async () => {
  await cryptoReady();
  contractKey = new CommChannels(generateKeypair('sr25519') as Sr25519Keypair);
  session = generateKeypair('sr25519') as Sr25519Keypair;
});

const seal = (payload: CommandPayload) => sealCommand(session, contractKey.self.publicKey, contract, sender, payload);
const open = (envelope: Envelope) => openCommand(contractKey.with(envelope.senderPubkey).from, envelope, contract, sender);
const sealR = (receipt: CallReceipt, sequence = 7n) =>
  sealReceipt(
    contractKey.with(session.publicKey).to,
    contractKey.self.publicKey,
    contract,
    sequence,
    receipt,
    new Uint8Array(12),
  );

// The runtime's message layouts (packages/runtime/src/pallets/phat/types.ts), mirrored here: primitives cannot import the runtime.
const CommandMessage = struct('CommandMessage', {
  contract: Hash,
  sender: Hash,
  sequence: u64,
  txNonce: u32,
  envelope: Envelope,
});
const ContractReceipts = struct('ContractReceipts', {
  contract: Hash,
  receipts: vec(
    struct('ContractReceipt', { for: enumOf('ReceiptFor', { Init: unit, Command: u64 }), receipt: Envelope }),
    10_000,
  ),
});
/** Encodes `payload` as one MQ message: throws ENCODE beyond LIMITS.mqPayload (64 KiB). */
const asMqMessage = (payload: Uint8Array) =>
  encode(Message, { origin: { tag: 'Pallet', value: 'Phat' }, topic: new TextEncoder().encode('phalanx/phat/x'), payload });

describe('commands are padded to size buckets', () => {
  test('any method and argument length seals to a bucket and opens to the same command', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: CALL_LIMITS.method }),
        fc.oneof(fc.nat({ max: 2000 }), fc.nat({ max: CALL_LIMITS.args })),
        fc.nat({ max: 2 ** 32 - 1 }),
        (method, argsLength, nonce) => {
          fc.pre(new TextEncoder().encode(method).length <= CALL_LIMITS.method);
          const command = { method, args: 'a'.repeat(argsLength), nonce };
          const envelope = seal(command);
          assert.ok(callBuckets.includes(envelope.ciphertext.length), `${envelope.ciphertext.length} is not a bucket`);
          assert.deepEqual(open(envelope), command);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('two argument lengths within a bucket give envelopes of the same size', () => {
    const short = seal({ method: 'transfer', args: '[1]', nonce: 0 });
    const long = seal({
      method: 'transfer',
      args: '["5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",250000000000]',
      nonce: 41,
    });
    assert.equal(short.ciphertext.length, 256);
    assert.equal(long.ciphertext.length, short.ciphertext.length);
  });

  test('the largest command fits the top bucket, and its CommandMessage one MQ message', () => {
    const largest = seal({ method: 'm'.repeat(CALL_LIMITS.method), args: 'a'.repeat(CALL_LIMITS.args), nonce: 2 ** 32 - 1 });
    assert.equal(largest.ciphertext.length, PADDING.call.top);
    const message = encode(CommandMessage, { contract, sender, sequence: 2n ** 64n - 1n, txNonce: 0, envelope: largest });
    assert.doesNotThrow(() => asMqMessage(message));
    expectCode(() => seal({ method: 'm', args: 'a'.repeat(CALL_LIMITS.args + 1), nonce: 0 }), 'ENCODE');
  });

  test('a command sealed with the right key but a malformed frame is refused (CODEC), not decoded', () => {
    const plain = new Uint8Array(256 - SEAL_TAG_BYTES);
    plain.set(encode(u32, 5));
    plain.set(encode(struct('P', { m: u32 }), { m: 1 }), 4);
    plain[200] = 1; // a non-zero padding byte
    const channel = new CommChannels(session).with(contractKey.self.publicKey).to;
    const envelope = sealWithCommKey(channel, session.publicKey, plain, { associatedData: commandAd(contract, sender) });
    expectCode(() => open(envelope), 'CODEC', /padding byte/);
  });

  test('an unpadded command in the old format (AD label v1) fails authentication: the label names the format', () => {
    const channel = new CommChannels(session).with(contractKey.self.publicKey).to;
    const v1 = new Uint8Array([...new TextEncoder().encode('phalanx/command/v1'), ...contract, ...sender]);
    const plain = encode(struct('CommandPayload', { method: str(64), args: str(64), nonce: u32 }), {
      method: 'inc',
      args: '[]',
      nonce: 0,
    });
    const envelope = sealWithCommKey(channel, session.publicKey, plain, { associatedData: v1 });
    expectCode(() => open(envelope), 'DECRYPTION_FAILED');
  });
});

describe('receipts are padded to size buckets', () => {
  const success: CallReceipt = {
    ok: true,
    result: '999750',
    error: '',
    gasUsed: 1_234_567n,
    events: [{ name: 'Transfer', data: '{"amount":250}' }],
  };
  // The failures a worker writes itself (packages/pruntime/src/contracts/instance.ts) and a contract's own error.
  const failures = [
    'the command envelope could not be opened: tampered, or not sealed by this signer to this contract',
    'the command was replayed: its envelope belongs to another extrinsic (nonce mismatch)',
    'Error: insufficient balance',
  ].map((error): CallReceipt => ({ ok: false, result: 'null', error, gasUsed: 0n, events: [] }));

  test('a failed receipt and a short successful one have the same sealed size', () => {
    const size = sealR(success).ciphertext.length;
    assert.equal(size, 256);
    for (const failure of failures) assert.equal(sealR(failure).ciphertext.length, size, failure.error);
  });

  test('any receipt seals to a bucket, opens to itself, and replicas seal the same bytes', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat({ max: CALL_LIMITS.result }), fc.nat({ max: 20 }), (ok, resultLength, events) => {
        const receipt: CallReceipt = {
          ok,
          result: ok ? '7'.repeat(resultLength) : 'null',
          error: ok ? '' : 'e'.repeat(resultLength % CALL_LIMITS.error),
          gasUsed: BigInt(resultLength) * 1000n,
          events: Array.from({ length: ok ? events : 0 }, (_, i) => ({ name: `E${i}`, data: '{"x":1}'.repeat(i) })),
        };
        const envelope = sealR(receipt, 3n);
        assert.ok(callBuckets.includes(envelope.ciphertext.length), `${envelope.ciphertext.length} is not a bucket`);
        assert.deepEqual(sealR(receipt, 3n), envelope, 'the same receipt and IV must give the same bytes');
        assert.deepEqual(openReceipt(session, envelope, contract, 3n), receipt);
        assert.deepEqual(openReceipt(new CommChannels(session), envelope, contract, 3n), receipt);
      }),
      { numRuns: 60 },
    );
  });

  test('the largest receipt the engine can produce fits the top bucket, and its ContractReceipts one MQ message', () => {
    // The engine's limits (packages/pruntime/src/contracts/limits.ts): a 32 KiB result, 64 events of
    // 16 KiB together (names included); the error field at its codec limit on top, for the worst case.
    const largest: CallReceipt = {
      ok: true,
      result: 'r'.repeat(CALL_LIMITS.result),
      error: 'e'.repeat(CALL_LIMITS.error),
      gasUsed: 2n ** 64n - 1n,
      events: Array.from({ length: CALL_LIMITS.events }, () => ({ name: 'n'.repeat(64), data: 'd'.repeat(192) })),
    };
    const envelope = sealR(largest, 2n ** 64n - 1n);
    assert.equal(envelope.ciphertext.length, PADDING.call.top);
    const payload = encode(ContractReceipts, {
      contract,
      receipts: [{ for: { tag: 'Command', value: 2n ** 64n - 1n }, receipt: envelope }],
    });
    assert.doesNotThrow(() => asMqMessage(payload));
  });

  test('a receipt sealed with the right key but claiming a wrong length is refused (CODEC)', () => {
    const plain = new Uint8Array(256 - SEAL_TAG_BYTES);
    plain.set(encode(u32, 300)); // more than the bucket holds
    const channel = contractKey.with(session.publicKey).to;
    const envelope = sealWithCommKey(channel, contractKey.self.publicKey, plain, { associatedData: receiptAd(contract, 1n) });
    expectCode(() => openReceipt(session, envelope, contract, 1n), 'CODEC', /length prefix/);
  });
});

describe('queries and their answers are padded to size buckets', () => {
  const chainId = new Uint8Array(32).fill(0xcc);
  const target = { tag: 'Contract', value: contract } as const;
  const request = (args: Uint8Array) => ({ nonce: new Uint8Array(16), timestamp: 1n, target, method: 'balanceOf', args });
  let worker: CommChannels;
  let account: Sr25519Keypair;
  before(() => {
    worker = new CommChannels(generateKeypair('sr25519') as Sr25519Keypair);
    account = generateKeypair('sr25519') as Sr25519Keypair;
  });
  const sealQ = (args: Uint8Array) => sealQuery(account, session, chainId, worker.self.publicKey, request(args));

  test('any argument length seals to a bucket; lengths within a bucket look the same', () => {
    const buckets = paddingBuckets(PADDING.queryRequest);
    fc.assert(
      fc.property(fc.oneof(fc.nat({ max: 2000 }), fc.nat({ max: QUERY_MAX_ARGS })), (length) => {
        const args = new Uint8Array(length).fill(0x31);
        const envelope = sealQ(args);
        assert.ok(buckets.includes(envelope.ciphertext.length), `${envelope.ciphertext.length} is not a bucket`);
        assert.deepEqual(openQuery(worker, chainId, envelope).args, args);
      }),
      { numRuns: 40 },
    );
    const own = new TextEncoder().encode('[]');
    const other = new TextEncoder().encode('["5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"]');
    assert.equal(sealQ(own).ciphertext.length, 256);
    assert.equal(sealQ(other).ciphertext.length, 256);
  });

  test('the largest query fits the top request bucket and the host’s 128 KiB body limit', () => {
    const envelope = sealQ(new Uint8Array(QUERY_MAX_ARGS));
    assert.ok(envelope.ciphertext.length <= PADDING.queryRequest.top);
    assert.ok(encode(Envelope, envelope).length <= 128 * KIB);
  });

  test('answers: a refusal and a short result have the same size; any answer is a bucket and opens to itself', () => {
    const answer = (response: QueryResponse) => sealQueryResponse(worker, session.publicKey, response);
    const refusal = answer({ ok: false, result: new Uint8Array(), error: 'Error: you may only query your own balance' });
    const result = answer({ ok: true, result: new TextEncoder().encode('250'), error: '' });
    assert.equal(refusal.ciphertext.length, 256);
    assert.equal(result.ciphertext.length, refusal.ciphertext.length);
    const buckets = paddingBuckets(PADDING.queryResponse);
    for (const length of [0, 237, 4000, 70_000, QUERY_MAX_RESULT]) {
      const response = { ok: true, result: new Uint8Array(length).fill(9), error: 'e'.repeat(1024) };
      const envelope = answer(response);
      assert.ok(buckets.includes(envelope.ciphertext.length), `${envelope.ciphertext.length} is not a bucket`);
      assert.deepEqual(openQueryResponse(session, envelope), response);
    }
  });

  test('a query sealed with the right key but a malformed frame is refused (CODEC)', () => {
    const plain = new Uint8Array(512 - SEAL_TAG_BYTES); // a 0-byte payload belongs in the 256 B bucket
    const channel = new CommChannels(session).with(worker.self.publicKey).to;
    // The AD label pins the format version ('phalanx/query/v2': padded).
    const ad = new Uint8Array([...new TextEncoder().encode('phalanx/query/v2'), ...worker.self.publicKey]);
    const envelope = sealWithCommKey(channel, session.publicKey, plain, { associatedData: ad });
    expectCode(() => openQuery(worker, chainId, envelope), 'CODEC', /not the bucket/);
  });
});
