import { CommChannels, type ContractKeys, contractKeys, derive, deriveIv, toSs58 } from '@phalanx/crypto';
import {
  CALL_LIMITS,
  type CallReceipt,
  CallReceipt as CallReceiptCodec,
  CommandPayload,
  type Envelope,
  openCommand,
  openInitArgs,
  type QueryRequest,
  type QueryResponse,
  sealReceipt,
} from '@phalanx/primitives';
import type { CommandMessage, ContractReceipt } from '@phalanx/runtime';
import { DEFAULT_COMMIT_INTERVAL } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { ContractCache } from './cache.js';
import { offerCalls } from './call-broker.js';
import { CallHost, type RandomSource } from './call-host.js';
import { type ContractDirectory, calleeUnavailable, isCalleeUnavailable } from './cross-call.js';
import type { CallEnv, CallKind, ContractEngine, EngineSession, FetchOptions, FetchResponse } from './engine.js';
import { inkCodeHashOf } from './engine-router.js';
import { DEFAULT_GAS_LIMIT } from './gas.js';
import { CONTRACT_LIMITS } from './limits.js';
import { commandGasLimit, failedReceipt, wellFormed } from './receipt-text.js';
import { ContractState } from './state.js';
import { externalPosition } from './state-position.js';

export interface BlockEnv {
  readonly number: number;
  readonly timestamp: number;
}

const MAX_SESSIONS = 4096;
const QUERY_SESSION_CALLS = 1000;
/** Query sessions kept alive across contracts (each may hold up to the heap limit). */
const MAX_QUERY_SESSIONS = 32;
const recentlyQueried = new Map<ContractInstance, true>();

/** Marks `instance` as recently queried and frees the least recently queried sessions beyond the cap. */
function keepQuerySession(instance: ContractInstance): void {
  recentlyQueried.delete(instance);
  recentlyQueried.set(instance, true);
  for (const candidate of recentlyQueried.keys()) {
    if (recentlyQueried.size <= MAX_QUERY_SESSIONS) break;
    if (candidate !== instance && candidate.dropQuerySession()) recentlyQueried.delete(candidate);
  }
}
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * One contract on this worker: its keys (from the ContractKey seed the gatekeepers provisioned), its
 * code, its encrypted state and where it is in its command stream. It runs the constructor, each
 * command in sequence order and queries, and writes receipts only its callers can read.
 */
export class ContractInstance {
  readonly keys: ContractKeys;
  readonly state: ContractState;
  /** Commands applied so far: the next command's sequence. */
  applied = 0n;
  initialized = false;
  /** Commands covered by the last commit the chain recorded. */
  committed = 0n;
  /** `Phat.CommitInterval`, set by the worker each block: commit windows follow it. */
  commitInterval = DEFAULT_COMMIT_INTERVAL;
  /** Next MQ sequence of this contract's origin (its identity key). */
  mqSequence = 0n;
  private readonly receiptIvKey: Uint8Array;
  /** The key of this contract's derived randomness (its commands', and its calls' as a callee). */
  readonly randomKey: Uint8Array;
  /** The local cache (pink `cache_*`): this worker's memory only. */
  readonly cache = new ContractCache();
  /** Who this contract may call (the worker sets it; absent: no cross-contract calls). */
  directory: ContractDirectory | undefined;
  /** Channel keys per caller session key: one sr25519 agreement per session, not per command. */
  private readonly channels: CommChannels;
  /** The engine session of the block being executed (a fresh one per block: see EngineSession). */
  private blockSession: { number: number; session: EngineSession } | undefined;
  private querySession: { session: EngineSession; calls: number } | undefined;
  private queryQueue: Promise<unknown> = Promise.resolve();
  private queriesInFlight = 0;

  /** Frees the query session when no query is running (bounded number of live query sessions). */
  dropQuerySession(): boolean {
    if (this.queriesInFlight > 0 || this.querySession === undefined) return false;
    const session = this.querySession.session;
    this.querySession = undefined;
    session.dispose();
    return true;
  }

  /** Bench-only (never reachable through the ecall API): `false` skips every encryption, to price confidentiality. */
  private readonly encrypt: boolean;

  constructor(
    readonly id: Uint8Array,
    readonly seed: Uint8Array,
    readonly code: string,
    options: { encrypt?: boolean } = {},
  ) {
    this.encrypt = options.encrypt ?? true;
    this.keys = contractKeys(seed);
    this.state = new ContractState(
      { contract: id, storageKey: this.keys.storageKey, storageNameKey: this.keys.storageNameKey },
      options.encrypt ?? true,
    );
    this.channels = new CommChannels(this.keys.ecdh, MAX_SESSIONS);
    this.receiptIvKey = derive(seed, 'receipt-iv');
    this.randomKey = derive(seed, 'random');
  }

  private selfAddress: string | undefined;
  /** SS58 encoding (a BLAKE2b checksum and base58) costs more than a small call: remember recent callers. */
  private readonly addresses = new Map<string, string>();

