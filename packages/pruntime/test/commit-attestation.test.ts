// Attributed state commits and votes from the worker role (issue 12 item 2): each commit a worker
// sends carries its own signed claim, and a worker whose digest for an interval block differs from
// the one the chain recorded (or that backs the recorded one another worker disputes) sends its own
// digest as a vote. Blocks go through the real runtime, which decides the dispute.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { contractKeys, cryptoReady, devKeypair, generateKeypair, type Keypair, type Sr25519Keypair } from '@phalanx/crypto';
import {
  claimOf,
  Phat,
  type SignedCommitClaim,
  type StateCommit,
  System,
  signCommitClaim,
  signStateCommit,
  stateDigest,
} from '@phalanx/runtime';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractWorker } from '../src/enclave/contract-worker.js';
import type { EgressItem } from '../src/enclave/ecall.js';
import { type ChainBlock, ContractChain } from './contract-chain.js';

const CODE = `export default {
  tx: { add(ctx, key, n) { ctx.storage.set(key, (ctx.storage.get(key) ?? 0) + n); } },
};`;
const INTERVAL = 5;

/** One worker's contract role, fed block by block; `egress` is what its host would submit. */
class Replica {
  readonly worker: ContractWorker;
  private fed = 0;

  constructor(
    engine: QuickJsEngine,
    private readonly chain: ContractChain,
    readonly identity: Sr25519Keypair,
  ) {
    this.worker = new ContractWorker(engine, identity);
  }

  async egress(): Promise<EgressItem[]> {
    const keys = new Map([[Buffer.from(this.chain.contract).toString('hex'), this.chain.seed]]);
    const items: EgressItem[] = [];
    for (; this.fed < this.chain.number; this.fed++) {
      const block = this.chain.blocks[this.fed] as ChainBlock;
      items.push(...(await this.worker.onBlock(block.contractBlock(this.fed === 0 ? keys : new Map()))));
    }
    return [...items.filter((i) => i.tag !== 'PushMessage'), ...this.worker.takeCommits()];
  }
}

const votesOf = (items: EgressItem[]): SignedCommitClaim[] => items.flatMap((i) => (i.tag === 'AttestCommit' ? [i.value] : []));
const phatEvents = (chain: ContractChain, name: string) =>
  (System.Events.get(chain.state) ?? []).flatMap((r) =>
    r.event.tag === 'Phat' && r.event.value.tag === name ? [r.event.value.value as Record<string, unknown>] : [],
  );

