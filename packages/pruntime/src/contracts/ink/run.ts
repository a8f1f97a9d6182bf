import { isPhalanxError } from '@phalanx/errors';
import { PHALANX_GAS } from '../../wasm/instrument.js';
import { PHALANX_STACK } from '../../wasm/stack.js';
import type { CallBroker } from '../cross-call.js';
import type { ContractHost, RawStorage } from '../engine.js';
import { FuelMeter, FuelStop } from '../fuel.js';
import type { InkCode } from './code.js';
import { importObject } from './host-api.js';
import type { InkContext, InkEnv, InkEvent } from './host-context.js';
import { InkExit, Sandbox, type TrapReason } from './sandbox.js';

export interface InkCallInput {
  readonly entry: 'deploy' | 'call';
  /** The SCALE input: selector ‖ arguments. */
  readonly input: Uint8Array;
  readonly env: InkEnv;
  readonly storage: RawStorage;
  readonly gasLimit: number;
  /** Queries only: a wall-clock limit, checked at each refuel (commands are bounded by gas alone). */
  readonly deadline?: { readonly at: number; readonly clock: () => number };
  readonly verifySr25519: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;
  /** Cross-contract calls, where the host offers them. */
  readonly calls?: CallBroker;
  readonly host?: ContractHost;
}

/** How one call ended: returned (maybe with the revert flag) or failed, always with its gas. */
export type InkCallResult =
  | {
      readonly kind: 'returned';
      readonly reverted: boolean;
      readonly data: Uint8Array;
      readonly events: readonly InkEvent[];
      readonly gasUsed: number;
      readonly debug: string;
      /** The contract called `terminate`. */
      readonly terminated?: boolean;
    }
  | {
      readonly kind: 'failed';
      readonly reason: TrapReason;
      readonly message: string;
      readonly gasUsed: number;
      readonly debug: string;
    };

/**
 * Runs one entry of a contract in a fresh instance with a fresh memory (pallet-contracts
 * instantiates per call too): nothing of one call survives into the next but storage, so replicas
 * and restarted workers agree. Gas counts down from `gasLimit` in the instrumented code and in the
 * host functions; a trap, running out of gas or over-deep recursion is a failure with the gas used.
 */
export function runInk(code: InkCode, call: InkCallInput): InkCallResult {
  const memory = new WebAssembly.Memory({ initial: code.info.memory.initial, maximum: code.info.memory.maximum });
  const sandbox = new Sandbox(memory);
  // The fuel counter is a global of the instrumented module: the meter exists once the instance does.
  let meter: FuelMeter | undefined;
  const ctx: InkContext = {
    sandbox,
    input: call.input,
    env: call.env,
    storage: call.storage,
    events: [],
    debug: '',
    gasLeft: () => BigInt(Math.max(0, call.gasLimit - (meter?.gasUsed ?? 0))),
    verifySr25519: call.verifySr25519,
    ...(call.calls === undefined ? {} : { calls: call.calls }),
    ...(call.host === undefined ? {} : { host: call.host }),
  };
  const refuel = { [PHALANX_GAS.refuel.module]: { [PHALANX_GAS.refuel.name]: () => meter?.refuel() } };
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(code.module, importObject(code.info, ctx, refuel));
  } catch (error) {
    // Data segments outside the memory, for one: the module cannot run at all.
    const message = `the contract cannot be instantiated: ${describe(error)}`;
    return { kind: 'failed', reason: 'trap', message, gasUsed: 0, debug: '' };
  }
  const exports = instance.exports;
  const depth = exports[PHALANX_STACK.depthExport] as WebAssembly.Global;
  meter = new FuelMeter(exports[PHALANX_GAS.fuelExport] as WebAssembly.Global);
  sandbox.attach(meter);
  meter.begin(call.gasLimit, call.deadline);
  depth.value = 0;
  try {
    (exports[call.entry] as () => void)();
    return {
      kind: 'returned',
      reverted: false,
      data: new Uint8Array(),
      events: ctx.events,
      gasUsed: meter.end(),
      debug: ctx.debug,
    };
  } catch (error) {
    const gasUsed = meter.end();
    if (error instanceof InkExit) {
      const reverted = (error.flags & 1) === 1;
      const events = reverted ? [] : ctx.events;
      const ended = { kind: 'returned', reverted, data: error.data, events, gasUsed, debug: ctx.debug } as const;
      return error.terminated ? { ...ended, terminated: true } : ended;
    }
    return { kind: 'failed', ...classify(error, (depth.value as number) > PHALANX_STACK.limit), gasUsed, debug: ctx.debug };
  }
}

function classify(error: unknown, stackExceeded: boolean): { reason: TrapReason; message: string } {
  if (error instanceof FuelStop)
    return error.reason === 'time'
      ? { reason: 'gas', message: 'the query ran longer than its time limit' }
      : { reason: 'gas', message: 'out of gas' };
  if (isPhalanxError(error, 'CONTRACT_FAILED')) {
    const reason = (error.details.reason as TrapReason | undefined) ?? 'trap';
    return { reason, message: error.message };
  }
  if (stackExceeded) return { reason: 'stack', message: 'the contract recursed deeper than the stack limit' };
  if (error instanceof WebAssembly.RuntimeError) return { reason: 'trap', message: `the contract trapped: ${error.message}` };
  // V8's own stack overflow: the instrumented limit should always come first (see wasm/stack.ts).
  if (error instanceof RangeError) return { reason: 'stack', message: 'the contract overflowed the engine stack' };
  return { reason: 'trap', message: `the contract failed: ${describe(error)}` };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
