// Phat commit disputes (issue 12 item 2, last part): commits attributed to the worker that made
// them, attestations of a worker's own digest for a recorded block, and the majority decision that
// slashes every worker that signed another digest, once.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { Balances, Phat, poolInfo, type RuntimeCall, StakePool, signStateCommit, VOTED_BLOCKS_KEPT } from '../src/index.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  phat,
  root,
  type TestWorker,
  worker,
} from './pallet-helpers.js';
import {
  attest,
  attested,
  commitAt,
  type DisputeSetup,
  digestOf,
  disputeSetup,
  mismatchSlash,
  STAKE,
} from './phat-dispute-setup.js';
import { checkConservation } from './stake-pool-setup.js';

before(async () => {
  await cryptoReady();
});

const pub = (w: TestWorker | undefined) => (w as TestWorker).identity.publicKey;
const key = (w: TestWorker | undefined) => (w as TestWorker).identity;
const locked = (d: DisputeSetup, w: TestWorker | undefined) => StakePool.Workers.get(d.chain.state, pub(w))?.locked;

/** w1 records an attributed commit at the current block; returns its block and digest. */
function recordBy(d: DisputeSetup, w: TestWorker | undefined, label = 'a') {
  const commit = commitAt(d, label);
  expectOk(d.chain.submit(dev.bob, attested(d, commit, key(w))));
  return commit;
}

describe('Phat: attributed state commits', () => {
  test('the chain records which worker signed the recorded commit', () => {
    const d = disputeSetup();
    const commit = commitAt(d);
    const result = d.chain.submit(dev.bob, attested(d, commit, key(d.workers[0])));
    expectOk(result);
    const { contract, block, digest } = commit;
    assert.deepEqual(eventsOf(result.events, 'Phat', 'StateCommitted'), [{ contract, block, commandSequence: 1n, digest }]);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'CommitAttested'), [{ contract, block, worker: pub(d.workers[0]), digest }]);
    assert.deepEqual(Phat.CommitVotes.get(d.chain.state, [contract, block]), {
      recorded: digest,
      recordedBy: pub(d.workers[0]),
      votes: [{ worker: pub(d.workers[0]), digest }],
      resolved: false,
    });
    assert.equal(Phat.StateCommits.get(d.chain.state, contract)?.block, block);
  });

  test('commitState still records, unattributed: the block is open to attestations', () => {
    const d = disputeSetup();
    const commit = commitAt(d);
    expectOk(d.chain.submit(dev.bob, phat.commitState(signStateCommit(d.contractKey, commit, d.chain.chainId))));
    assert.deepEqual(Phat.CommitVotes.get(d.chain.state, [d.contract, commit.block]), {
      recorded: commit.digest,
      recordedBy: undefined,
      votes: [],
      resolved: false,
    });
    expectOk(d.chain.submit(dev.bob, attest(d, commit.block, commit.digest, key(d.workers[1]))));
    assert.equal(Phat.CommitVotes.get(d.chain.state, [d.contract, commit.block])?.votes.length, 1);
  });

  test('refused: a worker not serving the contract, a claim signed by another key or altered; nothing written', () => {
    const d = disputeSetup();
    const commit = commitAt(d);
    expectFailure(d.chain, dev.bob, attested(d, commit, worker('outsider').identity), 'Phat', 'NotContractWorker');
    expectFailure(d.chain, dev.bob, attested(d, commit, key(d.workers[1]), pub(d.workers[0])), 'Phat', 'BadWorkerSignature');
    const call = attested(d, commit, key(d.workers[0]));
    assert.ok(call.tag === 'Phat' && call.value.tag === 'commitStateAttested');
    const { commit: signed } = call.value.value;
    const other = signStateCommit(d.contractKey, { ...signed.commit, digest: digestOf('x') }, d.chain.chainId);
    const altered: RuntimeCall = {
      tag: 'Phat',
      value: { tag: 'commitStateAttested', value: { ...call.value.value, commit: other } },
    };
    expectFailure(d.chain, dev.bob, altered, 'Phat', 'BadWorkerSignature');
    const byWorkerOnly = { ...call.value.value, commit: signStateCommit(key(d.workers[0]), commit, d.chain.chainId) };
    expectFailure(
      d.chain,
      dev.bob,
      { tag: 'Phat', value: { tag: 'commitStateAttested', value: byWorkerOnly } },
      'Phat',
      'BadSignature',
    );
    assert.equal(Phat.StateCommits.get(d.chain.state, d.contract), undefined);
    assert.equal(Phat.CommitVotes.get(d.chain.state, [d.contract, commit.block]), undefined);
  });

  test('a conflicting attributed commit for the recorded block is evidence and its worker’s vote', () => {
    const d = disputeSetup();
    const first = recordBy(d, d.workers[0]);
    const conflicting = { ...first, digest: digestOf('state-b') };
    const result = d.chain.submit(dev.charlie, attested(d, conflicting, key(d.workers[1])));
    expectOk(result);
    assert.equal(eventsOf(result.events, 'Phat', 'StateCommitMismatch').length, 1);
    assert.deepEqual(eventsOf(result.events, 'Phat', 'CommitAttested'), [
      { contract: d.contract, block: first.block, worker: pub(d.workers[1]), digest: conflicting.digest },
    ]);
    const again = d.chain.submit(dev.charlie, attested(d, conflicting, key(d.workers[1])));
    expectOk(again);
    assert.deepEqual(eventsOf(again.events, 'Phat', 'CommitAttested'), [], 'one vote per worker');
    assert.deepEqual(Phat.StateCommits.get(d.chain.state, d.contract)?.digest, first.digest, 'the record stays');
  });
});

