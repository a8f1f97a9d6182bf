// Phat pallet: clusters, code upload (with its deposit), instantiation → gatekeeper keys →
// ContractDeployed, and ordered encrypted commands (state commits: phat-commits.test.ts, gas:
// phat-gas.test.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, type Keypair, keypairFromUri, utf8 } from '@phalanx/crypto';
import { decode, encode } from '@phalanx/scale';
import {
  CODE_DEPOSIT,
  CommandMessage,
  ContractKeysMessage,
  codeDeposit,
  InstantiateRequest,
  MQ_TOPICS,
  Mq,
  Phat,
  readAccount,
  UNIT,
} from '../src/index.js';
import {
  dev,
  envelope,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  mq,
  names,
  phat,
  registerWorker,
  root,
  signed,
  TestChain,
  worker,
} from './pallet-helpers.js';
import { CLUSTER, CODE, CODE_HASH, contractKeys, deploy, idOf, outboundOf, publishKeys, SALT, setup } from './phat-setup.js';

before(async () => {
  await cryptoReady();
});

describe('Phat: clusters', () => {
  test('createCluster: registered, distinct workers, new id, root only', () => {
    const chain = new TestChain();
    const w1 = registerWorker(chain, 'w1');
    const stranger = worker('stranger');
    expectSudoFailure(chain, phat.createCluster(CLUSTER, [stranger.identity.publicKey]), 'Phat', 'WorkerNotFound');
    expectSudoFailure(
      chain,
      phat.createCluster(CLUSTER, [w1.identity.publicKey, w1.identity.publicKey]),
      'Phat',
      'DuplicateWorker',
    );
    expectFailure(chain, dev.alice, phat.createCluster(CLUSTER, [w1.identity.publicKey]), 'System', 'BadOrigin');
    const events = root(chain, phat.createCluster(CLUSTER, [w1.identity.publicKey]));
    assert.deepEqual(eventsOf(events, 'Phat', 'ClusterCreated'), [{ cluster: CLUSTER, workers: [w1.identity.publicKey] }]);
    assert.deepEqual(Phat.Clusters.get(chain.state, CLUSTER), { workers: [w1.identity.publicKey] });
    expectSudoFailure(chain, phat.createCluster(CLUSTER, []), 'Phat', 'ClusterExists');
  });

  test('addWorkerToCluster: an existing cluster, a registered worker not yet in it', () => {
    const chain = new TestChain();
    const w1 = registerWorker(chain, 'w1');
    const w2 = registerWorker(chain, 'w2');
    expectSudoFailure(chain, phat.addWorkerToCluster(CLUSTER, w2.identity.publicKey), 'Phat', 'ClusterNotFound');
    root(chain, phat.createCluster(CLUSTER, [w1.identity.publicKey]));
    expectSudoFailure(chain, phat.addWorkerToCluster(CLUSTER, worker('stranger').identity.publicKey), 'Phat', 'WorkerNotFound');
    expectSudoFailure(chain, phat.addWorkerToCluster(CLUSTER, w1.identity.publicKey), 'Phat', 'AlreadyInCluster');
    expectFailure(chain, dev.alice, phat.addWorkerToCluster(CLUSTER, w2.identity.publicKey), 'System', 'BadOrigin');
    const events = root(chain, phat.addWorkerToCluster(CLUSTER, w2.identity.publicKey));
    assert.deepEqual(eventsOf(events, 'Phat', 'WorkerAddedToCluster'), [{ cluster: CLUSTER, worker: w2.identity.publicKey }]);
    assert.deepEqual(Phat.Clusters.get(chain.state, CLUSTER)?.workers, [w1.identity.publicKey, w2.identity.publicKey]);
  });
});

describe('Phat: uploadCode', () => {
  test('stores the code under its hash and reserves the deposit', () => {
    const chain = new TestChain();
    const before = readAccount(chain.state, dev.charlie.publicKey);
    const result = chain.submit(dev.charlie, phat.uploadCode(CODE));
    expectOk(result);
    const deposit = codeDeposit(CODE.length);
    assert.equal(deposit, CODE_DEPOSIT.base + CODE_DEPOSIT.perByte * BigInt(CODE.length));
    assert.deepEqual(Phat.Codes.get(chain.state, CODE_HASH), CODE);
    assert.deepEqual(Phat.CodeInfo.get(chain.state, CODE_HASH), { owner: dev.charlie.publicKey, deposit, size: CODE.length });
    const after = readAccount(chain.state, dev.charlie.publicKey);
    assert.equal(after.reserved, before.reserved + deposit);
    assert.equal(after.free, before.free - deposit - result.fee);
    assert.deepEqual(names(result.events), [
      'Balances.FeePaid',
      'Balances.Reserved',
      'Phat.CodeUploaded',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'CodeUploaded'), [
      { codeHash: CODE_HASH, owner: dev.charlie.publicKey, size: CODE.length, deposit },
    ]);
  });

  test('the same code twice is refused (CodeExists), by anyone; empty code is refused', () => {
    const chain = new TestChain();
    expectOk(chain.submit(dev.charlie, phat.uploadCode(CODE)));
    expectFailure(chain, dev.charlie, phat.uploadCode(CODE), 'Phat', 'CodeExists');
    expectFailure(chain, dev.dave, phat.uploadCode(CODE), 'Phat', 'CodeExists');
    expectFailure(chain, dev.dave, phat.uploadCode(new Uint8Array(0)), 'Phat', 'EmptyCode');
  });

  test('an uploader who cannot reserve the deposit is refused', () => {
    const chain = new TestChain();
    const poor = keypairFromUri('//poor');
    expectOk(
      chain.submit(dev.bob, { tag: 'Balances', value: { tag: 'transfer', value: { dest: poor.publicKey, value: UNIT / 50n } } }),
    );
    const code = new Uint8Array(5000).fill(7);
    expectFailure(chain, poor, phat.uploadCode(code), 'Balances', 'InsufficientBalance');
    assert.equal(Phat.Codes.get(chain.state, blake2_256(code)), undefined);
  });
});

