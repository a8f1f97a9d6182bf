import { equalBytes, type Keypair } from '@phalanx/crypto';
import {
  type CommitClaim,
  claimOf,
  Phat,
  type StateCommit,
  type StateCommitRecord,
  type StateReader,
  signCommitClaim,
  signStateCommit,
  VOTED_BLOCKS_KEPT,
} from '@phalanx/runtime';
import type { Infer } from '@phalanx/scale';
import type { ContractInstance } from '../contracts/instance.js';
import type { EgressItem } from './ecall.js';

type Recorded = Infer<typeof StateCommitRecord> | undefined;

/**
 * How many commit intervals a commit the host took may take to land before it counts as lost (the
 * host died with it) and the next interval makes a new one.
 */
const LANDING_INTERVALS = 3;
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The digest a commit chains on: what the chain had recorded at the block it was made at. */
const baseOf = (recorded: Recorded) => recorded?.digest ?? new Uint8Array(32);

/**
 * The state commits of the worker role, held until the host takes the egress, so that only commits
 * the chain can accept leave the enclave (`Phat.commitState`: a commit must chain on the digest
 * recorded when it lands, and be for a later block than it).
 *
 * A commit is made at an interval block on the recorded digest, as every replica makes it (same
 * block, same bytes). It stays here until the host takes it, and is dropped when the chain records
 * another commit first (it would fail, or repeat one another replica landed). Catching up many
 * intervals, each interval's commit replaces the previous one — it carries every write since the
 * recorded commit — so one commit leaves for the whole backlog. Once taken, no new commit is made
 * until the chain records a commit (that one or a replica's), since a new one would chain on the
 * digest the taken one replaces; unless it has not landed after LANDING_INTERVALS intervals.
 *
 * With the worker's identity key, each commit also carries the worker's own signed claim (contract,
 * block, command sequence, digest), so the chain knows which worker made it, and the outbox keeps
 * the claims it made: when the chain records another digest for one of those blocks, or another
 * worker disputes one, it sends its own claim as a vote (`attestations`).
 */
export class CommitOutbox {
  /** Made but not taken, by contract id (hex), with the digest it chains on. */
  private readonly unsent = new Map<string, { item: EgressItem; base: Uint8Array }>();
  /** Taken by the host, not recorded yet: the digest it chains on and the block it was taken at. */
  private readonly onItsWay = new Map<string, { base: Uint8Array; takenAt: number }>();
  private block = 0;
  /**
   * The claims made at interval blocks, newest last (as many as the chain keeps votes for), and
   * whether each was sent as a vote. Not in checkpoints: after a restart, votes start again with
   * the next commit.
   */
  private readonly made = new Map<string, { claim: CommitClaim; voted: boolean }[]>();

  /**
   * Contracts whose chain record lists this worker. Only those get attributed commits: the chain
   * refuses one from a worker it does not list, and a commit must never be refused for that.
   */
  private readonly listed = new Set<string>();

  constructor(private readonly worker?: Keypair) {}

  /** At each block, after its commands: follows the chain's record and makes the interval's commit. */
  onBlock(instance: ContractInstance, recorded: Recorded, block: number, interval: number, chainId: Uint8Array): void {
    this.block = block;
    const id = hexOf(instance.id);
    const base = baseOf(recorded);
    const unsent = this.unsent.get(id);
    if (unsent !== undefined && !equalBytes(unsent.base, base)) this.unsent.delete(id);
    const away = this.onItsWay.get(id);
    if (away !== undefined && (!equalBytes(away.base, base) || block > away.takenAt + LANDING_INTERVALS * interval))
      this.onItsWay.delete(id);
    if (block % interval !== 0 || this.onItsWay.has(id)) return;
    const commit = commitOf(instance, block, base);
    if (commit !== undefined) this.unsent.set(id, { item: this.itemOf(instance, commit, chainId), base });
  }

  private itemOf(instance: ContractInstance, commit: StateCommit, chainId: Uint8Array): EgressItem {
    const signed = signStateCommit(instance.keys.identity, commit, chainId);
    if (this.worker === undefined || !this.listed.has(hexOf(commit.contract))) return { tag: 'CommitState', value: signed };
    const claims = [...(this.made.get(hexOf(commit.contract)) ?? []), { claim: claimOf(commit), voted: false }];
    this.made.set(hexOf(commit.contract), claims.slice(-VOTED_BLOCKS_KEPT));
    const { signature } = signCommitClaim(this.worker, claimOf(commit), chainId);
    return { tag: 'CommitStateAttested', value: { commit: signed, worker: this.worker.publicKey, signature } };
  }

  /**
   * Called at each block before `onBlock`: notes whether the chain lists this worker for the
   * contract, and returns the votes to send now — this worker's claim for each block it made one
   * for where the chain holds open votes it is not in, and they differ from it (another digest
   * recorded, or signed by another worker). Once per block: the chain refuses a second vote.
   */
  attestations(instance: ContractInstance, state: StateReader, chainId: Uint8Array): EgressItem[] {
    const worker = this.worker;
    if (worker === undefined) return [];
    const workers = Phat.Contracts.get(state, instance.id)?.workers ?? [];
    if (workers.some((w) => equalBytes(w, worker.publicKey))) this.listed.add(hexOf(instance.id));
    else this.listed.delete(hexOf(instance.id));
    const items: EgressItem[] = [];
    for (const mine of this.made.get(hexOf(instance.id)) ?? []) {
      const votes = mine.voted ? undefined : Phat.CommitVotes.get(state, [instance.id, mine.claim.block]);
      if (votes === undefined || votes.resolved) continue;
      mine.voted = votes.votes.some((v) => equalBytes(v.worker, worker.publicKey));
      const other = (digest: Uint8Array) => !equalBytes(digest, mine.claim.digest);
      if (mine.voted || !(other(votes.recorded) || votes.votes.some((v) => other(v.digest)))) continue;
      mine.voted = true;
      items.push({ tag: 'AttestCommit', value: signCommitClaim(worker, mine.claim, chainId) });
    }
    return items;
  }

  /** Forgets the commits of contracts this worker no longer runs. */
  retain(running: ReadonlyMap<string, unknown>): void {
    for (const id of this.unsent.keys()) if (!running.has(id)) this.unsent.delete(id);
    for (const id of this.onItsWay.keys()) if (!running.has(id)) this.onItsWay.delete(id);
    for (const id of this.made.keys()) if (!running.has(id)) this.made.delete(id);
    for (const id of this.listed) if (!running.has(id)) this.listed.delete(id);
  }

  /** The host takes the egress: the newest acceptable commit of each contract. */
  take(): EgressItem[] {
    const items: EgressItem[] = [];
    for (const [id, { item, base }] of this.unsent) {
      items.push(item);
      this.onItsWay.set(id, { base, takenAt: this.block });
    }
    this.unsent.clear();
    return items;
  }
}

/**
 * The commit every replica makes at an interval block: all writes since the recorded commit,
 * chained to its digest. Nothing to say (no writes, no new commands): no commit.
 */
function commitOf(instance: ContractInstance, block: number, previous: Uint8Array) {
  if (!instance.state.changed && instance.applied === instance.committed) return undefined;
  const { changes, digest } = instance.state.commit(previous, block, instance.applied);
  return { contract: instance.id, block, commandSequence: instance.applied, changes, digest };
}