describe('Phat: attestCommit', () => {
  test('preconditions, each a typed error with nothing written', () => {
    const d = disputeSetup();
    const first = recordBy(d, d.workers[0]);
    const w2 = key(d.workers[1]);
    const elsewhere = { ...d, contract: digestOf('no contract') };
    expectFailure(d.chain, dev.bob, attest(elsewhere, first.block, first.digest, w2), 'Phat', 'ContractNotFound');
    expectFailure(
      d.chain,
      dev.bob,
      attest(d, first.block, digestOf('y'), worker('outsider').identity),
      'Phat',
      'NotContractWorker',
    );
    const foreign = attest(d, first.block, digestOf('y'), w2, blake2_256(utf8('another chain')));
    expectFailure(d.chain, dev.bob, foreign, 'Phat', 'BadWorkerSignature');
    expectFailure(d.chain, dev.bob, attest(d, first.block - 1, digestOf('y'), w2), 'Phat', 'NoRecordedCommit');
    expectFailure(d.chain, dev.bob, attest(d, first.block, digestOf('y'), key(d.workers[0])), 'Phat', 'AlreadyAttested');
    expectOk(d.chain.submit(dev.bob, attest(d, first.block, digestOf('y'), w2)));
    expectFailure(d.chain, dev.bob, attest(d, first.block, digestOf('z'), w2), 'Phat', 'AlreadyAttested');
  });

  test('only the last VOTED_BLOCKS_KEPT recorded blocks keep their votes', () => {
    const d = disputeSetup();
    const blocks: number[] = [];
    for (let i = 0; i <= VOTED_BLOCKS_KEPT; i++) {
      blocks.push(recordBy(d, d.workers[0], `k${i}`).block);
      d.chain.block([]);
    }
    assert.deepEqual(Phat.VotedBlocks.get(d.chain.state, d.contract), blocks.slice(1));
    assert.equal(Phat.CommitVotes.get(d.chain.state, [d.contract, blocks[0] as number]), undefined, 'the oldest is dropped');
    expectFailure(d.chain, dev.bob, attest(d, blocks[0] as number, digestOf('y'), key(d.workers[1])), 'Phat', 'NoRecordedCommit');
    expectOk(d.chain.submit(dev.bob, attest(d, blocks[1] as number, digestOf('y'), key(d.workers[1]))));
  });
});

