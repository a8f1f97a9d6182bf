import { equalBytes, type Keypair } from '@phalanx/crypto';
import { type Header, type Message, type MessageOrigin, signMessage } from '@phalanx/primitives';
import {
  CommandMessage,
  type ContractReceipt,
  ContractReceipts,
  DEFAULT_COMMIT_INTERVAL,
  InstantiateRequest,
  MQ_TOPICS,
  Mq,
  PHAT_LIMITS,
  Phat,
  type StateReader,
} from '@phalanx/runtime';
import { bytes, decode, encode, type Infer } from '@phalanx/scale';
import { isCalleeUnavailable } from '../contracts/cross-call.js';
import { CallDirectory } from '../contracts/directory.js';
import type { ContractEngine } from '../contracts/engine.js';
import { type BlockEnv, ContractInstance } from '../contracts/instance.js';
import { type BufferedCommand, ContractsSnapshot, type SeenRequest } from '../contracts/snapshot.js';
import { CommitOutbox } from './commit-outbox.js';
import type { EgressItem } from './ecall.js';
import { maxBig, receiptChunks, startsWith } from './receipt-chunks.js';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');
const MAX_BUFFERED = 1_000_000;
const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;
const MAX_REQUESTS = 100_000;
const EntryBytes = bytes(PHAT_LIMITS.maxEntryBytes);

/** What the worker role needs from the block being fed. */
export interface ContractBlock {
  readonly header: Header;
  readonly state: StateReader;
  readonly inbound: readonly Message[];
  /** All verified state entries (only read to rebuild a contract from the chain's commit). */
  readonly entries: () => Iterable<readonly [Uint8Array, Uint8Array]>;
  /** ContractKey seeds that arrived in this block, by contract id (hex). */
  readonly newKeys: ReadonlyMap<string, Uint8Array>;
}

/**
 * The worker role for contracts (DESIGN §7): runs each provisioned contract's constructor and
 * commands in block order, sends the receipts (signed by the contract's identity key, so every
 * replica sends the same message) and commits changed state every `Phat.CommitInterval` blocks
 * (held until the host takes them, so that a worker catching up submits only what the chain accepts).
 * A contract provisioned late is rebuilt from the chain's last commit and the commands after it,
 * which the worker kept (still encrypted) while it had no key.
 */
export class ContractWorker {
  readonly instances = new Map<string, ContractInstance>();
  private buffered: Infer<typeof BufferedCommand>[] = [];
  private bufferedBytes = 0;
  /** Keys whose contracts could not be rebuilt yet (commands missing), and the commit block they were tried at. */
  private readonly waiting = new Map<string, { seed: Uint8Array; commitBlock: number }>();
  private readonly requests = new Map<string, Infer<typeof SeenRequest>>();
  /** State commits, held until the host takes the egress (only acceptable ones leave: see CommitOutbox). */
  private readonly commits: CommitOutbox;
  /** Who may call whom (cross-contract calls), from the block being executed. */
  private readonly directory: CallDirectory;

  /** `identity`: the worker's IdentityKey, which signs its claim in each commit and its votes (none: unattributed). */
  constructor(
    private readonly engine: ContractEngine,
    identity?: Keypair,
  ) {
    this.commits = new CommitOutbox(identity);
    this.directory = new CallDirectory(this.instances, identity?.publicKey);
  }

  /** The state commits to submit now (the pRuntime adds them to the egress the host takes). */
  takeCommits(): EgressItem[] {
    return this.commits.take();
  }

