// The ABCI application over our runtime, driven directly (no CometBFT process): two validators'
// apps fed the same blocks give the same app hashes; a proposal with an invalid transaction is
// rejected; a decided block's bad transaction is skipped the same way on both; the handshake
// (Info) reports what was committed, and a block finalized but never committed is replayed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES } from '@phalanx/errors';
import { cometbftChainId } from '@phalanx/primitives';
import { readAccount } from '@phalanx/runtime';
import { CheckTxType, ResponseProcessProposal_ProposalStatus as Status } from 'cosmjs-types/tendermint/abci/types';
import { PhalanxAbciApp } from '../src/cometbft/abci-app.js';
import { CometbftConsensus } from '../src/cometbft/engine.js';
import { silentLogger } from '../src/log.js';
import { calls, devGenesisHash, GENESIS_TIME, key, openChain, type TestChain, tx } from './helpers.js';
import { storeFixture } from './store-fixture.js';

const store = storeFixture();
const PROPOSER = new Uint8Array(20).fill(7);

async function validator(name: string): Promise<{ app: PhalanxAbciApp; test: TestChain }> {
  const test = await openChain(store.dir(`phalanx-abci-${name}-`), {
    verifier: store.verifier,
    consensus: new CometbftConsensus(),
  });
  return { app: new PhalanxAbciApp({ chain: test.chain, verifier: store.verifier, log: silentLogger }), test };
}

const timeOf = (height: number) => ({ seconds: GENESIS_TIME / 1000n + BigInt(height), nanos: 250_000_000 });
const blockHash = (height: number) => new Uint8Array(32).fill(height);

function fields(height: number, txs: Uint8Array[]) {
  return {
    txs,
    height: BigInt(height),
    time: timeOf(height),
    proposerAddress: PROPOSER,
    hash: blockHash(height),
    misbehavior: [],
    nextValidatorsHash: new Uint8Array(32),
  };
}

async function initChain(app: PhalanxAbciApp) {
  return app.initChain({
    time: timeOf(0),
    chainId: cometbftChainId(devGenesisHash()),
    validators: [],
    appStateBytes: new Uint8Array(),
    initialHeight: 1n,
  });
}

/** Process, finalize and commit one block on an app; its app hash. */
async function decide(app: PhalanxAbciApp, height: number, txs: Uint8Array[]): Promise<Uint8Array> {
  const processed = await app.processProposal({ ...fields(height, txs), proposedLastCommit: { round: 0, votes: [] } });
  assert.equal(processed.status, Status.ACCEPT);
  const finalized = await app.finalizeBlock({ ...fields(height, txs), decidedLastCommit: { round: 0, votes: [] } });
  assert.ok(finalized.txResults.every((result) => result.code === 0));
  await app.commit();
  return finalized.appHash;
}

