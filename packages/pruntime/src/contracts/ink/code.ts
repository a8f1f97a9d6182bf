import { blake2_256, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { instrumentForGas, PHALANX_GAS } from '../../wasm/instrument.js';
import { instrumentForStack, PHALANX_STACK } from '../../wasm/stack.js';
import { type InkModuleInfo, validateInkModule } from './validate.js';

/** A contract's code, validated, instrumented and compiled: what every call of it instantiates. */
export interface InkCode {
  readonly codeHash: Uint8Array;
  readonly info: InkModuleInfo;
  readonly module: WebAssembly.Module;
  /** Bytes of the instrumented module (for the bench's overhead figures). */
  readonly instrumentedBytes: number;
}

/** Compiled modules kept (each holds V8's machine code of a contract). */
const CACHE_SIZE = 64;
const cache = new Map<string, Promise<InkCode>>();

/** Validation and both instrumentations: deterministic bytes from the code alone. */
export function instrumentInk(wasm: Uint8Array): { info: InkModuleInfo; bytes: Uint8Array } {
  const info = validateInkModule(wasm);
  return { info, bytes: instrumentForGas(instrumentForStack(wasm, PHALANX_STACK), PHALANX_GAS) };
}

/**
 * The compiled code for `wasm`, cached per code hash (blake2_256 of the wasm, computed here, not
 * taken from a bundle): a contract's calls and every contract sharing its code compile it once.
 */
export function compileInk(wasm: Uint8Array): Promise<InkCode> {
  return compile(wasm, false) as Promise<InkCode>;
}

/**
 * The same, synchronously (a cross-contract call needs its callee inside a host function): V8
 * compiles a module of any size synchronously in Node.js. The result is cached as `compileInk`'s.
 */
export function compileInkSync(wasm: Uint8Array): InkCode {
  return compile(wasm, true) as InkCode;
}

const settled = new Map<string, InkCode>();

function compile(wasm: Uint8Array, sync: boolean): Promise<InkCode> | InkCode {
  const codeHash = blake2_256(wasm);
  const key = toHex(codeHash);
  const cached = cache.get(key);
  const done = settled.get(key);
  if (sync && done !== undefined) return done;
  if (cached !== undefined && !sync) {
    cache.delete(key); // most recently used goes last
    cache.set(key, cached);
    return cached;
  }
  if (sync) {
    const { info, bytes } = instrumentInk(wasm);
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch (error) {
      throw new PhalanxError('WASM_INVALID', `ink! contract refused: the engine cannot compile it (${String(error)})`);
    }
    const code = { codeHash, info, module, instrumentedBytes: bytes.length };
    remember(key, code);
    return code;
  }
  const compiled = (async (): Promise<InkCode> => {
    const { info, bytes } = instrumentInk(wasm);
    let module: WebAssembly.Module;
    try {
      module = await WebAssembly.compile(bytes);
    } catch (error) {
      throw new PhalanxError('WASM_INVALID', `ink! contract refused: the engine cannot compile it (${String(error)})`);
    }
    return { codeHash, info, module, instrumentedBytes: bytes.length };
  })();
  compiled.then((code) => remember(key, code)).catch(() => cache.delete(key));
  cache.set(key, compiled);
  for (const old of cache.keys()) {
    if (cache.size <= CACHE_SIZE) break;
    cache.delete(old);
  }
  return compiled;
}

/** Keeps a compiled module for synchronous use too (the same bound as the cache). */
function remember(key: string, code: InkCode): void {
  settled.delete(key);
  settled.set(key, code);
  for (const old of settled.keys()) {
    if (settled.size <= CACHE_SIZE) break;
    settled.delete(old);
  }
}
