import type { ContractCache } from './cache.js';

/**
 * The contract-engine interface (DESIGN §7: engines behind one interface). An engine runs one call
 * of a contract — its constructor, a command or a query — against a `ContractHost` that owns state,
 * keys and services. Engines hold no state between calls: every call starts from the code and the
 * host alone, which is what makes replicas, restarts and rebuilt workers agree.
 */

export type CallKind = 'init' | 'tx' | 'query';

/** What a contract knows about its call (DESIGN §7 `ctx.caller`, `ctx.self`, `ctx.block`). */
export interface CallEnv {
  readonly kind: CallKind;
  /** SS58 address of the caller (the extrinsic signer, or the query's signer). */
  readonly caller: string;
  /** SS58 address of the contract (its id). */
  readonly self: string;
  readonly block: { readonly number: number; readonly timestamp: number };
}

export interface FetchOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Byte-level storage, for engines whose contracts address storage by bytes (ink!): entries of the
 * same encrypted ContractState, apart from the JSON ones (per-entry keys, hidden names alike).
 * Writes are buffered per call like JSON writes: applied when the call succeeds, dropped otherwise
 * (and always in queries, which may write but never persist).
 */
export interface RawStorage {
  get(key: Uint8Array): Uint8Array | undefined;
  /** `undefined` removes the entry. */
  set(key: Uint8Array, value: Uint8Array | undefined): void;
}

/**
 * Everything a call may touch. Values cross the boundary as JSON text and bytes; the engine charges
 * gas for each operation before it runs (see gas.ts) and the host enforces sizes.
 */
export interface ContractHost {
  readonly env: CallEnv;
  storageGet(key: string): string | undefined;
  storageSet(key: string, json: string): void;
  storageDelete(key: string): boolean;
  storageHas(key: string): boolean;
  /** Byte-level storage (see RawStorage); engines with JSON storage do not use it. */
  readonly raw?: RawStorage;
  emit(name: string, json: string): void;
  /** Deterministic in commands (contract key + block + call), real randomness in queries. */
  random(length: number): Uint8Array;
  /** The contract's own sr25519 key pair for `salt` (spec 000): same on every worker. */
  keyPublic(salt: string): Uint8Array;
  keySecret(salt: string): Uint8Array;
  keySign(salt: string, message: Uint8Array): Uint8Array;
  keyAgree(salt: string, peer: Uint8Array): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  blake2(data: Uint8Array): Uint8Array;
  encrypt(key: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, sealed: Uint8Array): Uint8Array;
  /** Present in queries only. */
  fetch?: (url: string, options: FetchOptions) => Promise<FetchResponse>;
  /** Calls to other contracts of the cluster (cross-call.ts); absent where none is reachable. */
  readonly calls?: CallBroker;
  /** The contract's local cache (pink `cache_*`: enclave memory, not replicated). */
  readonly cache?: ContractCache;
  /** The worker's public identity key (pink `worker_pubkey`, queries only). */
  readonly workerPublicKey?: Uint8Array;
}

export interface CallRequest {
  /** `undefined` for the constructor. */
  readonly method: string | undefined;
  /** JSON array of arguments (after `ctx`). */
  readonly args: string;
  readonly gasLimit: number;
  /** Wall-clock limit, for queries only (commands are bounded by gas, which every replica counts alike). */
  readonly timeoutMs?: number;
  /** SCALE input (selector ‖ arguments) from an ink! caller, instead of `method` and `args`. */
  readonly raw?: Uint8Array;
}

export interface CallOutcome {
  readonly ok: boolean;
  /** JSON text of the returned value (`null` for undefined) when ok. */
  readonly result: string;
  /** The error message when not ok: the contract's own, or the limit it broke. */
  readonly error: string;
  readonly gasUsed: number;
  /** Debug messages the contract wrote (ink!'s `debug_message`): for the caller only, never logged. */
  readonly debug?: string;
  /** For a call made with `raw` input: the bytes the callee returned and its revert flag. */
  readonly raw?: { readonly data: Uint8Array; readonly reverted: boolean };
}

/**
 * One loaded instance of a contract's code. Commands of one block share a session (a fresh one
 * per block, so a replica restarted at any block boundary runs exactly what the others ran);
 * queries get their own. After a call breaks a limit the session is `broken` and must be replaced.
 */
export interface EngineSession {
  readonly broken: boolean;
  call(request: CallRequest, host: ContractHost): Promise<CallOutcome>;
  /** The same call run to its end synchronously (engines that can: ink!), for callers inside a host function. */
  callSync?(request: CallRequest, host: ContractHost): CallOutcome;
  dispose(): void;
}

export interface ContractEngine {
  readonly name: string;
  /** Loads `code` for commands (for the JS engine: an ES module with `export default { init, tx, query }`). */
  open(code: string): Promise<EngineSession>;
  /**
   * Loads `code` for queries, apart from commands: nothing queries do (memory they hold, sessions
   * kept alive) may change what a command does, or replicas would disagree.
   */
  openForQueries(code: string): Promise<EngineSession>;
  /** A session opened synchronously, for a cross call from inside a running call; `undefined` if this engine cannot. */
  openSync?(code: string): EngineSession | undefined;
}

/** How a cross call ended, in pallet-contracts' terms (ReturnErrorCode): the caller decides what to do. */
export type CrossCallStatus = 'ok' | 'reverted' | 'trapped' | 'not-callable';

export interface CrossCallResult {
  readonly status: CrossCallStatus;
  /** The callee's outcome (for `not-callable`: a failed outcome saying why, with no gas). */
  readonly outcome: CallOutcome;
}

/** What a caller asks: a message by label with JSON arguments (JS callers), or SCALE input (ink! callers). */
export interface CrossCallRequest {
  /** The callee's account id (32 bytes); for a delegate call, the code hash to run in the caller's own context. */
  readonly target: Uint8Array;
  readonly delegate?: boolean;
  readonly method?: string;
  readonly args?: string;
  readonly raw?: Uint8Array;
  /** The most gas the callee may use (capped by what the caller has left). */
  readonly gasLimit: number;
}

/** The call mechanism a ContractHost offers its engine (absent where no cross call is possible). */
export interface CallBroker {
  /** Any callee; JS callers await it. */
  call(request: CrossCallRequest): Promise<CrossCallResult>;
  /** ink! callers run synchronously inside a host function: ink! callees (and delegate code) only. */
  callSync(request: CrossCallRequest): CrossCallResult;
  /** Whether `account` is a contract this call could reach (ink!'s `is_contract`). */
  isContract(account: Uint8Array): boolean;
  /** Whether ink! code with this hash (blake2_256 of the wasm) is deployed in the caller's cluster (pink `code_exists`). */
  codeExists(codeHash: Uint8Array): boolean;
  /** The ink! code hash (blake2_256 of its wasm) of a callable contract, if it is an ink! contract. */
  codeHashOf(account: Uint8Array): Uint8Array | undefined;
}