describe('ABCI application', () => {
  test('two validators fed the same blocks compute the same app hashes', async () => {
    const a = await validator('a');
    const b = await validator('b');
    try {
      const genesisA = await initChain(a.app);
      const genesisB = await initChain(b.app);
      assert.deepEqual(genesisA.appHash, genesisB.appHash);
      assert.deepEqual(genesisA.appHash, a.test.chain.bestHeader.stateRoot, 'genesis app hash = genesis state root');
      const bob = key('Bob').publicKey;
      for (let height = 1; height <= 5; height++) {
        const offered = [
          tx('Alice', height - 1, calls.transfer(bob, 1_000n * BigInt(height))),
          tx('Charlie', height - 1, calls.remark(`h${height}`), { tip: 5n }),
        ];
        for (const bytes of offered) {
          const checked = await a.app.checkTx({ tx: bytes, type: CheckTxType.NEW });
          assert.equal(checked.code, 0, checked.log);
        }
        // Validator a proposes; the tipped transaction goes first.
        const { txs } = await a.app.prepareProposal({
          ...fields(height, offered),
          maxTxBytes: 1n << 20n,
          localLastCommit: { round: 0, votes: [] },
        });
        assert.deepEqual(txs, [offered[1], offered[0]]);
        const hashA = await decide(a.app, height, txs);
        const hashB = await decide(b.app, height, txs);
        assert.deepEqual(hashA, hashB, `app hash of height ${height}`);
        assert.deepEqual(hashA, a.test.chain.bestHeader.stateRoot);
      }
      assert.equal(a.test.chain.bestHeader.number, 5);
      assert.equal(a.test.chain.finalizedHeader.number, 5, 'a decided block is final');
      assert.equal(a.test.chain.pool.size, 0, 'included transactions left the pool');
      assert.deepEqual(a.test.chain.bestHash, b.test.chain.bestHash, 'the same Phalanx headers');
      const info = a.app.info();
      assert.equal(info.lastBlockHeight, 5n);
      assert.deepEqual(info.lastBlockAppHash, a.test.chain.bestHeader.stateRoot);
    } finally {
      await a.test.close();
      await b.test.close();
    }
  });

  test('an invalid transaction rejects a proposal; in a decided block it is skipped identically', async () => {
    const a = await validator('c');
    const b = await validator('d');
    try {
      await initChain(a.app);
      await initChain(b.app);
      const good = tx('Alice', 0, calls.remark('fine'));
      const stale = tx('Bob', 5, calls.remark('nonce gap'));
      const forged = tx('Alice', 1, calls.remark('forged'));
      forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1; // the call changes: the signature no longer covers it
      for (const bad of [stale, forged]) {
        const processed = await a.app.processProposal({ ...fields(1, [good, bad]), proposedLastCommit: { round: 0, votes: [] } });
        assert.equal(processed.status, Status.REJECT);
      }
      const results = [];
      for (const { app } of [a, b]) {
        const finalized = await app.finalizeBlock({
          ...fields(1, [good, stale, forged]),
          decidedLastCommit: { round: 0, votes: [] },
        });
        await app.commit();
        results.push(finalized);
      }
      const [onA, onB] = results as [(typeof results)[0], (typeof results)[0]];
      assert.deepEqual(onA.appHash, onB.appHash);
      assert.deepEqual(
        onA.txResults.map((result) => result.code),
        [0, ERROR_CODES.TX_FUTURE, ERROR_CODES.BAD_SIGNATURE],
      );
      assert.equal(a.test.chain.bestHeader.number, 1);
      assert.equal(readAccount(a.test.chain.bestState.flat, key('Alice').publicKey).nonce, 1);
    } finally {
      await a.test.close();
      await b.test.close();
    }
  });

  test('a block finalized but not committed is replayed after the handshake, with the same app hash', async () => {
    const a = await validator('e');
    try {
      await initChain(a.app);
      const txs = [tx('Dave', 0, calls.remark('once'))];
      const first = await a.app.finalizeBlock({ ...fields(1, txs), decidedLastCommit: { round: 0, votes: [] } });
      const info = a.app.info(); // CometBFT restarted before Commit
      assert.equal(info.lastBlockHeight, 0n);
      assert.equal(a.test.chain.bestHeader.number, 0);
      const again = await a.app.finalizeBlock({ ...fields(1, txs), decidedLastCommit: { round: 0, votes: [] } });
      assert.deepEqual(again.appHash, first.appHash);
      await a.app.commit();
      assert.equal(a.app.info().lastBlockHeight, 1n);
    } finally {
      await a.test.close();
    }
  });

  test('InitChain refuses another chain id, a time before genesis, a start height other than 1', async () => {
    const a = await validator('f');
    try {
      const base = {
        time: timeOf(0),
        chainId: cometbftChainId(devGenesisHash()),
        validators: [],
        appStateBytes: new Uint8Array(),
        initialHeight: 1n,
      };
      assert.throws(() => a.app.initChain({ ...base, chainId: 'other-chain' }), /chain id/);
      assert.throws(() => a.app.initChain({ ...base, time: { seconds: GENESIS_TIME / 1000n - 1n, nanos: 0 } }), /genesis time/);
      assert.throws(() => a.app.initChain({ ...base, initialHeight: 2n }), /height 1/);
    } finally {
      await a.test.close();
    }
  });
});
