// State commits after a lag (issue 10 item 10): a worker whose host stalled and then catches up
// many commit intervals at once must submit only commits the chain accepts. Before, it submitted
// one per missed interval, each chained on the digest recorded at its block, and all but the first
// failed on chain (BadDigest; StaleCommit when another replica had committed meanwhile), every one
// paying its fee. Blocks go through the real runtime; the replicas are driven as the host drives
// the pRuntime: feed every block up to the head, then take the egress and relay it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, generateKeypair, type Keypair, type Sr25519Keypair } from '@phalanx/crypto';
import { Phat, type SignedStateCommit } from '@phalanx/runtime';
import { QuickJsEngine } from '../src/contracts/quickjs-engine.js';
import { ContractWorker } from '../src/enclave/contract-worker.js';
import type { EgressItem } from '../src/enclave/ecall.js';
import { ContractChain } from './contract-chain.js';

const CODE = `export default {
  tx: { add(ctx, key, n) { ctx.storage.set(key, (ctx.storage.get(key) ?? 0) + n); } },
  query: { get(ctx, key) { return ctx.storage.get(key) ?? 0; } },
};`;
/** 30 entries of 4 KB a call: a commit interval takes three calls (its budget, 384 KiB, refuses a fourth). */
const HEAVY = `export default {
  tx: { fill(ctx, i) { for (let k = 0; k < 30; k++) ctx.storage.set('e' + i + '-' + k, 'x'.repeat(4000)); } },
};`;
const INTERVAL = 5;
/** The blocks a host stalls for: 12 commit intervals (the audit saw 150 blocks; 12 intervals show the same). */
const STALL = 60;

/** One worker: its contract role, and the egress its pRuntime holds until the host takes it. */
class Replica {
  readonly worker: ContractWorker;
  private queue: EgressItem[] = [];
  private fed = 0;

  constructor(
    engine: QuickJsEngine,
    private readonly chain: ContractChain,
    readonly relayer: Keypair,
  ) {
    this.worker = new ContractWorker(engine);
  }

  /** The host's round: feed every block not fed yet, then take the egress (the commits in it). */
  async catchUp(): Promise<SignedStateCommit[]> {
    const keys = new Map([[Buffer.from(this.chain.contract).toString('hex'), this.chain.seed]]);
    for (; this.fed < this.chain.number; this.fed++) {
      const block = this.chain.blocks[this.fed];
      assert.ok(block !== undefined);
      this.queue.push(...(await this.worker.onBlock(block.contractBlock(this.fed === 0 ? keys : new Map()))));
    }
    const egress = [...this.queue, ...((this.worker as unknown as { takeCommits?: () => EgressItem[] }).takeCommits?.() ?? [])];
    this.queue = [];
    return egress.flatMap((item) => (item.tag === 'CommitState' ? [item.value] : []));
  }
}

/** What the chain did with each relayed commit. */
interface Relayed {
  readonly replica: Replica;
  readonly commit: SignedStateCommit;
  readonly outcome: string;
}