  async onBlock(block: ContractBlock): Promise<EgressItem[]> {
    const { header, state } = block;
    const env: BlockEnv = { number: header.number, timestamp: Number(header.timestamp) };
    const chainId = Mq.ChainId.get(state) ?? new Uint8Array(32);
    this.directory.at(state);
    this.trackRequests(block, env);
    const commitInterval = Phat.CommitInterval.get(state) ?? DEFAULT_COMMIT_INTERVAL;
    for (const instance of this.instances.values()) instance.commitInterval = commitInterval;
    const receipts = new Map<string, ContractReceipt[]>();
    const add = (id: string, receipt: ContractReceipt | undefined) => {
      if (receipt === undefined) return;
      const list = receipts.get(id) ?? [];
      list.push(receipt);
      receipts.set(id, list);
    };
    // Keys that arrived now, and keys waiting for a newer commit (their rebuild lacked commands).
    const keys = new Map(block.newKeys);
    for (const [id, waiting] of this.waiting) {
      const commit = Phat.StateCommits.get(state, new Uint8Array(Buffer.from(id, 'hex')));
      if (commit !== undefined && commit.block !== waiting.commitBlock) keys.set(id, waiting.seed);
    }
    for (const [id, seed] of keys) {
      if (this.instances.has(id)) continue;
      this.waiting.delete(id);
      let receipt: ContractReceipt | undefined | 'gap';
      let instance: ContractInstance | undefined;
      try {
        instance = this.start(id, seed, state, block);
        if (instance === undefined) continue;
        receipt = await this.catchUp(instance, state, env, block.inbound);
      } catch {
        // Whatever went wrong stays with this contract (the same on every replica): retry it from a later commit.
        if (instance !== undefined) this.abandon(instance);
        receipt = 'gap';
      }
      instance?.release();
      if (receipt === 'gap') this.wait(id, seed, state);
      else add(id, receipt);
    }
    // Commands grouped by contract (contracts are independent; each keeps its block order), so that
    // one engine session is alive at a time and is released before the next contract runs.
    const byContract = new Map<string, CommandMessage[]>();
    for (const message of block.inbound) {
      if (message.origin.tag !== 'Pallet' || topicOf(message) !== MQ_TOPICS.command) continue;
      const command = decode(CommandMessage, message.payload);
      const id = hexOf(command.contract);
      if (!this.instances.has(id)) {
        this.buffer({ message: command, block: { number: env.number, timestamp: BigInt(env.timestamp) } });
        continue;
      }
      byContract.set(id, [...(byContract.get(id) ?? []), command]);
    }
    for (const [id, commands] of byContract) {
      const instance = this.instances.get(id) as ContractInstance;
      for (const command of commands) {
        if (command.sequence < instance.applied) continue; // already applied before a restart
        if (command.sequence > instance.applied) {
          // Commands are missing (never seen, or dropped from a full buffer): running on would diverge.
          this.instances.delete(id);
          instance.release();
          this.wait(id, instance.seed, state);
          break;
        }
        try {
          this.directory.live = true;
          add(id, await instance.command(this.engine, command, env));
        } catch (error) {
          if (isCalleeUnavailable(error)) {
            // The chain says the callee is callable, but it does not run here (yet): executing on would
            // diverge from the replicas. This contract waits for a commit, as with missing commands.
            this.instances.delete(id);
            instance.release();
            this.wait(id, instance.seed, state);
            break;
          }
          // A fault outside the contract's own call (it is the same on every replica): the command
          // is consumed without a receipt, and the block goes on for every other command.
          instance.applied = command.sequence + 1n;
        } finally {
          this.directory.live = false;
        }
      }
      instance.release();
    }
    const egress: EgressItem[] = [];
    for (const [id, list] of receipts) {
      const instance = this.instances.get(id);
      if (instance === undefined) continue;
      const origin: MessageOrigin = { tag: 'Contract', value: instance.keys.identity.publicKey };
      const onChain = Mq.Sequences.get(state, origin) ?? 0n;
      // Never below a sequence this replica already signed (re-signing one with other contents would
      // lose receipts); the host retries every message, so the chain's count catches up.
      instance.mqSequence = maxBig(instance.mqSequence, onChain);
      for (const chunk of receiptChunks(list)) {
        try {
          const payload = encode(ContractReceipts, { contract: instance.id, receipts: chunk });
          const message = { origin, topic: new TextEncoder().encode(MQ_TOPICS.receipts), payload };
          egress.push({ tag: 'PushMessage', value: signMessage(instance.keys.identity, message, instance.mqSequence, chainId) });
          instance.mqSequence++;
        } catch {
          // Receipts are bounded well under a message (CALL_LIMITS); a failure here loses these receipts only.
        }
      }
    }
    for (const instance of this.instances.values()) {
      const recorded = observeCommit(instance, state);
      try {
        egress.push(...this.commits.attestations(instance, state, chainId));
        this.commits.onBlock(instance, recorded, header.number, commitInterval, chainId);
      } catch {
        // Cannot happen within the commit budget (ContractState.overBudget); if it does, the next interval retries.
      }
    }
    this.commits.retain(this.instances);
    this.prune(state);
    for (const instance of this.instances.values()) instance.release(); // no engine session outlives its block
    return egress;
  }

