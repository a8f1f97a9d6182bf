// Randomness from the validators' VRFs in ABCI 2.0 vote extensions, driven on the application
// directly: ExtendVote signs over (height, parent hash) with the registered key, VerifyVoteExtension
// accepts only that (or nothing from a keyless validator); the proposer carries the valid outputs
// as the block's first transaction; a proposal backed by too little VRF power, with a forged or
// unsorted output, or without outputs is rejected; two validators fed the same blocks compute the
// same randomness and app hashes, and the randomness changes every block.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cryptoReady,
  DOMAIN,
  keypairFromUri,
  type Sr25519Pair,
  sr25519PairFromSeed,
  toHex,
  vrfSign,
  vrfVerify,
} from '@phalanx/crypto';
import { cometbftChainId } from '@phalanx/primitives';
import { beaconInput, type GenesisConfig, System, validatorAddress } from '@phalanx/runtime';
import {
  CheckTxType,
  type ExtendedVoteInfo,
  ResponseProcessProposal_ProposalStatus as Status,
  ResponseVerifyVoteExtension_VerifyStatus as Verify,
} from 'cosmjs-types/tendermint/abci/types';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { PhalanxAbciApp } from '../src/cometbft/abci-app.js';
import { BEACON_TX_PREFIX, encodeBeaconTx } from '../src/cometbft/beacon.js';
import { CometbftConsensus } from '../src/cometbft/engine.js';
import { genesisBlock } from '../src/genesis.js';
import { silentLogger } from '../src/log.js';
import { dev, GENESIS_TIME, key, openChain, type TestChain } from './helpers.js';
import { storeFixture } from './store-fixture.js';

await cryptoReady();

/** Four validators of power 10; 1–3 hold VRF keys, 4 has none. */
const VALIDATORS = [1, 2, 3, 4].map((i) => {
  const consensusKey = keypairFromUri(`//Validator${i}`, 'ed25519').publicKey;
  const vrf: Sr25519Pair = sr25519PairFromSeed(new Uint8Array(32).fill(i));
  return { consensusKey, address: validatorAddress(consensusKey), vrf, keyed: i <= 3 };
});
const V = (i: number) => VALIDATORS[i - 1] as (typeof VALIDATORS)[number];

let genesisCache: { config: GenesisConfig; hash: Uint8Array } | undefined;
function genesis() {
  if (genesisCache === undefined) {
    const validators = VALIDATORS.map((v) => ({
      consensusKey: v.consensusKey,
      power: 10n,
      operator: key('Ferdie').publicKey,
      ...(v.keyed ? { vrfKey: v.vrf.publicKey } : {}),
    }));
    const config: GenesisConfig = { ...dev(), authorities: [], validators };
    genesisCache = { config, hash: genesisBlock(config).hash };
  }
  return genesisCache;
}
const store = storeFixture(() => genesis().hash);

async function validator(name: string, index?: number): Promise<{ app: PhalanxAbciApp; test: TestChain }> {
  const { config } = genesis();
  const test = await openChain(store.dir(`phalanx-abci-vrf-${name}-`), {
    verifier: store.verifier,
    consensus: new CometbftConsensus(),
    genesis: config,
  });
  const vrf = index === undefined ? undefined : { pair: V(index).vrf, address: V(index).address };
  return {
    app: new PhalanxAbciApp({ chain: test.chain, verifier: store.verifier, log: silentLogger, genesis: config, vrf }),
    test,
  };
}

const timeOf = (height: number) => ({ seconds: GENESIS_TIME / 1000n + BigInt(height), nanos: 250_000_000 });
const fields = (height: number, txs: Uint8Array[]) => ({
  txs,
  height: BigInt(height),
  time: timeOf(height),
  proposerAddress: V(1).address,
  hash: new Uint8Array(32).fill(height),
  misbehavior: [],
  nextValidatorsHash: new Uint8Array(32),
});
const initChain = (app: PhalanxAbciApp, enableHeight = 1n) =>
  app.initChain({
    time: timeOf(0),
    chainId: cometbftChainId(genesis().hash),
    consensusParams: { abci: { voteExtensionsEnableHeight: enableHeight } },
    validators: [],
    appStateBytes: new Uint8Array(),
    initialHeight: 1n,
  });

