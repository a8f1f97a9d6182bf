import { toSs58 } from '@phalanx/crypto';
import { CallHost, type StateView } from './call-host.js';
import { type CallableContract, type ContractDirectory, CROSS_CALL_LIMITS, calleeUnavailable } from './cross-call.js';
import type {
  CallBroker,
  CallEnv,
  CallKind,
  CallOutcome,
  ContractEngine,
  CrossCallRequest,
  CrossCallResult,
  EngineSession,
  FetchOptions,
  FetchResponse,
} from './engine.js';
import { isInkBundle } from './engine-router.js';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** One top-level call and every cross call below it. */
export interface CallTransaction {
  readonly directory: ContractDirectory;
  readonly engine: ContractEngine;
  readonly block: CallEnv['block'];
  readonly kind: CallKind;
  /** The top-level call's write position: with the call's index, it labels each callee's randomness. */
  readonly position: bigint;
  readonly fetcher?: (url: string, options: FetchOptions) => Promise<FetchResponse>;
  /** Set when a callee the chain calls callable was not running here: the whole call must not count. */
  unavailable: boolean;
  calls: number;
}

const notCallable = (error: string): CrossCallResult => ({
  status: 'not-callable',
  outcome: { ok: false, result: 'null', error, gasUsed: 0 },
});
const trapped = (error: string): CrossCallResult => ({
  status: 'trapped',
  outcome: { ok: false, result: 'null', error, gasUsed: 0 },
});

/** A callee prepared to run: its host over its state (with the writes pending in this call), and its code. */
interface Prepared {
  readonly host: CallHost;
  readonly code: string;
  readonly broker: Broker;
  readonly delegate: boolean;
  readonly callee: CallableContract;
  readonly calleeId: string;
}

/**
 * The call mechanism of one frame (`instance` running with `host`, `depth` calls below the top):
 * both engines reach other contracts through it. A callee runs in a fresh engine session over its
 * own state seen through the writes this call made to it so far; its writes, events and those of its
 * own callees join the caller's frame only when it succeeds, and reach the contracts' states only
 * when the top-level call does (CallableContract.run), so a failure anywhere rolls back everything
 * below it.
 */
export class Broker implements CallBroker {
  constructor(
    private readonly tx: CallTransaction,
    private readonly instance: CallableContract,
    private readonly host: CallHost,
    /** The hosts from the top-level call down to this one. */
    private readonly path: readonly CallHost[],
    private readonly stack: ReadonlySet<string>,
  ) {}

  isContract(account: Uint8Array): boolean {
    return this.resolve(account) !== undefined;
  }

  codeExists(codeHash: Uint8Array): boolean {
    return codeHash.length === 32 && this.tx.directory.inkCode(this.instance, codeHash) !== undefined;
  }

  codeHashOf(account: Uint8Array): Uint8Array | undefined {
    const callee = this.resolve(account);
    return callee?.inkCodeHash;
  }

  private resolve(account: Uint8Array): CallableContract | undefined {
    if (account.length !== 32) return undefined;
    try {
      return this.tx.directory.callee(this.instance, account, this.tx.block.number, this.tx.kind === 'query');
    } catch (error) {
      this.tx.unavailable = true;
      throw error;
    }
  }

  private prepare(request: CrossCallRequest): Prepared | CrossCallResult {
    const depth = this.path.length;
    if (depth > CROSS_CALL_LIMITS.depth) return trapped(`cross-contract calls nest at most ${CROSS_CALL_LIMITS.depth} deep`);
    if (++this.tx.calls > CROSS_CALL_LIMITS.calls)
      return trapped(`a call makes at most ${CROSS_CALL_LIMITS.calls} cross-contract calls`);
    const kind: CallKind = this.tx.kind === 'query' ? 'query' : 'tx';
    const label = `call/${this.tx.calls}`;
    const random = (key: Uint8Array) =>
      kind === 'query' ? ({ kind: 'real' } as const) : ({ kind: 'derived', key, position: this.tx.position, label } as const);
    if (request.delegate === true) {
      const code = this.tx.directory.inkCode(this.instance, request.target);
      if (code === undefined) return notCallable('no ink! code with this hash is deployed in this cluster');
      // The caller's own context: its storage (with its pending writes), its address, its caller.
      const host = new CallHost(
        this.host.env,
        viewOfHost(this.host),
        this.instance.seed,
        random(this.instance.randomKey),
        this.tx.fetcher,
      );
      this.equip(host, this.instance);
      const broker = new Broker(this.tx, this.instance, host, [...this.path, host], this.stack);
      return { host, code, broker, delegate: true, callee: this.instance, calleeId: hexOf(this.instance.id) };
    }
    const callee = this.resolve(request.target);
    if (callee === undefined) return notCallable('the callee is not a contract deployed in this cluster');
    const calleeId = hexOf(callee.id);
    if (this.stack.has(calleeId)) return trapped('reentrancy refused: the callee is already on the call stack');
    const env: CallEnv = { kind, caller: toSs58(this.instance.id), self: toSs58(callee.id), block: this.host.env.block };
    const host = new CallHost(env, this.layered(callee), callee.seed, random(callee.randomKey), this.tx.fetcher);
    this.equip(host, callee);
    const broker = new Broker(this.tx, callee, host, [...this.path, host], new Set([...this.stack, calleeId]));
    return { host, code: callee.code, broker, delegate: false, callee, calleeId };
  }

