// The SDK's governance helpers against a real runtime: the call builders' calls are executed by
// the runtime's block executor (signed extrinsics, as a node would), and the read helpers read
// that state through a stand-in for the client's `storage` and `statePairs`.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, type Keypair, toHex } from '@phalanx/crypto';
import { signExtrinsic } from '@phalanx/primitives';
import {
  BlockExecutor,
  buildGenesisState,
  checkExtrinsic,
  devGenesisConfig,
  Extrinsic,
  type MapState,
  RuntimeCall,
  readAccount,
  UNIT,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import {
  councilCalls,
  councilCandidates,
  councilMembers,
  councilMotions,
  councilVoter,
  democracyCalls,
  democracyProposals,
  ongoingReferenda,
  referendum,
  type StateSource,
  treasuryCalls,
  treasuryPot,
  treasurySpends,
} from '../src/index.js';

const GENESIS_HASH = new Uint8Array(32).fill(0x61);
let alice: Keypair;
let bob: Keypair;
let dave: Keypair;

before(async () => {
  await cryptoReady();
  [alice, bob, dave] = [devKeypair('Alice'), devKeypair('Bob'), devKeypair('Dave')];
});

/** A chain run by the runtime's executor, readable as a client would read a node. */
class Chain implements StateSource {
  readonly state: MapState;
  number = 0;

  constructor() {
    this.state = buildGenesisState({
      ...devGenesisConfig(),
      council: { members: [alice.publicKey, bob.publicKey], params: { termDuration: 100 } },
      democracy: { launchPeriod: 3, votingPeriod: 50 },
    });
  }

  /** One block of signed calls; every call must succeed. */
  run(...txs: [Keypair, RuntimeCall][]): void {
    this.number++;
    const env = { number: this.number, timestamp: 1_700_000_000_000n + BigInt(this.number) * 6000n, author: alice.publicKey };
    const executor = new BlockExecutor(this.state, { ...env, parentHash: new Uint8Array(32) }, new Uint8Array(64));
    for (const [signer, call] of txs) {
      const nonce = readAccount(executor.state, signer.publicKey).nonce;
      const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, signer, GENESIS_HASH, { nonce, call }));
      assert.deepEqual(executor.apply(checkExtrinsic(bytes, GENESIS_HASH)), { ok: true });
    }
    this.state.apply(executor.finalize().changes);
  }

  async storage(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.state.get(key);
  }

  async *statePairs(options: { prefix?: Uint8Array } = {}): AsyncGenerator<[string, string]> {
    const prefix = toHex(options.prefix ?? new Uint8Array());
    const pairs = [...this.state.entries()].map(([k, v]) => [toHex(k), toHex(v)] as [string, string]);
    for (const pair of pairs.filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1))) yield pair;
  }
}

describe('SDK governance helpers', () => {
  it('build calls the runtime executes, and read proposals, referenda, motions, candidates and spends', async () => {
    const chain = new Chain();
    const measurement = registryCall();
    chain.run(
      [dave, democracyCalls.propose(measurement, 200n * UNIT)],
      [dave, treasuryCalls.proposeSpend(40n * UNIT, bob.publicKey)],
      [dave, treasuryCalls.proposeSpend(5n * UNIT, toHex(dave.publicKey))],
    );
    const proposals = await democracyProposals(chain);
    assert.deepEqual(
      proposals.public.map((p) => p.deposit),
      [200n * UNIT],
    );
    assert.equal(proposals.external, undefined);

    // A council motion (2 of 2) approves spend 1.
    chain.run([alice, councilCalls.propose(2, treasuryCalls.approveSpend(1))]);
    const [open] = await councilMotions(chain);
    assert.equal(open?.motion.threshold, 2);
    chain.run([bob, councilCalls.vote(0, true)], [dave, councilCalls.close(0)]);
    assert.deepEqual(await councilMotions(chain), []);
    const spends = await treasurySpends(chain);
    assert.deepEqual(
      spends.map((s) => [s.id, s.spend.value, s.approved]),
      [
        [0, 40n * UNIT, false],
        [1, 5n * UNIT, true],
      ],
    );
    assert.equal(await treasuryPot(chain), 0n);

    // Block 3 launched the proposal; a vote shows in its tally.
    chain.run([dave, democracyCalls.vote(0, true, 10n * UNIT, 2)]);
    const [running] = await ongoingReferenda(chain);
    assert.deepEqual(running?.info.tally, { ayes: 20n * UNIT, nays: 0n, turnout: 10n * UNIT });
    assert.equal((await referendum(chain, 0))?.tag, 'Ongoing');
    assert.equal(await referendum(chain, 9), undefined);

    chain.run(
      [dave, councilCalls.submitCandidacy()],
      [bob, councilCalls.voteCandidates([dave.publicKey, alice.publicKey], UNIT)],
    );
    assert.deepEqual(await councilCandidates(chain), [dave.publicKey]);
    assert.deepEqual((await councilVoter(chain, bob.publicKey))?.votes, [dave.publicKey, alice.publicKey]);
    assert.deepEqual(await councilMembers(chain), [alice.publicKey, bob.publicKey]);
  });
});

function registryCall(): RuntimeCall {
  return { tag: 'Registry', value: { tag: 'addMeasurement', value: { measurement: new Uint8Array(32).fill(3) } } };
}
