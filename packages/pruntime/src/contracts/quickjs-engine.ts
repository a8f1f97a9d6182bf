import { PhalanxError } from '@phalanx/errors';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import type { GasSchedule } from '../wasm/index.js';
import type { CallOutcome, CallRequest, ContractEngine, ContractHost, EngineSession } from './engine.js';
import { FuelStop } from './fuel.js';
import { GAS, LOAD_GAS_LIMIT } from './gas.js';
import { CONTRACT_LIMITS } from './limits.js';
import { PRELUDE } from './prelude.js';
import { QuickJsBuild, type QuickJsInstance, readQuickJsWasm } from './quickjs-build.js';
import { bindHost } from './quickjs-host.js';

/** QuickJS features a contract gets: no Date, no WeakRef, no Proxy, no Intl (determinism). */
const INTRINSICS = {
  BaseObjects: true,
  JSON: true,
  Eval: true,
  Promise: true,
  MapSet: true,
  BigInt: true,
  RegExp: true,
} as const;

class CallAborted extends Error {}

export interface QuickJsEngineOptions {
  /** The QuickJS WebAssembly build (default: the pinned file the package depends on). */
  readonly wasm?: Uint8Array;
  /** The clock of query deadlines (commands never read it: they are bounded by gas alone). */
  readonly clock?: () => number;
  /** The gas schedule (default: `DEFAULT_SCHEDULE`); for calibration benches. */
  readonly schedule?: GasSchedule;
}

/**
 * The JS/TS engine (DESIGN §7): QuickJS compiled to WebAssembly, one pinned build, instrumented
 * for gas (`../wasm`). Each session is a fresh instance of that build with its own bounded linear
 * memory and one QuickJS runtime and context, so nothing another contract or session did can
 * change what a call costs or whether it fits; dropping the session returns all of its memory.
 */
export class QuickJsEngine implements ContractEngine {
  readonly name = 'quickjs';

  private constructor(
    private readonly build: QuickJsBuild,
    private readonly clock: () => number,
  ) {}

  static async create(options: QuickJsEngineOptions = {}): Promise<QuickJsEngine> {
    const build = await QuickJsBuild.create(options.wasm ?? readQuickJsWasm(), CONTRACT_LIMITS.memoryBytes, options.schedule);
    return new QuickJsEngine(build, options.clock ?? (() => performance.now()));
  }

  async open(code: string): Promise<EngineSession> {
    return new QuickJsSession(await this.build.instantiate(), code, this.clock);
  }

  /** Queries get instances of their own, like commands: separate memories, separate meters. */
  async openForQueries(code: string): Promise<EngineSession> {
    return new QuickJsSession(await this.build.instantiate(), code, this.clock);
  }
}

class QuickJsSession implements EngineSession {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private invoke: QuickJSHandle | undefined;
  private namespace: QuickJSHandle | undefined;
  private loadError: string | undefined;
  private current: ContractHost | undefined;
  private readonly pending = new Set<Promise<void>>();
  private busy = false;
  /** The instance was unwound by a throw (gas, time, an engine trap): it must never run again. */
  private dead = false;
  private disposed = false;
  broken = false;

  constructor(
    private readonly instance: QuickJsInstance,
    code: string,
    private readonly clock: () => number,
  ) {
    const { module, meter } = instance;
    // Setting up and evaluating the module is metered too: an endless top-level loop must end.
    meter.begin(LOAD_GAS_LIMIT);
    this.runtime = module.newRuntime();
    this.runtime.setMaxStackSize(CONTRACT_LIMITS.stackBytes);
    this.context = this.runtime.newContext({ intrinsics: INTRINSICS });
    const context = this.context;
    try {
      if (code.length > CONTRACT_LIMITS.codeBytes) throw new CallAborted('the contract code is larger than 512 KiB');
      const live = () => !this.dead && !this.disposed;
      const hostObject = bindHost(context, () => this.require(), meter, this.pending, live);
      context.setProp(context.global, '__host', hostObject);
      this.invoke = unwrap(context, context.evalCode(PRELUDE, 'phalanx-prelude.js'));
      this.namespace = unwrap(context, context.evalCode(code, 'contract.js', { type: 'module' }));
      this.drainJobs();
    } catch (error) {
      this.noteFault(error);
      const reason =
        error instanceof CallAborted
          ? error.message
          : error instanceof FuelStop
            ? `its top level needs more than ${LOAD_GAS_LIMIT} gas`
            : 'the engine failed';
      this.loadError = `the contract failed to load: ${reason}`;
    }
  }

  private require(): ContractHost {
    if (this.current === undefined) throw new PhalanxError('INTERNAL', 'a host function ran outside a call');
    return this.current;
  }

  /** Anything but a contract-level error unwound the instance: it is unusable from here on. */
  private noteFault(error: unknown): void {
    if (!(error instanceof CallAborted)) {
      this.dead = true;
      this.broken = true;
    }
  }

  private drainJobs(): void {
    const jobs = this.runtime.executePendingJobs();
    if (jobs.error !== undefined) {
      const message = describe(this.context, jobs.error);
      jobs.error.dispose();
      throw new CallAborted(message);
    }
  }