describe('Phat: instantiate', () => {
  test('records a pending contract and asks the gatekeepers (pallet message), args untouched', () => {
    const s = setup();
    const args = envelope(9, 100);
    const result = s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT, args));
    expectOk(result);
    const contract = idOf();
    assert.deepEqual(eventsOf(result.events, 'Phat', 'InstantiationRequested'), [
      { contract, cluster: CLUSTER, deployer: dev.charlie.publicKey, codeHash: CODE_HASH },
    ]);
    assert.deepEqual(Phat.Contracts.get(s.chain.state, contract), {
      info: {
        id: contract,
        clusterId: CLUSTER,
        deployer: dev.charlie.publicKey,
        codeHash: CODE_HASH,
        salt: SALT,
        publicKeys: undefined,
      },
      instantiatedAt: s.chain.number,
      initArgs: undefined,
      deployedAt: undefined,
      workers: [],
    });
    const [message] = outboundOf(s.chain);
    assert.ok(message !== undefined);
    assert.deepEqual(message.origin, { tag: 'Pallet', value: 'Phat' });
    assert.deepEqual(message.topic, utf8(MQ_TOPICS.instantiate));
    assert.deepEqual(decode(InstantiateRequest, message.payload), {
      contract,
      cluster: CLUSTER,
      deployer: dev.charlie.publicKey,
      codeHash: CODE_HASH,
      salt: SALT,
      args,
    });
  });

  test('the same salt twice is refused; another salt or deployer is a new contract', () => {
    const s = setup();
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    expectFailure(s.chain, dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT), 'Phat', 'ContractExists');
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, utf8('salt-2'))));
    expectOk(s.chain.submit(dev.dave, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    assert.ok(Phat.Contracts.has(s.chain.state, idOf(utf8('salt-2'))));
    assert.ok(Phat.Contracts.has(s.chain.state, idOf(SALT, dev.dave.publicKey)));
  });

  test('unknown code or cluster is refused', () => {
    const s = setup();
    expectFailure(s.chain, dev.charlie, phat.instantiate(CLUSTER, blake2_256(utf8('nope')), SALT), 'Phat', 'CodeNotFound');
    expectFailure(s.chain, dev.charlie, phat.instantiate(blake2_256(utf8('nope')), CODE_HASH, SALT), 'Phat', 'ClusterNotFound');
  });
});