  private trackRequests(block: ContractBlock, env: BlockEnv): void {
    for (const message of block.inbound) {
      if (message.origin.tag !== 'Pallet' || topicOf(message) !== MQ_TOPICS.instantiate) continue;
      const request = decode(InstantiateRequest, message.payload);
      // Workers need the deployer's receipt key and the deployment block, not the (MasterKey-encrypted) arguments.
      const slim = { ...request, args: { ...request.args, iv: new Uint8Array(12), ciphertext: new Uint8Array() } };
      if (this.requests.size < MAX_REQUESTS) this.requests.set(hexOf(request.contract), { request: slim, deployedIn: undefined });
    }
    for (const seen of this.requests.values()) {
      if (seen.deployedIn !== undefined) continue;
      if (Phat.Contracts.get(block.state, seen.request.contract)?.deployedAt === env.number) {
        seen.deployedIn = { number: env.number, timestamp: BigInt(env.timestamp) };
      }
    }
  }

  private start(id: string, seed: Uint8Array, state: StateReader, block: ContractBlock): ContractInstance | undefined {
    const contract = new Uint8Array(Buffer.from(id, 'hex'));
    const record = Phat.Contracts.get(state, contract);
    const code = record === undefined ? undefined : Phat.Codes.get(state, record.info.codeHash);
    if (record === undefined || code === undefined) return undefined;
    const instance = new ContractInstance(contract, seed, Buffer.from(code).toString('utf8'));
    instance.directory = this.directory;
    instance.commitInterval = Phat.CommitInterval.get(state) ?? DEFAULT_COMMIT_INTERVAL;
    const origin: MessageOrigin = { tag: 'Contract', value: instance.keys.identity.publicKey };
    instance.mqSequence = Mq.Sequences.get(state, origin) ?? 0n;
    const commit = Phat.StateCommits.get(state, contract);
    if (commit !== undefined) {
      const entries: [Uint8Array, Uint8Array][] = [];
      for (const [key, value] of block.entries()) {
        if (!startsWith(key, Phat.ContractStorage.prefix)) continue;
        const [owner, name] = Phat.ContractStorage.mapKeyOf(key);
        if (equalBytes(owner, contract)) entries.push([name, decode(EntryBytes, value)]);
      }
      instance.commitInterval = Phat.CommitInterval.get(state) ?? DEFAULT_COMMIT_INTERVAL;
      // A commit is made at an interval boundary: the replicas' next window starts empty there too.
      instance.state.load(entries, [], { index: Math.ceil(commit.block / instance.commitInterval), sizes: [] });
      instance.applied = commit.commandSequence;
      instance.committed = commit.commandSequence;
      instance.initialized = true;
    }
    this.instances.set(id, instance);
    return instance;
  }

  /**
   * A new instance: the constructor (live: its receipt goes to the deployer), then — when the key
   * came late — the commands after the last commit, silently (the replicas sent those receipts).
   */
  private async catchUp(
    instance: ContractInstance,
    state: StateReader,
    now: BlockEnv,
    inbound: readonly Message[],
  ): Promise<ContractReceipt | undefined | 'gap'> {
    const id = hexOf(instance.id);
    const seen = this.requests.get(id);
    const record = Phat.Contracts.get(state, instance.id);
    let receipt: ContractReceipt | undefined;
    if (!instance.initialized) {
      const deployedIn = seen?.deployedIn;
      const at = deployedIn === undefined ? now : { number: deployedIn.number, timestamp: Number(deployedIn.timestamp) };
      // Keys reach replicas in different blocks: each sends the (identical) constructor receipt; the MQ drops duplicates.
      const receiptTo = seen?.request.args.senderPubkey;
      // A constructor may call others only when it runs live, at its deployment block (not when replayed late).
      this.directory.live = at.number === now.number;
      try {
        receipt = await instance.init(this.engine, record?.info.deployer ?? new Uint8Array(32), record?.initArgs, receiptTo, at);
      } finally {
        this.directory.live = false;
      }
    }
    const mine = this.buffered.filter((b) => equalBytes(b.message.contract, instance.id));
    // Every command from the state's starting point up to this block's must be here, or the replay would diverge.
    let expected = instance.applied;
    for (const { message } of mine) {
      if (message.sequence < expected) continue;
      if (message.sequence > expected) return this.abandon(instance);
      expected++;
    }
    const inThisBlock = inbound
      .filter((m) => m.origin.tag === 'Pallet' && topicOf(m) === MQ_TOPICS.command)
      .map((m) => decode(CommandMessage, m.payload))
      .filter((c) => equalBytes(c.contract, instance.id));
    const next = inThisBlock[0]?.sequence ?? Phat.CommandSequences.get(state, instance.id) ?? 0n;
    if (next !== expected) return this.abandon(instance);
    for (const { message, block } of mine) {
      if (message.sequence < instance.applied) continue;
      await instance.command(this.engine, message, { number: block.number, timestamp: Number(block.timestamp) });
    }
    observeCommit(instance, state);
    this.buffered = this.buffered.filter((b) => !equalBytes(b.message.contract, instance.id));
    this.recount();
    this.requests.delete(id); // its constructor has run (or its state came from a commit)
    return receipt;
  }