  private equip(host: CallHost, contract: CallableContract): void {
    host.cache = contract.cache;
    if (this.tx.directory.workerPublicKey !== undefined) host.workerPublicKey = this.tx.directory.workerPublicKey;
  }

  /** The callee's state as this frame sees it: writes earlier calls of this call made to it, then its state. */
  private layered(callee: CallableContract): StateView {
    const id = hexOf(callee.id);
    const pending = () => this.path.map((h) => h.foreign.get(id)).filter((f) => f !== undefined);
    return {
      get: (name) => {
        for (const f of pending().reverse()) if (f.writes.has(name)) return f.writes.get(name);
        return callee.state.get(name);
      },
      has: (name) => {
        for (const f of pending().reverse()) if (f.writes.has(name)) return f.writes.get(name) !== undefined;
        return callee.state.has(name);
      },
      getBytes: (key) => {
        const hex = hexOf(key);
        for (const f of pending().reverse()) {
          const written = f.rawWrites.get(hex);
          if (written !== undefined) return written.value;
        }
        return callee.state.getBytes(key);
      },
    };
  }

  callSync(request: CrossCallRequest): CrossCallResult {
    const prepared = this.prepare(request);
    if (!('host' in prepared)) return prepared;
    if (!isInkBundle(prepared.code))
      return notCallable('an ink! contract can call ink! contracts only (the callee is JavaScript)');
    const session = this.tx.engine.openSync?.(prepared.code);
    if (session?.callSync === undefined) return notCallable('the callee code cannot be run synchronously');
    prepared.host.calls = prepared.broker;
    const outcome = session.callSync(this.requestOf(request), prepared.host);
    return this.finish(prepared, outcome);
  }

  async call(request: CrossCallRequest): Promise<CrossCallResult> {
    const prepared = this.prepare(request);
    if (!('host' in prepared)) return prepared;
    prepared.host.calls = prepared.broker;
    let session: EngineSession | undefined;
    try {
      session = this.tx.engine.openSync?.(prepared.code) ?? (await this.tx.engine.open(prepared.code));
      const outcome = await session.call(this.requestOf(request), prepared.host);
      return this.finish(prepared, outcome);
    } finally {
      session?.dispose();
    }
  }

  private requestOf(request: CrossCallRequest) {
    const base = { method: request.method, args: request.args ?? '[]', gasLimit: request.gasLimit };
    return request.raw === undefined ? base : { ...base, raw: request.raw };
  }

  /** Joins a successful callee's writes and events to this frame; a failed one leaves nothing. */
  private finish(prepared: Prepared, outcome: CallOutcome): CrossCallResult {
    if (this.tx.unavailable) throw calleeUnavailable();
    const reverted = outcome.raw?.reverted === true;
    if (!outcome.ok) return { status: reverted ? 'reverted' : 'trapped', outcome };
    const { host } = prepared;
    if (prepared.delegate) {
      for (const [name, value] of host.writes) this.host.writes.set(name, value);
      for (const [hex, write] of host.rawWrites) this.host.rawWrites.set(hex, write);
    } else {
      const target = this.host.foreign.get(prepared.calleeId) ?? {
        instance: prepared.callee,
        writes: new Map(),
        rawWrites: new Map(),
      };
      for (const [name, value] of host.writes) target.writes.set(name, value);
      for (const [hex, write] of host.rawWrites) target.rawWrites.set(hex, write);
      this.host.foreign.set(prepared.calleeId, target);
    }
    mergeForeign(this.host, host);
    for (const event of host.events) this.host.emit(event.name, event.data);
    return { status: 'ok', outcome };
  }
}

/** Merges the writes a callee's own callees made (to other contracts) into the caller's frame. */
function mergeForeign(into: CallHost, from: CallHost): void {
  for (const [id, f] of from.foreign) {
    const target = into.foreign.get(id) ?? { instance: f.instance, writes: new Map(), rawWrites: new Map() };
    for (const [name, value] of f.writes) target.writes.set(name, value);
    for (const [hex, write] of f.rawWrites) target.rawWrites.set(hex, write);
    into.foreign.set(id, target);
  }
}

/** A delegate call reads the caller's storage as the caller sees it, pending writes included. */
function viewOfHost(host: CallHost): StateView {
  return {
    get: (name) => host.storageGet(name),
    has: (name) => host.storageHas(name),
    getBytes: (key) => host.raw.get(key),
  };
}

/** Gives a top-level call's host the cross-contract call mechanism, when the worker set a directory. */
export function offerCalls(
  instance: CallableContract & { readonly directory: ContractDirectory | undefined },
  engine: ContractEngine,
  env: CallEnv,
  position: bigint,
  host: CallHost,
  fetcher?: (url: string, options: FetchOptions) => Promise<FetchResponse>,
): CallTransaction | undefined {
  const directory = instance.directory;
  if (directory === undefined) return undefined;
  const tx: CallTransaction = {
    directory,
    engine,
    block: env.block,
    kind: env.kind,
    position,
    unavailable: false,
    calls: 0,
    ...(fetcher === undefined ? {} : { fetcher }),
  };
  host.calls = new Broker(tx, instance, host, [host], new Set([hexOf(instance.id)]));
  if (directory.workerPublicKey !== undefined) host.workerPublicKey = directory.workerPublicKey;
  return tx;
}