describe('Phat: deployment (gatekeeper contract keys)', () => {
  test("the gatekeeper's keys deploy the contract to the cluster's workers", () => {
    const s = setup();
    const contract = idOf();
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    const keys = contractKeys('c1');
    const result = s.chain.submit(dev.bob, publishKeys(s, contract, keys));
    expectOk(result);
    const workers = [s.w1.identity.publicKey, s.w2.identity.publicKey];
    assert.deepEqual(names(result.events), [
      'Balances.FeePaid',
      'Phat.ContractDeployed',
      'Mq.MessageAccepted',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'ContractDeployed'), [{ contract, workers }]);
    const record = Phat.Contracts.get(s.chain.state, contract);
    assert.deepEqual(record?.info.publicKeys, { identityPubkey: keys.identity.publicKey, ecdhPubkey: keys.ecdh.publicKey });
    assert.equal(record?.deployedAt, s.chain.number);
    assert.deepEqual(record?.workers, workers);
    assert.deepEqual(Phat.ContractByIdentity.get(s.chain.state, keys.identity.publicKey), contract);
  });

  test('the same keys again are a no-op; different keys are reported and the first kept', () => {
    const s = setup();
    const { contract, keys } = deploy(s);
    const same = s.chain.submit(dev.bob, publishKeys(s, contract, keys));
    assert.deepEqual(names(same.events), ['Balances.FeePaid', 'Mq.MessageAccepted', 'System.ExtrinsicSuccess']);
    const other = s.chain.submit(dev.bob, publishKeys(s, contract, contractKeys('evil')));
    expectOk(other);
    assert.deepEqual(eventsOf(other.events, 'Phat', 'ContractKeysConflict'), [{ contract, gatekeeper: s.gk.identity.publicKey }]);
    assert.deepEqual(Phat.Contracts.get(s.chain.state, contract)?.info.publicKeys?.identityPubkey, keys.identity.publicKey);
  });

  test('keys for an unknown contract fail the push, which is reverted (sequence not consumed)', () => {
    const s = setup();
    const origin = { tag: 'Gatekeeper' as const, value: s.gk.identity.publicKey };
    expectFailure(s.chain, dev.bob, publishKeys(s, blake2_256(utf8('never instantiated'))), 'Phat', 'ContractNotFound');
    assert.equal(Mq.Sequences.get(s.chain.state, origin), undefined);
    s.gkSeq = 0n;
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    expectOk(s.chain.submit(dev.bob, publishKeys(s, idOf())));
    assert.equal(Mq.Sequences.get(s.chain.state, origin), 1n);
  });

  test('only a gatekeeper may publish contract keys', () => {
    const s = setup();
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    const keys = contractKeys('c1');
    const payload = encode(ContractKeysMessage, {
      contract: idOf(),
      identityPubkey: keys.identity.publicKey,
      ecdhPubkey: keys.ecdh.publicKey,
      initArgs: envelope(7),
    });
    const asWorker = { tag: 'Worker' as const, value: s.w1.identity.publicKey };
    const asGatekeeper = { tag: 'Gatekeeper' as const, value: s.w1.identity.publicKey };
    expectFailure(
      s.chain,
      dev.bob,
      mq.push(signed(s.chain, s.w1.identity, asWorker, MQ_TOPICS.contractKeys, payload, 0n)),
      'Mq',
      'TopicNotAllowed',
    );
    expectFailure(
      s.chain,
      dev.bob,
      mq.push(signed(s.chain, s.w1.identity, asGatekeeper, MQ_TOPICS.contractKeys, payload, 0n)),
      'Mq',
      'NotGatekeeper',
    );
    assert.equal(Phat.Contracts.get(s.chain.state, idOf())?.deployedAt, undefined);
  });

  test("a deployed contract's identity key may send MQ messages", () => {
    const s = setup();
    const { keys } = deploy(s);
    const origin = { tag: 'Contract' as const, value: keys.identity.publicKey };
    expectOk(s.chain.submit(dev.dave, mq.push(signed(s.chain, keys.identity, origin, 'contract/event', utf8('x'), 0n))));
  });
});

describe('Phat: commands', () => {
  test('a command to an unknown or undeployed contract is refused', () => {
    const s = setup();
    expectFailure(s.chain, dev.dave, phat.command(blake2_256(utf8('nope'))), 'Phat', 'ContractNotFound');
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    expectFailure(s.chain, dev.dave, phat.command(idOf()), 'Phat', 'ContractNotDeployed');
  });

  test('commands get consecutive sequences and reach the workers as pallet messages', () => {
    const s = setup();
    const { contract } = deploy(s);
    const env0 = envelope(0x10);
    const env1 = envelope(0x11);
    const [r0, r1] = s.chain.block([
      [dev.dave, phat.command(contract, env0)],
      [dev.eve, phat.command(contract, env1)],
    ]);
    assert.ok(r0 !== undefined && r1 !== undefined);
    expectOk(r0);
    expectOk(r1);
    assert.deepEqual(eventsOf(r0.events, 'Phat', 'CommandSubmitted'), [{ contract, sender: dev.dave.publicKey, sequence: 0n }]);
    assert.deepEqual(eventsOf(r1.events, 'Phat', 'CommandSubmitted'), [{ contract, sender: dev.eve.publicKey, sequence: 1n }]);
    assert.equal(Phat.CommandSequences.get(s.chain.state, contract), 2n);
    const messages = outboundOf(s.chain);
    // Each command names the nonce of the extrinsic that carried it (the envelope must match it).
    const usedNonce = (who: Keypair) => readAccount(s.chain.state, who.publicKey).nonce - 1;
    assert.deepEqual(
      messages.map((m) => m?.origin),
      [
        { tag: 'Pallet', value: 'Phat' },
        { tag: 'Pallet', value: 'Phat' },
      ],
    );
    assert.deepEqual(
      messages.map((m) => decode(CommandMessage, m?.payload ?? new Uint8Array())),
      [
        {
          contract,
          sender: dev.dave.publicKey,
          sequence: 0n,
          txNonce: usedNonce(dev.dave),
          gasLimit: 1_000_000n,
          envelope: env0,
        },
        { contract, sender: dev.eve.publicKey, sequence: 1n, txNonce: usedNonce(dev.eve), gasLimit: 1_000_000n, envelope: env1 },
      ],
    );
    assert.ok(messages.every((m) => Buffer.from(m?.topic ?? []).toString() === MQ_TOPICS.command));
  });
});
