import { PhalanxError } from '@phalanx/errors';
import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import type { CallOutcome, CallRequest, ContractEngine, ContractHost, EngineSession } from './engine.js';
import { GAS } from './gas.js';
import { CONTRACT_LIMITS } from './limits.js';
import { PRELUDE } from './prelude.js';
import { bindHost, type Meter } from './quickjs-host.js';

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

/**
 * The JS/TS engine (DESIGN §7): QuickJS compiled to WebAssembly, one pinned build (RELEASE_SYNC).
 * Each session is its own QuickJS runtime (heap and stack limits, its own GC) with one context,
 * so nothing another contract or session did can change what a call costs or whether it fits.
 */
export class QuickJsEngine implements ContractEngine {
  readonly name = 'quickjs';

  /** Commands and queries run in two separate WebAssembly instances (separate linear memories). */
  private constructor(
    private readonly commands: QuickJSWASMModule,
    private readonly queries: QuickJSWASMModule,
  ) {}

  static async create(): Promise<QuickJsEngine> {
    return new QuickJsEngine(await newQuickJSWASMModule(RELEASE_SYNC), await newQuickJSWASMModule(RELEASE_SYNC));
  }

  open(code: string): EngineSession {
    return new QuickJsSession(this.commands, code);
  }

  openForQueries(code: string): EngineSession {
    return new QuickJsSession(this.queries, code);
  }
}

class QuickJsSession implements EngineSession {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly handles: QuickJSHandle[] = [];
  private invoke: QuickJSHandle | undefined;
  private namespace: QuickJSHandle | undefined;
  private loadError: string | undefined;
  private current: { host: ContractHost; meter: Meter; deadline: number | undefined } | undefined;
  private readonly pending = new Set<Promise<void>>();
  private busy = false;
  private disposed = false;
  broken = false;

  constructor(module: QuickJSWASMModule, code: string) {
    this.runtime = module.newRuntime();
    this.runtime.setMemoryLimit(CONTRACT_LIMITS.memoryBytes);
    this.runtime.setMaxStackSize(CONTRACT_LIMITS.stackBytes);
    this.runtime.setInterruptHandler(() => {
      const call = this.current;
      if (call === undefined) return false;
      call.meter.polls++;
      call.meter.used += GAS.poll;
      if (call.meter.used > call.meter.limit) call.meter.exhausted = true;
      if (call.deadline !== undefined && performance.now() > call.deadline) call.meter.timedOut = true;
      return call.meter.exhausted || call.meter.timedOut;
    });
    this.context = this.runtime.newContext({ intrinsics: INTRINSICS });
    const context = this.context;
    const keep = (handle: QuickJSHandle) => {
      this.handles.push(handle);
      return handle;
    };
    try {
      if (code.length > CONTRACT_LIMITS.codeBytes) throw new CallAborted('the contract code is larger than 512 KiB');
      const hostObject = keep(
        bindHost(
          context,
          () => this.require().host,
          () => this.require().meter,
          this.pending,
        ),
      );
      context.setProp(context.global, '__host', hostObject);
      this.invoke = keep(unwrap(context, context.evalCode(PRELUDE, 'phalanx-prelude.js')));
      // Module evaluation is metered like a call (an endless top-level loop must end too).
      this.current = { host: undefined as never, meter: newMeter(GAS.base * 50), deadline: undefined };
      this.namespace = keep(unwrap(context, context.evalCode(code, 'contract.js', { type: 'module' })));
      this.drainJobs();
    } catch (error) {
      this.loadError = `the contract failed to load: ${error instanceof CallAborted ? error.message : 'the engine failed'}`;
    } finally {
      this.current = undefined;
    }
  }

  private require() {
    if (this.current === undefined) throw new PhalanxError('INTERNAL', 'a host function ran outside a call');
    return this.current;
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
    if (this.broken) throw new PhalanxError('INTERNAL', 'this engine session broke a limit: open a new one');
    if (this.loadError !== undefined) return failed(this.loadError, GAS.base);
    const meter = newMeter(request.gasLimit);
    const deadline = request.timeoutMs === undefined ? undefined : performance.now() + request.timeoutMs;
    this.current = { host, meter, deadline };
    this.busy = true;
    const context = this.context;
    const handles: QuickJSHandle[] = [];
    try {
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
          if (meter.exhausted || meter.timedOut) throw new CallAborted('interrupted');
          if (text.length > CONTRACT_LIMITS.ioBytes) throw new CallAborted('the result is larger than 64 KiB of JSON');
          return { ok: true, result: text, error: '', gasUsed: meter.used };
        }
        if (state.type === 'rejected') {
          const message = describe(context, state.error);
          state.error.dispose();
          throw new CallAborted(message);
        }
        if (this.pending.size === 0 || host.env.kind !== 'query') {
          throw new CallAborted(
            'the call did not finish: it awaits something that never settles (only ctx.http.fetch in queries may be awaited)',
          );
        }
        const remaining = deadline === undefined ? undefined : deadline - performance.now();
        if (remaining !== undefined && remaining <= 0) {
          meter.timedOut = true;
          throw new CallAborted('interrupted');
        }
        let timer: NodeJS.Timeout | undefined;
        const expiry = remaining === undefined ? [] : [new Promise((resolve) => (timer = setTimeout(resolve, remaining)))];
        await Promise.race([...this.pending, ...expiry]);
        clearTimeout(timer);
      }
    } catch (error) {
      const message = errorMessage(error, meter, request);
      // A limit or an engine fault may leave the context inconsistent: this session is done.
      if (
        meter.exhausted ||
        meter.timedOut ||
        !(error instanceof CallAborted) ||
        /out of memory|stack overflow|interrupted/i.test(message)
      ) {
        this.broken = true;
      }
      return failed(message, Math.min(meter.used, meter.limit));
    } finally {
      for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
      this.current = undefined;
      this.busy = false;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.broken = true;
    const free = () => {
      for (const handle of this.handles.reverse()) if (handle.alive) handle.dispose();
      this.context.dispose();
      this.runtime.dispose();
    };
    // A query may still await a fetch whose promise handle lives in this context: free it after.
    if (this.pending.size === 0) free();
    else void Promise.allSettled([...this.pending]).then(free);
  }
}

function newMeter(limit: number): Meter {
  return { used: GAS.base, limit, exhausted: false, timedOut: false, polls: 0 };
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

function errorMessage(error: unknown, meter: Meter, request: CallRequest): string {
  if (meter.exhausted) return `out of gas: the call needs more than its limit of ${request.gasLimit} gas`;
  if (meter.timedOut) return `the query ran longer than its time limit of ${request.timeoutMs} ms`;
  if (!(error instanceof CallAborted)) return 'the engine failed while running the call';
  const message = error.message;
  if (/out of memory/i.test(message)) return `out of memory: the call used more than ${CONTRACT_LIMITS.memoryBytes >> 20} MiB`;
  if (/stack overflow|too much recursion|Maximum call stack/i.test(message))
    return 'stack overflow: the call recursed too deeply';
  return message.slice(0, 1000);
}

function failed(error: string, gasUsed: number): CallOutcome {
  return { ok: false, result: 'null', error, gasUsed };
}
