import { fromSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { AbiConstructor, AbiMessage } from '@polkadot/api-contract/types';
import type { CallOutcome, CallRequest, ContractEngine, ContractHost, EngineSession } from '../engine.js';
import { InkAbi } from './abi.js';
import { type InkBundle, parseBundle } from './bundle.js';
import { compileInk, compileInkSync, type InkCode } from './code.js';
import { INK_GAS } from './gas.js';
import { INK_LIMITS } from './limits.js';
import { type InkCallResult, runInk } from './run.js';

/**
 * The byte-level entry that marks a terminated contract: its first byte is neither of the key
 * namespaces storage host functions write (host-context.ts FIX_KEY, VAR_KEY), so no contract reaches it.
 */
const TERMINATED = new Uint8Array([2, ...new TextEncoder().encode('phalanx/terminated')]);

/** A loaded bundle: its code compiled (shared per code hash) and its ABI. */
interface Loaded {
  readonly bundle: InkBundle;
  readonly code: InkCode;
  readonly abi: InkAbi;
}

/** Bundles loaded recently, by their text (a worker opens the same contract's text every block). */
const LOADED_SIZE = 64;
const loaded = new Map<string, Promise<Loaded>>();

/** Loaded bundles for synchronous opening (a cross call's callee), as bounded as `loaded`. */
const loadedSync = new Map<string, Loaded>();

function loadSync(text: string): Loaded {
  const done = loadedSync.get(text);
  if (done !== undefined) return done;
  const bundle = parseBundle(text);
  const result = { bundle, abi: new InkAbi(bundle.metadata), code: compileInkSync(bundle.wasm) };
  keepSync(text, result);
  return result;
}

function keepSync(text: string, value: Loaded): void {
  loadedSync.set(text, value);
  for (const old of loadedSync.keys()) {
    if (loadedSync.size <= LOADED_SIZE) break;
    loadedSync.delete(old);
  }
}

function load(text: string): Promise<Loaded> {
  const cached = loaded.get(text);
  if (cached !== undefined) return cached;
  const promise = (async () => {
    const bundle = parseBundle(text);
    const abi = new InkAbi(bundle.metadata);
    return { bundle, abi, code: await compileInk(bundle.wasm) };
  })();
  promise.then((value) => keepSync(text, value)).catch(() => loaded.delete(text));
  loaded.set(text, promise);
  for (const old of loaded.keys()) {
    if (loaded.size <= LOADED_SIZE) break;
    loaded.delete(old);
  }
  return promise;
}

/** The constructor labels of a bundle's metadata (the CLI checks `--constructor` before any fee). */
export function inkConstructorLabels(code: string): string[] {
  return loadSync(code).abi.constructorLabels;
}

/**
 * ink! 4 and 5 contracts behind the ContractEngine interface: `code` is the `.contract` bundle
 * (metadata JSON with the wasm), methods are named by their metadata label, arguments and results
 * are JSON (SCALE in between, by the ABI). Every call runs in a fresh instance of the cached
 * compiled module, so sessions hold nothing and are never broken.
 */
export class InkEngine implements ContractEngine {
  readonly name = 'ink';

  /** `clock`: what times query deadlines (injected: the engine reads no clock; commands never use it). */
  constructor(private readonly options: { readonly clock?: () => number } = {}) {}

  async open(code: string): Promise<EngineSession> {
    return new InkSession(await load(code), this.options.clock);
  }

  openForQueries(code: string): Promise<EngineSession> {
    return this.open(code);
  }

  openSync(code: string): EngineSession {
    return new InkSession(loadSync(code), this.options.clock);
  }
}

class InkSession implements EngineSession {
  readonly broken = false;

  constructor(
    private readonly contract: Loaded,
    private readonly clock: (() => number) | undefined,
  ) {}

  async call(request: CallRequest, host: ContractHost): Promise<CallOutcome> {
    return this.callSync(request, host);
  }

  callSync(request: CallRequest, host: ContractHost): CallOutcome {
    const { abi, code, bundle } = this.contract;
    const kind = host.env.kind;
    let entry: AbiMessage | AbiConstructor | undefined;
    let input: Uint8Array;
    try {
      if (request.raw !== undefined) input = request.raw;
      else if (kind === 'init') {
        const chosen = constructorChoice(request.args);
        entry = abi.constructorFor(chosen?.name ?? request.method);
        input = abi.encode(entry, chosen?.args ?? request.args);
      } else {
        if (request.method === undefined) throw new PhalanxError('INVALID_INPUT', 'name the message to call');
        entry = abi.message(request.method);
        input = abi.encode(entry, request.args);
      }
    } catch (error) {
      // The arguments were read and encoded before any gas: their size pays for it, refused or not.
      const cost = Math.min(request.gasLimit, INK_GAS.call + INK_GAS.copyByte * request.args.length);
      return failed(error instanceof PhalanxError ? error.message : 'the call cannot be encoded', cost);
    }
    if (host.raw === undefined) throw new PhalanxError('INTERNAL', 'the ink! engine needs a host with byte-level storage');
    if (host.raw.get(TERMINATED) !== undefined)
      return failed('the contract terminated itself (ink! terminate): it takes no more calls', INK_GAS.call);
    const base = INK_GAS.call + INK_GAS.copyByte * input.length;
    if (input.length > INK_LIMITS.inputBytes) return failed(`the input is larger than ${INK_LIMITS.inputBytes} bytes`, base);
    if (request.gasLimit < base) return failed('out of gas', request.gasLimit);
    const result = runInk(code, {
      entry: kind === 'init' ? 'deploy' : 'call',
      input,
      env: {
        caller: fromSs58(host.env.caller, null),
        address: fromSs58(host.env.self, null),
        codeHash: bundle.codeHash,
        blockNumber: host.env.block.number,
        timestamp: host.env.block.timestamp,
        gasPrice: 0n,
        query: kind === 'query',
      },
      storage: host.raw,
      gasLimit: request.gasLimit - base,
      ...(kind === 'query' && request.timeoutMs !== undefined && this.clock !== undefined
        ? { deadline: { at: this.clock() + request.timeoutMs, clock: this.clock } }
        : {}),
      verifySr25519: (key, message, signature) => host.verify(key, message, signature),
      ...(host.calls === undefined ? {} : { calls: host.calls }),
      host,
    });
    // terminate: the mark is written with the call's writes, so a failed caller above undoes it too.
    if (result.kind === 'returned' && result.terminated === true) host.raw.set(TERMINATED, new Uint8Array([1]));
    if (entry === undefined) return rawOutcome(this.contract, result, base, host);
    return outcome(this.contract, entry, result, base, host);
  }

  dispose(): void {}
}

const failed = (error: string, gasUsed: number, debug?: string): CallOutcome =>
  debug === undefined || debug === ''
    ? { ok: false, result: 'null', error, gasUsed }
    : { ok: false, result: 'null', error, gasUsed, debug };

/**
 * The call's outcome in the engine interface's JSON terms. ink! messages return
 * `Result<T, LangError>`: `Ok(T)` becomes the result (T itself, e.g. `{"err": "InsufficientBalance"}`
 * for a message returning its own Result), a revert or a LangError is a failure naming the value.
 */
function outcome(
  contract: Loaded,
  entry: AbiMessage | AbiConstructor,
  result: InkCallResult,
  base: number,
  host: ContractHost,
): CallOutcome {
  const gasUsed = base + result.gasUsed;
  if (result.kind === 'failed') return failed(result.message, gasUsed, result.debug);
  let value: unknown;
  try {
    value = result.data.length === 0 ? null : contract.abi.decodeOutput(entry, result.data);
  } catch {
    return failed(
      `the contract returned bytes its metadata cannot decode (0x${Buffer.from(result.data).toString('hex')})`,
      gasUsed,
    );
  }
  const lang = langResult(value);
  if (result.reverted || lang.err !== undefined) {
    const shown = JSON.stringify(lang.err !== undefined ? { LangError: lang.err } : lang.ok);
    return failed(`the contract reverted: ${shown}`, gasUsed, result.debug);
  }
  const emitted = emitEvents(contract, result, host);
  if (emitted !== undefined) return failed(emitted, gasUsed);
  const ok: CallOutcome = { ok: true, result: JSON.stringify(lang.ok ?? null), error: '', gasUsed };
  return result.debug === '' ? ok : { ...ok, debug: result.debug };
}

/**
 * A constructor chosen by its metadata label at deploy (`--constructor NAME`): the constructor
 * arguments are then `{"constructor": NAME, "args": [...]}` instead of the plain array.
 */
function constructorChoice(argsJson: string): { name: string; args: string } | undefined {
  if (!/^\s*\{/.test(argsJson)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(argsJson);
  } catch {
    return undefined; // the ABI's own error names the problem
  }
  const record = value as Record<string, unknown>;
  // Own properties only: every object inherits a `constructor`.
  if (!Object.hasOwn(record, 'constructor') || typeof record.constructor !== 'string' || !Array.isArray(record.args))
    throw new PhalanxError('INVALID_INPUT', 'constructor arguments as an object are {"constructor": NAME, "args": [...]}');
  return { name: record.constructor, args: JSON.stringify(record.args) };
}

/** A call with SCALE input (from an ink! caller): the bytes and the revert flag go back as they are. */
function rawOutcome(contract: Loaded, result: InkCallResult, base: number, host: ContractHost): CallOutcome {
  const gasUsed = base + result.gasUsed;
  if (result.kind === 'failed') return failed(result.message, gasUsed, result.debug);
  const raw = { data: result.data, reverted: result.reverted };
  if (result.reverted) return { ...failed('the callee reverted', gasUsed, result.debug), raw };
  const emitted = emitEvents(contract, result, host);
  if (emitted !== undefined) return failed(emitted, gasUsed);
  const ok: CallOutcome = { ok: true, result: 'null', error: '', gasUsed, raw };
  return result.debug === '' ? ok : { ...ok, debug: result.debug };
}

/** Decodes the call's events into the host; a failure message when they do not fit. */
function emitEvents(contract: Loaded, result: InkCallResult & { kind: 'returned' }, host: ContractHost): string | undefined {
  try {
    for (const event of result.events) {
      const decoded = contract.abi.decodeEvent(event);
      if (decoded !== undefined) host.emit(decoded.name, JSON.stringify(decoded.args));
      else host.emit('UnknownEvent', JSON.stringify({ topics: event.topics.map(hexOf), data: hexOf(event.data) }));
    }
  } catch (error) {
    // Decoded to JSON, the events may outgrow what a receipt carries: the call fails, as over any limit.
    return `the events do not fit the receipt: ${error instanceof PhalanxError ? error.message : 'emit failed'}`;
  }
  return undefined;
}

const hexOf = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

/** Splits ink!'s outer `Result<T, LangError>` (decoded as `{ok}` / `{err}`). */
function langResult(value: unknown): { ok?: unknown; err?: unknown } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'ok') return { ok: record.ok };
    if (keys.length === 1 && keys[0] === 'err') return { err: record.err };
  }
  return { ok: value };
}
