import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PhalanxError } from '@phalanx/errors';
import {
  newQuickJSWASMModuleFromVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import {
  type GasSchedule,
  instrumentForGas,
  PHALANX_GAS,
  readImports,
  readSections,
  SECTION,
  WasmReader,
} from '../wasm/index.js';
import { FuelMeter } from './fuel.js';

/** The pinned QuickJS build (the `RELEASE_SYNC` variant of quickjs-emscripten 0.32.0). */
export const QUICKJS_WASM_SPECIFIER = '@jitl/quickjs-wasmfile-release-sync/wasm';

/** Reads the pinned QuickJS WebAssembly file: part of the enclave's measured image. */
export function readQuickJsWasm(): Uint8Array {
  const path = createRequire(import.meta.url).resolve(QUICKJS_WASM_SPECIFIER);
  return new Uint8Array(readFileSync(path));
}

/** One QuickJS instance: its own linear memory (bounded), its own fuel meter. */
export interface QuickJsInstance {
  readonly module: QuickJSWASMModule;
  readonly meter: FuelMeter;
  readonly memory: WebAssembly.Memory;
  /** The most the memory may grow to (static data, stack and the heap limit). */
  readonly maxMemoryBytes: number;
}

/**
 * The QuickJS build, instrumented for gas once and compiled once; every session instantiates it
 * afresh with a memory of its own whose maximum is the heap limit. The heap limit is then a hard
 * fact of the instance (malloc fails past it, identically on every replica), not QuickJS's own
 * estimate (this build has no `malloc_usable_size`, so QuickJS undercounts what it allocates), and
 * dropping the instance gives all its memory back.
 */
export class QuickJsBuild {
  private constructor(
    private readonly compiled: WebAssembly.Module,
    private readonly initialPages: number,
    private readonly maximumPages: number,
  ) {}

  /** `heapBytes`: what the contract's heap may grow to above the build's static data and stack. */
  static async create(wasm: Uint8Array, heapBytes: number, schedule?: GasSchedule): Promise<QuickJsBuild> {
    const sections = readSections(wasm);
    const memory = readImports(sections.find((s) => s.id === SECTION.import)?.body).find((i) => i.kind === 'memory');
    if (memory?.limits === undefined) throw new PhalanxError('WASM_INVALID', 'the QuickJS build does not import its memory');
    const staticPages = Math.ceil(stackEnd(wasm) / 65536);
    const maximumPages = Math.max(memory.limits.initial, staticPages + Math.ceil(heapBytes / 65536));
    const compiled = await WebAssembly.compile(instrumentForGas(wasm, schedule ? { ...PHALANX_GAS, schedule } : PHALANX_GAS));
    return new QuickJsBuild(compiled, memory.limits.initial, maximumPages);
  }

  get maxMemoryBytes(): number {
    return this.maximumPages * 65536;
  }

  async instantiate(): Promise<QuickJsInstance> {
    const memory = new WebAssembly.Memory({ initial: this.initialPages, maximum: this.maximumPages });
    let meter: FuelMeter | undefined;
    const compiled = this.compiled;
    const variant: QuickJSSyncVariant = {
      type: 'sync',
      importFFI: RELEASE_SYNC.importFFI,
      importModuleLoader: async () => {
        const imported = await RELEASE_SYNC.importModuleLoader();
        const load = (typeof imported === 'function' ? imported : imported.default) as (arg: object) => Promise<never>;
        return (arg?: object) =>
          load({
            ...arg,
            wasmMemory: memory,
            // A contract cannot print; an engine abort must not reach the host's log either.
            print: () => undefined,
            printErr: () => undefined,
            instantiateWasm: (
              imports: WebAssembly.Imports,
              done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
            ) => {
              const instance = new WebAssembly.Instance(compiled, {
                ...imports,
                [PHALANX_GAS.refuel.module]: { [PHALANX_GAS.refuel.name]: () => meter?.refuel() },
              });
              const global = instance.exports[PHALANX_GAS.fuelExport] as WebAssembly.Global;
              meter = new FuelMeter(global);
              meter.begin(Number.MAX_SAFE_INTEGER);
              done(instance, compiled);
              return instance.exports;
            },
          } as never);
      },
    } as QuickJSSyncVariant;
    const module = await newQuickJSWASMModuleFromVariant(variant);
    if (meter === undefined) throw new PhalanxError('INTERNAL', 'the QuickJS build was not instantiated through Phalanx');
    return { module, meter, memory, maxMemoryBytes: this.maxMemoryBytes };
  }
}

/**
 * The end of the build's static data and shadow stack: the initial value of its one defined
 * global (emscripten's stack pointer, which starts at the top of the stack region).
 */
function stackEnd(wasm: Uint8Array): number {
  const body = readSections(wasm).find((s) => s.id === SECTION.global)?.body;
  const reader = new WasmReader(body ?? new Uint8Array());
  // count, value type i32, mutable, i32.const <value>
  if (body === undefined || reader.u32() < 1 || reader.u8() !== 0x7f || reader.u8() !== 1 || reader.u8() !== 0x41)
    throw new PhalanxError('WASM_INVALID', 'the QuickJS build has no stack-pointer global');
  return Number(reader.signed(32)) >>> 0;
}