  private address(key: Uint8Array): string {
    const id = hexOf(key);
    let address = this.addresses.get(id);
    if (address === undefined) {
      address = toSs58(key);
      if (this.addresses.size >= MAX_SESSIONS) this.addresses.clear();
      this.addresses.set(id, address);
    }
    return address;
  }

  private env(kind: CallKind, caller: Uint8Array, block: BlockEnv): CallEnv {
    this.selfAddress ??= toSs58(this.id);
    const at = { number: block.number, timestamp: block.timestamp };
    return { kind, caller: this.address(caller), self: this.selfAddress, block: at };
  }

  private async sessionFor(engine: ContractEngine, block: number): Promise<EngineSession> {
    const current = this.blockSession;
    if (current !== undefined && current.number === block && !current.session.broken) return current.session;
    current?.session.dispose();
    this.blockSession = undefined;
    const session = await engine.open(this.code);
    this.blockSession = { number: block, session };
    return session;
  }

  /** Frees the block's engine session at the end of the block (queries keep theirs). */
  release(): void {
    this.blockSession?.session.dispose();
    this.blockSession = undefined;
  }

  /** Runs a call and applies its writes when it succeeds (position: its unique write position). */
  private async run(
    engine: ContractEngine,
    env: CallEnv,
    method: string | undefined,
    args: string,
    position: bigint,
    gasLimit: number,
  ): Promise<CallReceipt> {
    this.state.startWindow(Math.ceil(env.block.number / this.commitInterval));
    const random: RandomSource = { kind: 'derived', key: this.randomKey, position };
    const host = new CallHost(env, this.state, this.seed, random);
    host.cache = this.cache;
    const tx = offerCalls(this, engine, env, position, host);
    const session = await this.sessionFor(engine, env.block.number);
    const outcome = await session.call({ method, args, gasLimit }, host);
    if (tx?.unavailable === true) throw calleeUnavailable();
    const events = host.events.map((e) => ({ name: wellFormed(e.name, 64), data: wellFormed(e.data, CALL_LIMITS.eventData) }));
    const result = wellFormed(outcome.result, CALL_LIMITS.result + 1);
    let failure: string | undefined = outcome.ok ? undefined : outcome.error;
    if (failure === undefined && Buffer.byteLength(result) > CALL_LIMITS.result)
      failure = `the result is larger than ${CALL_LIMITS.result / 1024} KiB of UTF-8 JSON`;
    // Every write must fit in the next state commit (a commit is one extrinsic): refuse the call, not the commit.
    if (failure === undefined) failure = this.state.overBudget(host.writes, host.rawWrites);
    for (const f of failure === undefined ? host.foreign.values() : []) {
      f.instance.state.startWindow(Math.ceil(env.block.number / f.instance.commitInterval));
      failure ??= f.instance.state.overBudget(f.writes, f.rawWrites);
    }
    if (failure === undefined) {
      this.state.apply(host.writes, position, host.rawWrites);
      // A callee's writes are pending until a commit made at or after this block is recorded (state.ts).
      for (const f of host.foreign.values()) f.instance.state.apply(f.writes, externalPosition(env.block.number), f.rawWrites);
    }
    return {
      ok: failure === undefined,
      result: failure === undefined ? result : 'null',
      error: wellFormed(failure ?? '', CALL_LIMITS.error),
      gasUsed: BigInt(outcome.gasUsed),
      events: failure === undefined ? events : [],
    };
  }

  /** The ink! code hash (blake2_256 of the wasm) when this is an ink! contract. */
  get inkCodeHash(): Uint8Array | undefined {
    if (this.inkHash === null) this.inkHash = inkCodeHashOf(this.code);
    return this.inkHash;
  }
  private inkHash: Uint8Array | undefined | null = null;

  /**
   * The constructor, with the arguments the gatekeepers re-encrypted to this contract; the receipt
   * goes to the deployer's one-off key (`receiptTo`) when known.
   */
  async init(
    engine: ContractEngine,
    deployer: Uint8Array,
    initArgs: Envelope | undefined,
    receiptTo: Uint8Array | undefined,
    block: BlockEnv,
  ): Promise<ContractReceipt | undefined> {
    let receipt: CallReceipt;
    let args: string | undefined;
    try {
      const plain = initArgs === undefined ? new Uint8Array() : openInitArgs(this.keys.ecdh, initArgs, this.id);
      if (plain.length > 0) args = Buffer.from(plain).toString('utf8');
    } catch {
      args = undefined;
    }
    if (args === undefined) {
      receipt = failedReceipt('the constructor arguments could not be decrypted: encrypt them to the MasterKey (see the SDK)');
    } else {
      receipt = await this.run(engine, this.env('init', deployer, block), undefined, args, 0n, DEFAULT_GAS_LIMIT);
    }
    this.initialized = true;
    if (receiptTo === undefined) return undefined;
    let channel: Uint8Array;
    try {
      channel = this.channels.with(receiptTo).to;
    } catch {
      return undefined; // the deployer's key is not a valid sr25519 key: nobody to seal the receipt to
    }
    const envelope = sealReceipt(
      channel,
      this.keys.ecdh.publicKey,
      this.id,
      undefined,
      receipt,
      deriveIv(this.receiptIvKey, 0, 0),
    );
    // The constructor is not billed (instantiate pays its deposit and fee); its gas is informational.
    return { for: { tag: 'Init', value: null }, gasUsed: receipt.gasUsed, receipt: envelope };
  }