describe('worker role: attributed commits and votes', () => {
  let engine: QuickJsEngine;
  let session: Sr25519Keypair;
  let relayer: Keypair;

  before(async () => {
    await cryptoReady();
    engine = await QuickJsEngine.create();
    session = generateKeypair('sr25519') as Sr25519Keypair;
    relayer = devKeypair('Dave');
  });

  /** Three workers: two replicas running the contract, and a liar whose commits the test makes up. */
  async function network(label: string) {
    const [a, b, liar] = [0, 1, 2].map(() => generateKeypair('sr25519') as Sr25519Keypair) as [
      Sr25519Keypair,
      Sr25519Keypair,
      Sr25519Keypair,
    ];
    const chain = new ContractChain(CODE, INTERVAL, label, [a.publicKey, b.publicKey, liar.publicKey]);
    const replicas = [new Replica(engine, chain, a), new Replica(engine, chain, b)] as const;
    chain.block([]);
    chain.block([]);
    chain.block([chain.command(session, 'add', ['total', 1])]);
    chain.block([]);
    chain.block([]); // block 5: an interval block, each replica commits
    const made = await Promise.all(replicas.map((r) => r.egress()));
    /** The liar's commit for block 5: well-formed, signed by the contract key, but not what the contract did. */
    const lie: StateCommit = { contract: chain.contract, block: 5, commandSequence: 1n, changes: [], digest: new Uint8Array() };
    lie.digest = stateDigest(new Uint8Array(32), 5, 1n, []);
    const lying = {
      commit: signStateCommit(contractKeys(chain.seed).identity, lie, chain.chainId),
      worker: liar.publicKey,
      signature: signCommitClaim(liar, claimOf(lie), chain.chainId).signature,
    };
    return { chain, replicas, made, liar, lie, lying };
  }

  it('each commit carries the worker’s claim; a worker whose digest differs from the recorded one sends its own', async () => {
    const { chain, replicas, made, liar, lying } = await network('recorded-wrong');
    const commits = made.map((items) => items.find((i) => i.tag === 'CommitStateAttested'));
    replicas.forEach((r, i) => {
      const item = commits[i];
      assert.ok(item?.tag === 'CommitStateAttested', 'an attributed commit');
      assert.deepEqual(item.value.worker, r.identity.publicKey);
      assert.equal(item.value.commit.commit.block, 5);
    });
    const own = commits[0]?.tag === 'CommitStateAttested' ? commits[0].value.commit.commit : undefined;
    assert.ok(own !== undefined);

    // The liar's commit lands first: the replicas' own commits are dropped, each sends its digest.
    const recorded = chain.block([[relayer, { tag: 'Phat', value: { tag: 'commitStateAttested', value: lying } }]]);
    assert.equal(recorded.outcomes[0]?.ok, true);
    const votes = await Promise.all(replicas.map(async (r) => votesOf(await r.egress())));
    replicas.forEach((r, i) => {
      assert.deepEqual(
        votes[i]?.map((v) => ({ worker: v.worker, claim: v.claim })),
        [{ worker: r.identity.publicKey, claim: claimOf(own) }],
      );
    });

    const decided = chain.block(votes.flat().map((v) => chain.relay(relayer, { tag: 'AttestCommit', value: v })));
    assert.deepEqual(
      decided.outcomes.map((o) => o.ok),
      [true, true],
    );
    assert.deepEqual(phatEvents(chain, 'CommitDisputeResolved'), [
      { contract: chain.contract, block: 5, digest: own.digest, slashed: [liar.publicKey], recordedLost: true },
    ]);
    assert.deepEqual((await Promise.all(replicas.map((r) => r.egress()))).map(votesOf), [[], []], 'one vote per block');
  });

  it('a worker that agrees with the recorded commit votes for it once another worker disputes it', async () => {
    const { chain, replicas, made, liar, lie } = await network('recorded-right');
    const [a, b] = replicas;
    const fromA = made[0]?.find((i) => i.tag === 'CommitStateAttested') as EgressItem;
    assert.equal(chain.block([chain.relay(relayer, fromA)]).outcomes[0]?.ok, true);
    assert.deepEqual(votesOf(await a.egress()), [], 'the recorded commit is its vote');
    assert.deepEqual(votesOf(await b.egress()), [], 'it agrees and nobody disputes: nothing to say');

    const dispute = signCommitClaim(liar, { ...claimOf(lie), digest: lie.digest }, chain.chainId);
    assert.equal(chain.block([chain.relay(relayer, { tag: 'AttestCommit', value: dispute })]).outcomes[0]?.ok, true);
    assert.deepEqual(votesOf(await a.egress()), [], 'a voted already');
    const backing = votesOf(await b.egress());
    assert.equal(backing.length, 1);
    assert.deepEqual(backing[0]?.worker, b.identity.publicKey);
    chain.block(backing.map((v) => chain.relay(relayer, { tag: 'AttestCommit', value: v })));
    const recorded = Phat.StateCommits.get(chain.state, chain.contract);
    assert.deepEqual(phatEvents(chain, 'CommitDisputeResolved'), [
      { contract: chain.contract, block: 5, digest: recorded?.digest, slashed: [liar.publicKey], recordedLost: false },
    ]);
  });

  it('a worker the chain does not list for the contract sends its commits unattributed (never refused for it)', async () => {
    const chain = new ContractChain(CODE, INTERVAL, 'unlisted');
    const replica = new Replica(engine, chain, generateKeypair('sr25519') as Sr25519Keypair);
    chain.block([chain.command(session, 'add', ['total', 1])]);
    for (let i = 0; i < 4; i++) chain.block([]);
    const items = await replica.egress();
    assert.deepEqual(
      items.map((i) => i.tag),
      ['CommitState'],
    );
    assert.equal(chain.block([chain.relay(relayer, items[0] as EgressItem)]).outcomes[0]?.ok, true);
  });
});