/** The previous height's votes: these validators signed (with these extensions), the others are absent. */
function commit(extensions: Map<number, Uint8Array>): ExtendedVoteInfo[] {
  return VALIDATORS.map((v, i) => {
    const extension = extensions.get(i + 1);
    return {
      validator: { address: v.address, power: 10n },
      voteExtension: extension ?? new Uint8Array(),
      extensionSignature: new Uint8Array(),
      blockIdFlag: extension === undefined ? BlockIDFlag.BLOCK_ID_FLAG_ABSENT : BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
    };
  });
}
const plain = (votes: ExtendedVoteInfo[]) => ({
  round: 0,
  votes: votes.map(({ validator, blockIdFlag }) => ({ validator, blockIdFlag })),
});

/** Every validator's extension at `height` (what their ExtendVote gave, over block `height − 1`), read after `height`. */
function extensions(chain: TestChain['chain'], height: number, signers = [1, 2, 3]): Map<number, Uint8Array> {
  const input = beaconInput(height, System.BlockHash.get(chain.bestState.flat, height - 1) as Uint8Array);
  const out = new Map(signers.map((i) => [i, vrfSign(V(i).vrf, DOMAIN.vrfBeacon, input)] as const));
  out.set(4, new Uint8Array()); // keyless: signs its precommit, extends it with nothing
  return out;
}

async function decide(app: PhalanxAbciApp, height: number, txs: Uint8Array[], votes: ExtendedVoteInfo[]) {
  const processed = await app.processProposal({ ...fields(height, txs), proposedLastCommit: plain(votes) });
  assert.equal(processed.status, Status.ACCEPT, `height ${height} accepted`);
  const finalized = await app.finalizeBlock({ ...fields(height, txs), decidedLastCommit: plain(votes) });
  assert.equal(finalized.txResults.length, txs.length);
  assert.ok(finalized.txResults.every((result) => result.code === 0));
  await app.commit();
  return finalized.appHash;
}