  private abandon(instance: ContractInstance): 'gap' {
    this.instances.delete(hexOf(instance.id));
    instance.release();
    return 'gap';
  }

  /** Keeps a key whose contract cannot be rebuilt yet; it is retried when the chain records a newer commit. */
  private wait(id: string, seed: Uint8Array, state: StateReader): void {
    const commit = Phat.StateCommits.get(state, new Uint8Array(Buffer.from(id, 'hex')));
    this.waiting.set(id, { seed, commitBlock: commit?.block ?? -1 });
  }

  /** Buffers a command of a contract this worker does not run (yet), within a byte budget (oldest dropped first). */
  private buffer(command: Infer<typeof BufferedCommand>): void {
    this.buffered.push(command);
    this.bufferedBytes += command.message.envelope.ciphertext.length + 128;
    while (this.bufferedBytes > MAX_BUFFERED_BYTES || this.buffered.length > MAX_BUFFERED) {
      const dropped = this.buffered.shift() as Infer<typeof BufferedCommand>;
      this.bufferedBytes -= dropped.message.envelope.ciphertext.length + 128;
    }
  }

  private recount(): void {
    this.bufferedBytes = this.buffered.reduce((sum, b) => sum + b.message.envelope.ciphertext.length + 128, 0);
  }

  /** Drops buffered commands a recorded commit already covers. */
  private prune(state: StateReader): void {
    if (this.buffered.length === 0) return;
    const covered = new Map<string, bigint>();
    this.buffered = this.buffered.filter(({ message }) => {
      const id = hexOf(message.contract);
      let upTo = covered.get(id);
      if (upTo === undefined) {
        upTo = Phat.StateCommits.get(state, message.contract)?.commandSequence ?? 0n;
        covered.set(id, upTo);
      }
      return message.sequence >= upTo;
    });
    this.recount();
  }

  snapshot(): Uint8Array {
    return encode(ContractsSnapshot, {
      contracts: [...this.instances.values()].map((instance) => {
        const state = instance.state.export();
        return {
          id: instance.id,
          seed: instance.seed,
          applied: instance.applied,
          committed: instance.committed,
          initialized: instance.initialized,
          mqSequence: instance.mqSequence,
          entries: state.entries,
          dirty: state.dirty,
          windowIndex: state.window.index,
          window: state.window.sizes,
        };
      }),
      buffered: this.buffered,
      requests: [...this.requests.values()],
      waiting: [...this.waiting].map(
        ([id, w]) => [new Uint8Array(Buffer.from(id, 'hex')), w.seed, w.commitBlock < 0 ? undefined : w.commitBlock] as const,
      ),
    });
  }

  restore(snapshot: Uint8Array, codeOf: (contract: Uint8Array) => string | undefined): void {
    const body = decode(ContractsSnapshot, snapshot);
    for (const saved of body.contracts) {
      const code = codeOf(saved.id);
      if (code === undefined) continue;
      const instance = new ContractInstance(saved.id, saved.seed, code);
      instance.directory = this.directory;
      instance.applied = saved.applied;
      instance.committed = saved.committed;
      instance.initialized = saved.initialized;
      instance.mqSequence = saved.mqSequence;
      instance.state.load(saved.entries, saved.dirty, { index: saved.windowIndex, sizes: saved.window });
      this.instances.set(hexOf(saved.id), instance);
    }
    this.buffered = body.buffered;
    this.recount();
    for (const [id, seed, commitBlock] of body.waiting) this.waiting.set(hexOf(id), { seed, commitBlock: commitBlock ?? -1 });
    for (const seen of body.requests) this.requests.set(hexOf(seen.request.contract), seen);
  }
}

/** Follows the chain's recorded commit: the writes it covers are no longer pending. */
function observeCommit(instance: ContractInstance, state: StateReader) {
  const recorded = Phat.StateCommits.get(state, instance.id);
  if (recorded !== undefined && recorded.commandSequence >= instance.committed) {
    instance.state.pruneCommitted(recorded.commandSequence, recorded.block);
    instance.committed = recorded.commandSequence;
  }
  return recorded;
}