  /**
   * A command at its block: decrypt (an envelope from another signer, for another contract, altered
   * or carried by another extrinsic fails here), execute, and seal the receipt to the sender's
   * session key. A failed command changes nothing but still consumes its sequence.
   */
  async command(engine: ContractEngine, message: CommandMessage, block: BlockEnv): Promise<ContractReceipt | undefined> {
    if (!this.encrypt) return this.commandInTheClear(engine, message, block);
    let session: { readonly to: Uint8Array; readonly from: Uint8Array } | undefined;
    let receipt: CallReceipt;
    try {
      session = this.channels.with(message.envelope.senderPubkey); // an invalid sender key is a bad envelope, nothing more
      const payload = openCommand(session.from, message.envelope, this.id, message.sender);
      if (payload.nonce !== message.txNonce) {
        receipt = failedReceipt('the command was replayed: its envelope belongs to another extrinsic (nonce mismatch)');
      } else {
        const env = this.env('tx', message.sender, block);
        receipt = await this.run(engine, env, payload.method, payload.args, message.sequence + 1n, commandGasLimit(message));
      }
    } catch (error) {
      if (isCalleeUnavailable(error)) throw error; // the worker's to handle: no receipt, no sequence consumed
      receipt = failedReceipt(
        'the command envelope could not be opened: tampered, or not sealed by this signer to this contract',
      );
    }
    this.applied = message.sequence + 1n;
    if (session === undefined) return undefined; // nobody to seal a receipt to
    const iv = deriveIv(this.receiptIvKey, 1, message.sequence);
    const envelope = sealReceipt(session.to, this.keys.ecdh.publicKey, this.id, message.sequence, receipt, iv);
    return { for: { tag: 'Command', value: message.sequence }, gasUsed: receipt.gasUsed, receipt: envelope };
  }

  /** The bench's baseline: the same command with no envelope, state or receipt encryption. */
  private async commandInTheClear(engine: ContractEngine, message: CommandMessage, block: BlockEnv): Promise<ContractReceipt> {
    const payload = decode(CommandPayload, message.envelope.ciphertext);
    const receipt = await this.run(
      engine,
      this.env('tx', message.sender, block),
      payload.method,
      payload.args,
      message.sequence + 1n,
      commandGasLimit(message),
    );
    this.applied = message.sequence + 1n;
    const plain = { ...message.envelope, ciphertext: encode(CallReceiptCodec, receipt) };
    return { for: { tag: 'Command', value: message.sequence }, gasUsed: receipt.gasUsed, receipt: plain };
  }

  /** A read-only call on the latest state; `ctx.random` is real randomness and `ctx.http.fetch` works. */
  async query(
    engine: ContractEngine,
    request: QueryRequest,
    block: BlockEnv,
    fetcher: ((url: string, options: FetchOptions) => Promise<FetchResponse>) | undefined,
  ): Promise<QueryResponse> {
    const env = this.env('query', request.caller.value, block);
    const host = new CallHost(env, this.state, this.seed, { kind: 'real' }, fetcher);
    host.cache = this.cache;
    const tx = offerCalls(this, engine, env, 0n, host, fetcher);
    const args = Buffer.from(request.args).toString('utf8');
    // Queries of one contract run one at a time in a reused session (renewed now and then, or when broken).
    const run = async () => {
      let entry = this.querySession;
      if (entry === undefined || entry.session.broken || entry.calls >= QUERY_SESSION_CALLS) {
        this.querySession = undefined;
        entry?.session.dispose();
        entry = { session: await engine.openForQueries(this.code), calls: 0 };
        this.querySession = entry;
      }
      entry.calls++;
      return entry.session.call(
        { method: request.method, args, gasLimit: DEFAULT_GAS_LIMIT, timeoutMs: CONTRACT_LIMITS.queryTimeoutMs },
        host,
      );
    };
    this.queriesInFlight++;
    const result = this.queryQueue.then(run, run);
    this.queryQueue = result.catch(() => undefined);
    let outcome: Awaited<typeof result>;
    try {
      outcome = await result;
    } finally {
      this.queriesInFlight--;
      keepQuerySession(this);
    }
    if (tx?.unavailable === true) return { ok: false, result: new Uint8Array(), error: calleeUnavailable().message };
    return outcome.ok
      ? { ok: true, result: new Uint8Array(Buffer.from(outcome.result, 'utf8')), error: '' }
      : { ok: false, result: new Uint8Array(), error: wellFormed(outcome.error, 1000) };
  }
}

export { wellFormed } from './receipt-text.js';
