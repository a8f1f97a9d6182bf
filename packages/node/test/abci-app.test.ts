// The ABCI application over our runtime, driven directly (no CometBFT process): two validators'
// apps fed the same blocks give the same app hashes; a proposal with an invalid transaction is
// rejected; a decided block's bad transaction is skipped the same way on both; the handshake
// (Info) reports what was committed, and a block finalized but never committed is replayed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keypairFromUri } from '@phalanx/crypto';
import { ERROR_CODES } from '@phalanx/errors';
import { cometbftChainId } from '@phalanx/primitives';
import { type GenesisConfig, type GenesisValidator, type RuntimeCall, readAccount, validatorAddress } from '@phalanx/runtime';
import { CheckTxType, ResponseProcessProposal_ProposalStatus as Status } from 'cosmjs-types/tendermint/abci/types';
import { PhalanxAbciApp } from '../src/cometbft/abci-app.js';
import { CometbftConsensus } from '../src/cometbft/engine.js';
import { genesisBlock } from '../src/genesis.js';
import { silentLogger } from '../src/log.js';
import { calls, dev, tx as devTx, freeOf, GENESIS_TIME, key, openChain, type TestChain } from './helpers.js';
import { storeFixture } from './store-fixture.js';

const store = storeFixture(() => genesis().hash);
const PROPOSER = new Uint8Array(20).fill(7);

/** The dev chain with one CometBFT validator (operated by Ferdie) and no block author. */
function cometbftGenesis(): GenesisConfig {
  const consensusKey = keypairFromUri('//Validator1', 'ed25519').publicKey;
  return { ...dev(), authorities: [], validators: [{ consensusKey, power: 10n, operator: key('Ferdie').publicKey }] };
}

let genesisCache: { config: GenesisConfig; hash: Uint8Array } | undefined;
function genesis() {
  if (genesisCache === undefined) {
    const config = cometbftGenesis();
    genesisCache = { config, hash: genesisBlock(config).hash };
  }
  return genesisCache;
}

/** Debug lines of the apps, to see which proposals were executed when they were built. */
const debugLines: string[] = [];
const recordingLogger = { ...silentLogger, debug: (line: string) => debugLines.push(line) };

async function validator(name: string): Promise<{ app: PhalanxAbciApp; test: TestChain }> {
  const { config } = genesis();
  const test = await openChain(store.dir(`phalanx-abci-${name}-`), {
    verifier: store.verifier,
    consensus: new CometbftConsensus(),
    genesis: config,
  });
  return {
    app: new PhalanxAbciApp({ chain: test.chain, verifier: store.verifier, log: recordingLogger, genesis: config }),
    test,
  };
}

/** A signed extrinsic for this chain. */
const tx = (signer: string, nonce: number, call: RuntimeCall, options: { tip?: bigint } = {}) =>
  devTx(signer, nonce, call, { ...options, genesisHash: genesis().hash });

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
    chainId: cometbftChainId(genesis().hash),
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
      assert.equal(
        debugLines.filter((line) => /our own proposal/.test(line)).length,
        5,
        "the proposer's ProcessProposal reused the execution it made building each block (and b, executing anew, agreed)",
      );
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

  test('InitChain answers our genesis validators and refuses CometBFT genesis validators that differ', async () => {
    const a = await validator('g');
    try {
      const answer = await initChain(a.app);
      const ours = (cometbftGenesis().validators ?? [])[0] as GenesisValidator;
      assert.deepEqual(answer.validators, [{ pubKey: { ed25519: ours.consensusKey }, power: 10n }]);
      const base = {
        time: timeOf(0),
        chainId: cometbftChainId(genesis().hash),
        appStateBytes: new Uint8Array(),
        initialHeight: 1n,
      };
      const same = a.app.initChain({ ...base, validators: answer.validators });
      assert.deepEqual(same.appHash, answer.appHash);
      assert.throws(
        () => a.app.initChain({ ...base, validators: [{ pubKey: { ed25519: ours.consensusKey }, power: 11n }] }),
        /validators differ/,
      );
    } finally {
      await a.test.close();
    }
  });

  test("the proposer's operator gets the block's fees; a validator set change reaches validator_updates", async () => {
    const a = await validator('h');
    try {
      await initChain(a.app);
      const ours = (cometbftGenesis().validators ?? [])[0] as GenesisValidator;
      const proposer = validatorAddress(ours.consensusKey);
      const ferdie = freeOf(a.test.chain, 'Ferdie');
      const added = keypairFromUri('//Validator2', 'ed25519').publicKey;
      const setValidator: RuntimeCall = {
        tag: 'Consensus',
        value: { tag: 'setValidator', value: { consensusKey: added, power: 5n, operator: key('Bob').publicKey } },
      };
      const sudo = tx('Alice', 0, { tag: 'Sudo', value: { tag: 'sudo', value: { call: setValidator } } });
      await a.app.checkTx({ tx: sudo, type: CheckTxType.NEW });
      const finalized = await a.app.finalizeBlock({
        ...fields(1, [sudo]),
        proposerAddress: proposer,
        decidedLastCommit: { round: 0, votes: [] },
      });
      await a.app.commit();
      assert.equal(finalized.txResults[0]?.code, 0);
      assert.deepEqual(finalized.validatorUpdates, [{ pubKey: { ed25519: added }, power: 5n }]);
      assert.ok(freeOf(a.test.chain, 'Ferdie') > ferdie, "the fee went to the proposing validator's operator");
      const next = await a.app.finalizeBlock({
        ...fields(2, []),
        proposerAddress: proposer,
        decidedLastCommit: { round: 0, votes: [] },
      });
      assert.deepEqual(next.validatorUpdates, [], 'updates are per block');
      await a.app.commit();
    } finally {
      await a.test.close();
    }
  });

  test('InitChain refuses another chain id, a time before genesis, a start height other than 1', async () => {
    const a = await validator('f');
    try {
      const base = {
        time: timeOf(0),
        chainId: cometbftChainId(genesis().hash),
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