describe('Phat: commit disputes are decided by a strict majority', () => {
  test('the recorded commit loses: its worker alone is slashed MismatchSlash (default 50%), once', () => {
    const d = disputeSetup();
    const [w1, w2, w3] = d.workers;
    const wrong = recordBy(d, w1);
    const right = digestOf('re-executed');
    const issuance = Balances.TotalIssuance.get(d.chain.state) ?? 0n;
    const tie = d.chain.submit(dev.bob, attest(d, wrong.block, right, key(w2)));
    expectOk(tie);
    assert.deepEqual(eventsOf(tie.events, 'Phat', 'CommitDisputeResolved'), [], '1 against 1 of 3: no majority yet');
    const decided = d.chain.submit(dev.bob, attest(d, wrong.block, right, key(w3)));
    expectOk(decided);
    assert.deepEqual(eventsOf(decided.events, 'Phat', 'CommitDisputeResolved'), [
      { contract: d.contract, block: wrong.block, digest: right, slashed: [pub(w1)], recordedLost: true },
    ]);
    assert.deepEqual(eventsOf(decided.events, 'StakePool', 'Slashed'), [
      { pid: d.pid, worker: pub(w1), amount: STAKE / 2n, reason: 'commit-mismatch' },
    ]);
    assert.equal(locked(d, w1), STAKE / 2n);
    assert.equal(locked(d, w2), STAKE);
    assert.equal(locked(d, w3), STAKE);
    assert.equal(poolInfo(d.chain.state, d.pid).pool.totalValue, 3n * STAKE - STAKE / 2n);
    assert.equal(Balances.TotalIssuance.get(d.chain.state), issuance - STAKE / 2n, 'the slash is burned');
    assert.equal(Phat.CommitVotes.get(d.chain.state, [d.contract, wrong.block])?.resolved, true);
    assert.deepEqual(
      Phat.StateCommits.get(d.chain.state, d.contract)?.digest,
      wrong.digest,
      'the stored state is not corrected (next step)',
    );
    checkConservation(d.chain.state);
    expectFailure(d.chain, dev.bob, attest(d, wrong.block, wrong.digest, worker('late').identity), 'Phat', 'NotContractWorker');
  });

  test('the recorded commit wins: the dissenter is slashed, and a decided dispute takes no more votes', () => {
    const d = disputeSetup(4);
    const [w1, w2, w3, w4] = d.workers;
    root(d.chain, mismatchSlash(250_000));
    const recorded = recordBy(d, w1);
    expectOk(d.chain.submit(dev.bob, attest(d, recorded.block, digestOf('other'), key(w2))));
    expectOk(d.chain.submit(dev.bob, attest(d, recorded.block, recorded.digest, key(w3))));
    assert.equal(
      Phat.CommitVotes.get(d.chain.state, [d.contract, recorded.block])?.resolved,
      false,
      '2 of 4 is no strict majority',
    );
    const decided = d.chain.submit(dev.bob, attested(d, recorded, key(w4)));
    expectOk(decided);
    assert.deepEqual(eventsOf(decided.events, 'Phat', 'CommitDisputeResolved'), [
      { contract: d.contract, block: recorded.block, digest: recorded.digest, slashed: [pub(w2)], recordedLost: false },
    ]);
    assert.equal(locked(d, w2), STAKE - STAKE / 4n);
    assert.equal(locked(d, w1), STAKE);
    checkConservation(d.chain.state);
    const late = d.chain.submit(dev.bob, attested(d, { ...recorded, digest: digestOf('late') }, key(w2)));
    expectOk(late);
    assert.deepEqual(eventsOf(late.events, 'StakePool', 'Slashed'), [], 'slashed once per dispute');
    expectFailure(d.chain, dev.bob, attest(d, recorded.block, recorded.digest, key(w2)), 'Phat', 'DisputeResolved');
  });

  test('no decision without a strict majority, nor with one digest only', () => {
    const d = disputeSetup();
    const [w1, w2, w3] = d.workers;
    const agreed = recordBy(d, w1);
    const quiet = d.chain.submit(dev.bob, attest(d, agreed.block, agreed.digest, key(w2)));
    expectOk(quiet);
    assert.deepEqual(eventsOf(quiet.events, 'Phat', 'CommitDisputeResolved'), [], 'a majority but no dispute');
    d.chain.block([]);
    const split = recordBy(d, w1, 'b');
    expectOk(d.chain.submit(dev.bob, attest(d, split.block, digestOf('two'), key(w2))));
    const three = d.chain.submit(dev.bob, attest(d, split.block, digestOf('three'), key(w3)));
    expectOk(three);
    assert.deepEqual(eventsOf(three.events, 'Phat', 'CommitDisputeResolved'), []);
    assert.deepEqual(eventsOf(three.events, 'StakePool', 'Slashed'), []);
    for (const w of d.workers) assert.equal(locked(d, w), STAKE);
    checkConservation(d.chain.state);
  });

  test('setPenaltyParams (mismatch slash): root only, at most 100%; 0 decides without burning', () => {
    const d = disputeSetup();
    expectFailure(d.chain, dev.bob, mismatchSlash(1), 'System', 'BadOrigin');
    expectSudoFailure(d.chain, mismatchSlash(1_000_001), 'StakePool', 'InvalidParams');
    assert.equal(StakePool.MismatchSlash.get(d.chain.state), undefined);
    const events = root(d.chain, mismatchSlash(0));
    assert.deepEqual(eventsOf(events, 'StakePool', 'PenaltyParamsSet'), [{ lateSlash: 0, mismatchSlash: 0 }]);
    const [w1, w2, w3] = d.workers;
    const wrong = recordBy(d, w1);
    expectOk(d.chain.submit(dev.bob, attest(d, wrong.block, digestOf('right'), key(w2))));
    const decided = d.chain.submit(dev.bob, attest(d, wrong.block, digestOf('right'), key(w3)));
    assert.equal(eventsOf(decided.events, 'Phat', 'CommitDisputeResolved').length, 1);
    assert.deepEqual(eventsOf(decided.events, 'StakePool', 'Slashed'), []);
    assert.equal(locked(d, w1), STAKE);
  });
});