describe('ABCI application: VRF randomness in vote extensions', () => {
  test('refuses a CometBFT genesis without vote extensions from height 1', async () => {
    const { app, test: chain } = await validator('params');
    try {
      assert.throws(() => initChain(app, 0n), /vote_extensions_enable_height/);
      initChain(app, 1n);
    } finally {
      await chain.close();
    }
  });

  test('ExtendVote and VerifyVoteExtension: the registered key over (height, parent) or nothing', async () => {
    const a = await validator('ext-a', 1);
    const keyless = await validator('ext-d', 4);
    const none = await validator('ext-none');
    try {
      for (const { app } of [a, keyless, none]) await initChain(app);
      const request = { ...fields(1, []), proposedLastCommit: { round: 0, votes: [] } };
      const { voteExtension } = a.app.extendVote(request);
      const input = beaconInput(1, a.test.chain.bestHash);
      assert.ok(vrfVerify(V(1).vrf.publicKey, DOMAIN.vrfBeacon, input, voteExtension), 'a VRF by its registered key');
      assert.equal(keyless.app.extendVote(request).voteExtension.length, 0, 'no registered key: nothing');
      assert.equal(none.app.extendVote(request).voteExtension.length, 0, 'no VRF key loaded: nothing');
      assert.equal(a.app.extendVote({ ...request, height: 5n }).voteExtension.length, 0, 'not at its tip: nothing');

      const verify = (address: Uint8Array, extension: Uint8Array, height = 1n) =>
        none.app.verifyVoteExtension({ hash: new Uint8Array(32), validatorAddress: address, height, voteExtension: extension })
          .status;
      assert.equal(verify(V(1).address, voteExtension), Verify.ACCEPT);
      assert.equal(verify(V(2).address, voteExtension), Verify.REJECT, "another validator's key");
      assert.equal(verify(V(1).address, new Uint8Array()), Verify.REJECT, 'a keyed validator must extend');
      assert.equal(verify(V(1).address, voteExtension, 2n), Verify.REJECT, 'another height');
      const tampered = voteExtension.slice();
      tampered[0] = (tampered[0] as number) ^ 1;
      assert.equal(verify(V(1).address, tampered), Verify.REJECT, 'a forged output');
      const otherInput = vrfSign(V(1).vrf, DOMAIN.vrfBeacon, beaconInput(1, new Uint8Array(32)));
      assert.equal(verify(V(1).address, otherInput), Verify.REJECT, 'over another parent');
      assert.equal(verify(V(4).address, new Uint8Array()), Verify.ACCEPT, 'keyless: nothing');
      assert.equal(verify(V(4).address, voteExtension), Verify.REJECT, 'keyless: nothing else');
      assert.equal(verify(new Uint8Array(20).fill(9), new Uint8Array()), Verify.ACCEPT, 'unknown (removed): nothing');
    } finally {
      for (const { test: chain } of [a, keyless, none]) await chain.close();
    }
  });

  test('proposals carry the outputs; too little power, forged, unsorted or missing outputs are rejected', async () => {
    const a = await validator('prop-a', 1);
    const b = await validator('prop-b', 2);
    try {
      await initChain(a.app);
      await initChain(b.app);
      const first = await a.app.prepareProposal({
        ...fields(1, []),
        maxTxBytes: 1n << 20n,
        localLastCommit: { round: 0, votes: [] },
      });
      assert.deepEqual(first.txs, [], 'block 1 has no previous height');
      await decide(a.app, 1, [], []);
      await decide(b.app, 1, [], []);
      const seen = new Set<string>();
      for (let height = 2; height <= 4; height++) {
        const signed = extensions(a.test.chain, height - 1);
        const forged = (signed.get(3) as Uint8Array).slice();
        forged[40] = (forged[40] as number) ^ 1;
        const offered = commit(new Map([...signed, [3, forged]])); // validator 3's extension arrived corrupted
        const { txs } = await a.app.prepareProposal({
          ...fields(height, []),
          maxTxBytes: 1n << 20n,
          localLastCommit: { round: 0, votes: offered },
        });
        assert.equal(txs.length, 1, 'the beacon alone');
        const beacon = txs[0] as Uint8Array;
        assert.deepEqual(beacon.subarray(0, BEACON_TX_PREFIX.length), BEACON_TX_PREFIX);
        const valid = [1, 2].map((i) => ({ address: V(i).address, vrf: signed.get(i) as Uint8Array }));
        valid.sort((x, y) => Buffer.compare(x.address, y.address));
        assert.deepEqual(beacon, encodeBeaconTx(valid), 'the valid outputs, ascending by address');
        const submitted = await b.app.checkTx({ tx: beacon, type: CheckTxType.NEW });
        assert.notEqual(submitted.code, 0, 'no one submits a beacon');

        const votes = commit(signed);
        const reject = async (candidate: Uint8Array[], why: string, lastVotes = votes) => {
          const result = await b.app.processProposal({ ...fields(height, candidate), proposedLastCommit: plain(lastVotes) });
          assert.equal(result.status, Status.REJECT, why);
        };
        // 2 outputs (20) + the keyless signer (10) back 30 of 40; without the keyless signature only 20.
        await reject(txs, 'the keyless validator did not sign: 20 of 40', commit(new Map([...signed].filter(([i]) => i !== 4))));
        await reject([encodeBeaconTx(valid.slice(0, 1))], 'one output: 20 of 40');
        await reject([], 'no outputs at all');
        await reject([encodeBeaconTx([...valid].reverse())], 'unsorted');
        await reject(
          [
            encodeBeaconTx(
              [valid[0] as (typeof valid)[number], { address: V(3).address, vrf: forged }].sort((x, y) =>
                Buffer.compare(x.address, y.address),
              ),
            ),
          ],
          'forged',
        );
        await reject(
          [
            encodeBeaconTx(
              [...valid, { address: V(4).address, vrf: signed.get(1) as Uint8Array }].sort((x, y) =>
                Buffer.compare(x.address, y.address),
              ),
            ),
          ],
          'an output for a keyless validator',
        );
        await reject([...txs, beacon], 'a second beacon');

        const hashA = await decide(a.app, height, txs, votes);
        const hashB = await decide(b.app, height, txs, votes);
        assert.deepEqual(hashA, hashB, `the same app hash at ${height}`);
        const randomness = System.Randomness.get(a.test.chain.bestState.flat) as Uint8Array;
        assert.deepEqual(randomness, System.Randomness.get(b.test.chain.bestState.flat), 'the same randomness');
        seen.add(toHex(randomness));
      }
      assert.equal(seen.size, 3, 'randomness changes every block');
    } finally {
      await a.test.close();
      await b.test.close();
    }
  });

  test('block 1 carries no outputs', async () => {
    const a = await validator('one', 1);
    try {
      await initChain(a.app);
      const vrf = vrfSign(V(1).vrf, DOMAIN.vrfBeacon, beaconInput(0, a.test.chain.bestHash));
      const result = await a.app.processProposal({
        ...fields(1, [encodeBeaconTx([{ address: V(1).address, vrf }])]),
        proposedLastCommit: { round: 0, votes: [] },
      });
      assert.equal(result.status, Status.REJECT);
    } finally {
      await a.test.close();
    }
  });
});
