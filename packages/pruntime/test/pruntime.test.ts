// The pRuntime through its ecall API only, as the host drives it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, devKeypair, generateKeypair, type Keypair, randomBytes, type Sr25519Keypair } from '@phalanx/crypto';
import { openQueryResponse, type QueryTarget, sealQuery, WorkerInfo, workerReportData } from '@phalanx/primitives';
import { devRegistryGenesis, Mq, verifyAttestation } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { ECALL_API_VERSION, EcallResponse, PRuntime, QUERY_FRESHNESS_MS } from '../src/index.js';
import { ChainBuilder } from './chain-builder.js';
import { call, initRequest, simTee } from './ecall-helpers.js';

const tee = (machine: string) => simTee(machine);
const init = (chain: ChainBuilder) => initRequest(chain);
/** The dev chain's blocks are final by their author's seal, which the header carries. */
const SEALED = { tag: 'AuthoritySeal', value: null } as const;

before(() => cryptoReady());

describe('pRuntime ecalls', () => {
  test('Init makes keys inside and asks to register with an attestation over its WorkerInfo', async () => {
    const chain = new ChainBuilder();
    const pruntime = new PRuntime(tee('machine-a'));
    assert.equal((await call(pruntime, init(chain))).tag, 'Ok');
    const egress = await call(pruntime, { tag: 'TakeEgress', value: null });
    assert.ok(egress.tag === 'Egress' && egress.value.length === 1);
    const item = egress.value[0];
    assert.ok(item?.tag === 'RegisterWorker');
    const report = verifyAttestation(item.value.attestation, devRegistryGenesis().attestation, 0n);
    assert.deepEqual(report.reportData, workerReportData(item.value.info));
    const again = await call(pruntime, { tag: 'TakeEgress', value: null });
    assert.ok(again.tag === 'Egress' && again.value.length === 0, 'egress is taken once');
  });

  test('a checkpoint resumes the same identity on the same machine, and nowhere else', async () => {
    const chain = new ChainBuilder();
    for (let i = 0; i < 2; i++) chain.next();
    const first = new PRuntime(tee('machine-a'));
    await call(first, init(chain));
    for (const block of chain.blocks)
      await call(first, { tag: 'FeedBlock', value: { header: block.header, changes: block.changes, proof: SEALED } });
    const info = await call(first, { tag: 'GetInfo', value: null });
    const sealed = await call(first, { tag: 'Checkpoint', value: null });
    assert.ok(info.tag === 'Info' && sealed.tag === 'Sealed');
    assert.equal(info.value.bestNumber, 2);

    const resumed = new PRuntime(tee('machine-a'));
    assert.equal(
      (
        await call(resumed, {
          tag: 'Resume',
          value: { apiVersion: ECALL_API_VERSION, sealed: sealed.value, endpoints: ['http://w1.local:8000'] },
        })
      ).tag,
      'Ok',
    );
    const after = await call(resumed, { tag: 'GetInfo', value: null });
    assert.ok(after.tag === 'Info');
    assert.deepEqual(after.value.info, info.value.info);
    assert.equal(after.value.bestNumber, 2);

    const elsewhere = await call(new PRuntime(tee('machine-b')), {
      tag: 'Resume',
      value: { apiVersion: ECALL_API_VERSION, sealed: sealed.value, endpoints: ['http://w1.local:8000'] },
    });
    assert.ok(elsewhere.tag === 'Error' && elsewhere.value.code === 'SEAL_INVALID');

    // Resumed with new endpoints, it asks to re-register (same identity, updated WorkerInfo).
    const moved = new PRuntime(tee('machine-a'));
    await call(moved, {
      tag: 'Resume',
      value: { apiVersion: ECALL_API_VERSION, sealed: sealed.value, endpoints: ['http://w1.example:9000'] },
    });
    const egress = await call(moved, { tag: 'TakeEgress', value: null });
    assert.ok(egress.tag === 'Egress' && egress.value[0]?.tag === 'RegisterWorker');
    assert.deepEqual(egress.value[0].value.info.endpoints, ['http://w1.example:9000']);
    assert.deepEqual(egress.value[0].value.info.identityPubkey, info.value.info.identityPubkey);
  });

  test('a forged block halts the pRuntime; it answers errors, never acts on it', async () => {
    const chain = new ChainBuilder();
    const block = chain.next();
    const pruntime = new PRuntime(tee('machine-a'));
    await call(pruntime, init(chain));
    const forged = { ...block.header, stateRoot: new Uint8Array(32) };
    const refused = await call(pruntime, { tag: 'FeedBlock', value: { header: forged, changes: block.changes, proof: SEALED } });
    assert.ok(refused.tag === 'Error' && refused.value.code === 'SYNC_INVALID');
    const genuine = await call(pruntime, {
      tag: 'FeedBlock',
      value: { header: block.header, changes: block.changes, proof: SEALED },
    });
    assert.ok(genuine.tag === 'Error' && /halted/.test(genuine.value.message));
    const info = await call(pruntime, { tag: 'GetInfo', value: null });
    assert.ok(info.tag === 'Info' && info.value.halted !== undefined && info.value.bestNumber === 0);
  });

  test('malformed ecalls get a typed error response', async () => {
    const pruntime = new PRuntime(tee('machine-a'));
    const response = decode(EcallResponse, await pruntime.handle(Uint8Array.of(99, 1, 2)));
    assert.ok(response.tag === 'Error' && response.value.code === 'CODEC');
    const early = await call(pruntime, { tag: 'GetInfo', value: null });
    assert.ok(early.tag === 'Error' && /not initialised/.test(early.value.message));
  });

  test('queries: answered encrypted to the one-off key; tampered, forged, replayed or stale ones refused', async () => {
    const chain = new ChainBuilder();
    const pruntime = new PRuntime(tee('machine-a'));
    await call(pruntime, init(chain));
    const info = await call(pruntime, { tag: 'GetInfo', value: null });
    assert.ok(info.tag === 'Info');
    const workerEcdh = info.value.info.ecdhPubkey;
    const chainId = Mq.ChainId.get(chain.state) ?? new Uint8Array(32);
    const now = chain.genesis.header.timestamp;
    const alice = devKeypair('Alice');
    const query = (fields: {
      method?: string;
      timestamp?: bigint;
      nonce?: Uint8Array;
      account?: Keypair;
      target?: QueryTarget;
    }) => {
      const oneOff = generateKeypair('sr25519') as Sr25519Keypair;
      const envelope = sealQuery(fields.account ?? alice, oneOff, chainId, workerEcdh, {
        nonce: fields.nonce ?? randomBytes(16),
        timestamp: fields.timestamp ?? now,
        target: fields.target ?? { tag: 'Worker', value: null },
        method: fields.method ?? 'info',
        args: new Uint8Array(),
      });
      return { oneOff, envelope };
    };

    const { oneOff, envelope } = query({});
    const answer = await call(pruntime, { tag: 'Query', value: envelope });
    assert.ok(answer.tag === 'QueryAnswer');
    const response = openQueryResponse(oneOff, answer.value);
    assert.equal(response.ok, true);
    assert.deepEqual(decode(WorkerInfo, response.result), info.value.info);
    assert.throws(() => openQueryResponse(generateKeypair('sr25519') as Sr25519Keypair, answer.value), {
      code: 'DECRYPTION_FAILED',
    });

    const replay = await call(pruntime, { tag: 'Query', value: envelope });
    assert.ok(replay.tag === 'Error' && /replayed/.test(replay.value.message));
    const stale = await call(pruntime, { tag: 'Query', value: query({ timestamp: now - QUERY_FRESHNESS_MS - 1n }).envelope });
    assert.ok(stale.tag === 'Error' && /too old/.test(stale.value.message));
    const bad = query({});
    const tampered = { ...bad.envelope, ciphertext: bad.envelope.ciphertext.slice() };
    tampered.ciphertext[5] = (tampered.ciphertext[5] as number) ^ 1;
    const refused = await call(pruntime, { tag: 'Query', value: tampered });
    assert.ok(refused.tag === 'Error' && refused.value.code === 'DECRYPTION_FAILED');

    const contract = query({ target: { tag: 'Contract', value: new Uint8Array(32) } });
    const none = await call(pruntime, { tag: 'Query', value: contract.envelope });
    assert.ok(none.tag === 'QueryAnswer' && openQueryResponse(contract.oneOff, none.value).ok === false);
    const unknown = query({ method: 'selfdestruct' });
    const answerUnknown = await call(pruntime, { tag: 'Query', value: unknown.envelope });
    assert.ok(
      answerUnknown.tag === 'QueryAnswer' &&
        /unknown worker method/.test(openQueryResponse(unknown.oneOff, answerUnknown.value).error),
    );
  });
});
