// Phat pallet: state commits signed by the contract identity (forgeries refused, conflicting
// commits reported as evidence).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { Phat, type StateCommit, signStateCommit, stateDigest } from '../src/index.js';
import { dev, eventsOf, expectFailure, expectOk, names, phat } from './pallet-helpers.js';
import { CLUSTER, CODE_HASH, contractKeys, deploy, idOf, SALT, setup } from './phat-setup.js';

before(async () => {
  await cryptoReady();
});

describe('Phat: state commits', () => {
  const digest = (label: string) => blake2_256(utf8(label));

  function deployed() {
    const s = setup();
    const { contract, keys } = deploy(s);
    expectOk(s.chain.submit(dev.dave, phat.command(contract)));
    const entry = digest('entry-a');
    const commit = (fields: Partial<StateCommit> = {}): StateCommit => {
      const base = { block: s.chain.number, commandSequence: 1n, changes: [[entry, utf8('ciphertext-a')] as const], ...fields };
      const previous = Phat.StateCommits.get(s.chain.state, contract)?.digest ?? new Uint8Array(32);
      const computed = stateDigest(previous, base.block, base.commandSequence, base.changes);
      return { contract, ...base, digest: fields.digest ?? computed };
    };
    return { s, contract, keys, commit };
  }

  test('a commit signed by the contract identity is recorded', () => {
    const { s, contract, keys, commit } = deployed();
    const c = commit();
    const result = s.chain.submit(dev.bob, phat.commitState(signStateCommit(keys.identity, c, s.chain.chainId)));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'StateCommitted'), [
      { contract, block: c.block, commandSequence: 1n, digest: c.digest },
    ]);
    assert.deepEqual(Phat.ContractStorage.get(s.chain.state, [contract, digest('entry-a')]), utf8('ciphertext-a'));
    assert.deepEqual(Phat.StateCommits.get(s.chain.state, contract), {
      block: c.block,
      commandSequence: 1n,
      digest: c.digest,
      signer: keys.identity.publicKey,
      recordedAt: s.chain.number,
    });
  });

  test('forged commits are refused: wrong key, altered fields, another chain, unknown contract', () => {
    const { s, keys, commit } = deployed();
    const c = commit();
    const byWorker = signStateCommit(s.w1.identity, c, s.chain.chainId);
    expectFailure(s.chain, dev.bob, phat.commitState(byWorker), 'Phat', 'BadSignature');
    const genuine = signStateCommit(keys.identity, c, s.chain.chainId);
    expectFailure(
      s.chain,
      dev.bob,
      phat.commitState({ ...genuine, commit: { ...c, digest: digest('other') } }),
      'Phat',
      'BadSignature',
    );
    const foreign = signStateCommit(keys.identity, c, blake2_256(utf8('other chain')));
    expectFailure(s.chain, dev.bob, phat.commitState(foreign), 'Phat', 'BadSignature');
    const unknown = signStateCommit(keys.identity, { ...c, contract: digest('nope') }, s.chain.chainId);
    expectFailure(s.chain, dev.bob, phat.commitState(unknown), 'Phat', 'ContractNotFound');
  });

  test('a commit for an undeployed contract is refused', () => {
    const s = setup();
    expectOk(s.chain.submit(dev.charlie, phat.instantiate(CLUSTER, CODE_HASH, SALT)));
    const c = { contract: idOf(), block: 1, commandSequence: 0n, changes: [], digest: digest('x') };
    expectFailure(
      s.chain,
      dev.bob,
      phat.commitState(signStateCommit(contractKeys('c1').identity, c, s.chain.chainId)),
      'Phat',
      'ContractNotDeployed',
    );
  });

  test('the same commit again is a no-op; a different digest for the same block is evidence (StateCommitMismatch)', () => {
    const { s, contract, keys, commit } = deployed();
    const first = commit();
    expectOk(s.chain.submit(dev.bob, phat.commitState(signStateCommit(keys.identity, first, s.chain.chainId))));
    const recorded = Phat.StateCommits.get(s.chain.state, contract);

    const replica = s.chain.submit(dev.charlie, phat.commitState(signStateCommit(keys.identity, first, s.chain.chainId)));
    expectOk(replica);
    assert.deepEqual(names(replica.events), ['Balances.FeePaid', 'System.ExtrinsicSuccess']);

    const conflicting = commit({ block: first.block, digest: digest('state-b') });
    const result = s.chain.submit(dev.charlie, phat.commitState(signStateCommit(keys.identity, conflicting, s.chain.chainId)));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'StateCommitMismatch'), [
      { contract, block: first.block, recorded: first.digest, conflicting: conflicting.digest },
    ]);
    assert.deepEqual(Phat.StateCommits.get(s.chain.state, contract), recorded, 'the first commit stays');
  });

  test('stale and future commits are refused', () => {
    const { s, keys, commit } = deployed();
    const at = s.chain.number;
    const sign = (c: StateCommit) => phat.commitState(signStateCommit(keys.identity, c, s.chain.chainId));
    expectFailure(s.chain, dev.bob, sign(commit({ block: at + 100 })), 'Phat', 'FutureCommit');
    expectFailure(s.chain, dev.bob, sign(commit({ block: at, commandSequence: 2n })), 'Phat', 'FutureCommit');
    expectOk(s.chain.submit(dev.bob, sign(commit({ block: at }))));
    expectFailure(s.chain, dev.bob, sign(commit({ block: at - 1 })), 'Phat', 'StaleCommit');
    expectFailure(s.chain, dev.bob, sign(commit({ block: at + 1, commandSequence: 0n })), 'Phat', 'StaleCommit');
    expectOk(s.chain.submit(dev.bob, sign(commit({ block: at + 1, changes: [[digest('entry-a'), undefined]] }))));
    assert.equal(Phat.ContractStorage.get(s.chain.state, [idOf(), digest('entry-a')]), undefined, 'deleted');
  });

  test('a digest that does not follow from the changes is refused; changes must be sorted', () => {
    const { s, keys, commit } = deployed();
    const sign = (c: StateCommit) => phat.commitState(signStateCommit(keys.identity, c, s.chain.chainId));
    expectFailure(s.chain, dev.bob, sign(commit({ digest: digest('made up') })), 'Phat', 'BadDigest');
    const [a, b] = [digest('a'), digest('b')].sort(Buffer.compare) as [Uint8Array, Uint8Array];
    const unsorted = commit({
      changes: [
        [b, utf8('x')],
        [a, utf8('y')],
      ],
    });
    expectFailure(s.chain, dev.bob, sign(unsorted), 'Phat', 'BadChanges');
  });
});