  async call(request: CallRequest, host: ContractHost): Promise<CallOutcome> {
    if (this.busy) throw new PhalanxError('INTERNAL', 'one call at a time per engine session');
    if (this.loadError !== undefined) return failed(this.loadError, GAS.base);
    if (this.broken) throw new PhalanxError('INTERNAL', 'this engine session broke a limit: open a new one');
    const { meter } = this.instance;
    const deadline = request.timeoutMs === undefined ? undefined : this.clock() + request.timeoutMs;
    meter.begin(request.gasLimit, deadline === undefined ? undefined : { at: deadline, clock: this.clock });
    this.current = host;
    this.busy = true;
    const context = this.context;
    const handles: QuickJSHandle[] = [];
    try {
      if (!meter.charge(GAS.base)) throw new CallAborted('out of gas');
      const args = [host.env.kind, request.method ?? '', request.args, JSON.stringify(host.env)].map((text) => {
        const handle = context.newString(text);
        handles.push(handle);
        return handle;
      });
      const promise = unwrap(
        context,
        context.callFunction(this.invoke as QuickJSHandle, context.undefined, this.namespace as QuickJSHandle, ...args),
      );
      handles.push(promise);
      for (;;) {
        this.drainJobs();
        const state = context.getPromiseState(promise);
        if (state.type === 'fulfilled') {
          const text = context.getString(state.value);
          state.value.dispose();
          if (meter.exhausted) throw new FuelStop('gas');
          if (text.length > CONTRACT_LIMITS.ioBytes) throw new CallAborted('the result is larger than 64 KiB of JSON');
          return { ok: true, result: text, error: '', gasUsed: meter.end() };
        }
        if (state.type === 'rejected') {
          const message = describe(context, state.error);
          state.error.dispose();
          throw meter.exhausted ? new FuelStop('gas') : new CallAborted(message);
        }
        // Commands may await only ctx.call (fetch exists in queries only), whose callee runs to its end.
        if (this.pending.size === 0) {
          throw new CallAborted(
            'the call did not finish: it awaits something that never settles (only ctx.call, and ctx.http.fetch in queries, may be awaited)',
          );
        }
        const remaining = deadline === undefined ? undefined : deadline - this.clock();
        if (remaining !== undefined && remaining <= 0) throw new FuelStop('time');
        let timer: NodeJS.Timeout | undefined;
        const expiry = remaining === undefined ? [] : [new Promise((resolve) => (timer = setTimeout(resolve, remaining)))];
        await Promise.race([...this.pending, ...expiry]);
        clearTimeout(timer);
      }
    } catch (error) {
      const message = this.errorMessage(error, request);
      this.noteFault(error);
      // A limit may leave the context inconsistent (a caught out-of-memory, a deep recursion): done.
      if (/out of memory|stack overflow/i.test(message)) this.broken = true;
      return failed(message, meter.end());
    } finally {
      if (!this.dead) for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
      this.current = undefined;
      this.busy = false;
    }
  }

  private errorMessage(error: unknown, request: CallRequest): string {
    if (error instanceof FuelStop) {
      return error.reason === 'gas'
        ? `out of gas: the call needs more than its limit of ${request.gasLimit} gas`
        : `the query ran longer than its time limit of ${request.timeoutMs} ms`;
    }
    // The glue grows memory by 5 % steps at least, so "full" is within that margin of the maximum.
    const memoryFull = this.instance.memory.buffer.byteLength * 1.06 >= this.instance.maxMemoryBytes;
    const outOfMemory = `out of memory: the call used more than ${CONTRACT_LIMITS.memoryBytes >> 20} MiB`;
    if (!(error instanceof CallAborted)) return memoryFull ? outOfMemory : 'the engine failed while running the call';
    const message = error.message;
    // QuickJS throws null when it cannot even allocate the out-of-memory error.
    if (/out of memory/i.test(message) || (memoryFull && message === 'uncaught null')) return outOfMemory;
    if (/stack overflow|too much recursion|Maximum call stack/i.test(message))
      return 'stack overflow: the call recursed too deeply';
    return message.slice(0, 1000);
  }

  /** Drops the instance: its memory is returned when nothing references it any more. */
  dispose(): void {
    this.disposed = true;
    this.broken = true;
  }
}

function unwrap(context: QuickJSContext, result: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle {
  if (result.error !== undefined) {
    const message = describe(context, result.error);
    result.error.dispose();
    throw new CallAborted(message);
  }
  return result.value;
}

/** "Name: message" of a thrown value (never its stack: it may quote arguments). */
function describe(context: QuickJSContext, error: QuickJSHandle): string {
  const dumped: unknown = context.dump(error);
  if (dumped !== null && typeof dumped === 'object' && 'message' in dumped) {
    const { name, message } = dumped as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' && name !== 'Error' ? `${name}: ` : ''}${String(message)}`;
  }
  return `uncaught ${typeof dumped === 'string' ? dumped : (JSON.stringify(dumped) ?? String(dumped))}`;
}

function failed(error: string, gasUsed: number): CallOutcome {
  return { ok: false, result: 'null', error, gasUsed };
}