describe('state commits after a lag', () => {
  let engine: QuickJsEngine;
  let session: Sr25519Keypair;

  before(async () => {
    await cryptoReady();
    engine = await QuickJsEngine.create();
    session = generateKeypair('sr25519') as Sr25519Keypair;
  });

  /** A chain where Bob calls `add` every third block (or `fill` every block), and relays for the replicas' commits. */
  function network(label: string, heavy = false) {
    const chain = new ContractChain(heavy ? HEAVY : CODE, INTERVAL, label);
    const relayed: Relayed[] = [];
    let outbox: { replica: Replica; commit: SignedStateCommit }[] = [];
    /** Authors one block with Bob's command and the commits relayed so far, then lets `atHead` follow it. */
    const step = async (atHead: readonly Replica[], relay = true) => {
      const sending = relay ? outbox : [];
      if (relay) outbox = [];
      const txs = heavy
        ? [chain.command(session, 'fill', [chain.number])]
        : chain.number % 3 === 0
          ? [chain.command(session, 'add', ['total', 1])]
          : [];
      const first = txs.length;
      for (const { replica, commit } of sending) txs.push(chain.commit(replica.relayer, commit));
      const block = chain.block(txs); // a commit too big for an extrinsic throws here (TX_TOO_LARGE)
      sending.forEach(({ replica, commit }, i) => {
        const outcome = block.outcomes[first + i];
        relayed.push({ replica, commit, outcome: outcome?.ok ? 'ok' : `${outcome?.error.pallet}.${outcome?.error.error}` });
      });
      for (const replica of atHead) for (const commit of await replica.catchUp()) outbox.push({ replica, commit });
    };
    const pending = () => outbox;
    return { chain, relayed, step, pending };
  }

  const failures = (relayed: readonly Relayed[]) => relayed.filter((r) => r.outcome !== 'ok').map((r) => r.outcome);

  it('when every replica lagged 12 commit intervals, each submits one commit on catching up, and the chain accepts it', async () => {
    const { chain, relayed, step, pending } = network('all-lag');
    const a = new Replica(engine, chain, devKeypair('Dave'));
    const b = new Replica(engine, chain, devKeypair('Eve'));
    for (let i = 0; i < 12; i++) await step([a, b]);
    for (let i = 0; i < STALL; i++) await step([]); // both hosts stalled; the chain went on
    await step([a, b]);
    const backlog = pending();
    assert.deepEqual(
      backlog.map((p) => p.replica === a),
      [true, false],
      'one commit from each replica for the whole backlog',
    );
    // sr25519 signatures are randomised; what is signed is the same.
    assert.deepEqual(backlog[0]?.commit.commit, backlog[1]?.commit.commit, 'replicas make byte-identical commits');
    for (let i = 0; i < 12; i++) await step([a, b]);
    assert.deepEqual(failures(relayed), []);
    const recorded = Phat.StateCommits.get(chain.state, chain.contract);
    assert.ok(recorded !== undefined && recorded.block > 12 + STALL + 1, 'commits go on after the catch-up');
    assert.equal(a.worker.instances.values().next().value?.state.get('total'), String(Math.ceil(chain.number / 3)));
  });

  it('a replica that lagged while another committed submits nothing the other one already landed', async () => {
    const { chain, relayed, step } = network('one-lags');
    const a = new Replica(engine, chain, devKeypair('Dave'));
    const b = new Replica(engine, chain, devKeypair('Eve'));
    for (let i = 0; i < 12; i++) await step([a, b]);
    for (let i = 0; i < STALL; i++) await step([b]); // a's host stalled; b kept committing
    for (let i = 0; i < 12; i++) await step([a, b]);
    assert.deepEqual(failures(relayed), []);
    const late = relayed.filter((r) => r.replica === a && r.commit.commit.block > 12 && r.commit.commit.block <= 12 + STALL);
    assert.deepEqual(late.length, 0, 'no commit of a block the other replica had already committed');
    const bs = new Map(relayed.filter((r) => r.replica === b).map((r) => [r.commit.commit.block, r.commit.commit]));
    const both = relayed.filter((r) => r.replica === a && bs.has(r.commit.commit.block));
    assert.ok(both.length > 0, 'both replicas commit once a is back at the head');
    for (const r of both) assert.deepEqual(r.commit.commit, bs.get(r.commit.commit.block), 'same block, same commit');
  });

  it('no commit races one still on its way to the chain; one that never lands is made again', async () => {
    const { chain, relayed, step, pending } = network('slow-relay');
    const a = new Replica(engine, chain, devKeypair('Dave'));
    for (let i = 0; i < 15; i++) await step([a]);
    assert.deepEqual(
      pending().map((p) => p.commit.commit.block),
      [15],
    );
    for (let i = 0; i < 7; i++) await step([a], false); // the relay is slow: the commit of block 15 lands at 23
    assert.deepEqual(
      pending().map((p) => p.commit.commit.block),
      [15],
      'nothing at block 20: it would chain on the digest block 15 replaces',
    );
    for (let i = 0; i < 8; i++) await step([a]);
    assert.deepEqual(failures(relayed), []);
    assert.deepEqual(
      relayed.map((r) => r.commit.commit.block),
      [5, 10, 15, 25],
    );

    // A commit that is lost on its way (the host died with it) does not stop commits for good.
    pending().splice(0);
    for (let i = 0; i < 40; i++) await step([a]);
    assert.deepEqual(failures(relayed), []);
    assert.ok((Phat.StateCommits.get(chain.state, chain.contract)?.block ?? 0) > 30, 'committing again');
  });

  it('a backlog never grows a commit beyond what one extrinsic carries: writes wait for a commit instead', async () => {
    const { chain, relayed, step, pending } = network('heavy', true);
    const a = new Replica(engine, chain, devKeypair('Dave'));
    for (let i = 0; i < 6; i++) await step([a]);
    for (let i = 0; i < 8 * INTERVAL; i++) await step([]); // 8 intervals of writes, none committed
    await step([a]);
    assert.equal(pending().length, 1, 'one commit for the backlog');
    for (let i = 0; i < 2 * INTERVAL; i++) await step([a]);
    assert.deepEqual(failures(relayed), []);
    assert.ok((Phat.StateCommits.get(chain.state, chain.contract)?.block ?? 0) > 6 + 8 * INTERVAL, 'commits go on');
  });
});
