import { invalidWasm, WasmReader, WasmWriter } from './bytes.js';
import { copyConstExpr, rewriteElements } from './instrument.js';
import {
  type FuncType,
  readFunctionTypes,
  readImports,
  readSections,
  readTypes,
  SECTION,
  type Section,
  writeModule,
} from './module.js';
import { OP, readOpcode, skipImmediates } from './opcodes.js';
import { maxStackHeight } from './stack-height.js';

export interface StackInstrumentation {
  /** The most stack units the calls in progress may hold together. */
  readonly limit: number;
  /** The export name of the depth counter: a mutable i32 global, counting up. */
  readonly depthExport: string;
}

/**
 * Stack units: one per value slot of a frame (parameters, locals, operand stack) plus a fixed
 * overhead per frame. Worst case measured (recursion through call_indirect with 200 i64
 * parameters per frame): about 23 bytes per unit, so the 32,768-unit limit needs ~750 KiB of V8
 * stack; the enclave thread is given 4 MiB explicitly (host/src/enclave-thread.ts,
 * `ENCLAVE_STACK_MB`), so the count always trips first, with room for the host functions called
 * at the deepest point. On a main thread (~984 KiB, the tests) the margin is thin.
 */
export const PHALANX_STACK: StackInstrumentation = { limit: 32_768, depthExport: '__phalanx_stack' };
/** What every frame costs besides its slots (return address, frame pointer, instance, spills). */
export const FRAME_UNITS = 8;

/**
 * A deterministic stack limit by instrumentation (the technique of wasm-instrument's stack_height):
 * every direct call adds the callee's frame cost to a depth global, traps with `unreachable` when
 * the total passes the limit, and subtracts it on return. Functions that can be entered another
 * way (exports, tables, `ref.func`) get a thunk that does the same around a direct call. V8's own
 * overflow point depends on the machine, the tier and the thread; this count does not, so every
 * replica stops at the same call. A trap leaves the depth above the limit: that is how the
 * embedder tells a stack overflow from the contract's own `unreachable`. The embedder resets the
 * depth to 0 before each entry.
 *
 * Indices of existing functions do not change (thunks are appended); custom sections are dropped.
 * Run it before the gas instrumentation, so the thunks are metered like everything else.
 */
export function instrumentForStack(bytes: Uint8Array, options: StackInstrumentation = PHALANX_STACK): Uint8Array {
  const sections = readSections(bytes).filter((s) => s.id !== SECTION.custom);
  const body = (id: number) => sections.find((s) => s.id === id)?.body;
  const types = readTypes(body(SECTION.type));
  const imports = readImports(body(SECTION.import));
  const functionTypes = readFunctionTypes(body(SECTION.function));
  const imported = imports.filter((i) => i.kind === 'func');
  const importedFuncs = imported.length;
  const typeOf = (t: number | undefined): FuncType => {
    const type = t === undefined ? undefined : types[t];
    if (type === undefined) throw invalidWasm('a function has an unknown type');
    return type;
  };
  const funcs = [...imported.map((i) => typeOf(i.type)), ...functionTypes.map(typeOf)];
  const code = body(SECTION.code);
  const costs = frameCosts(code, types, funcs, importedFuncs, functionTypes.length);
  const depth = imports.filter((i) => i.kind === 'global').length + countGlobals(body(SECTION.global));

  // Thunks are made on demand while renumbering; their indices follow the defined functions.
  const thunks: number[] = [];
  const thunkOf = new Map<number, number>();
  const entryOf = (index: number) => {
    if (index < importedFuncs) return index; // host functions have no frame to count
    let thunk = thunkOf.get(index);
    if (thunk === undefined) {
      thunk = funcs.length + thunks.length;
      thunks.push(index);
      thunkOf.set(index, thunk);
    }
    return thunk;
  };
  const ctx: Ctx = { depth, limit: options.limit, importedFuncs, costs };
  const globals = rewriteGlobals(body(SECTION.global), entryOf);
  const exports = rewriteExports(body(SECTION.export), entryOf, options.depthExport, depth);
  const start = body(SECTION.start);
  const startOut = start && new WasmWriter().u32(entryOf(new WasmReader(start).u32())).finish();
  const elements = body(SECTION.element);
  const elementsOut = elements && rewriteElements(entryOf, elements);
  const codeOut = code && rewriteCode(ctx, code, entryOf);

  const functionOut = new WasmWriter().u32(functionTypes.length + thunks.length);
  for (const t of functionTypes) functionOut.u32(t);
  for (const target of thunks) functionOut.u32(functionTypes[target - importedFuncs] as number);
  const codeWriter = new WasmWriter((codeOut?.length ?? 0) + thunks.length * 48);
  if (codeOut !== undefined || thunks.length > 0) {
    const reader = new WasmReader(codeOut ?? new Uint8Array([0]));
    codeWriter.u32(reader.u32() + thunks.length).bytes(reader.bytes.subarray(reader.pos));
    for (const target of thunks) codeWriter.sized(thunkBody(ctx, target, funcs[target] as FuncType));
  }

  const out: Section[] = [];
  for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]) {
    let content = body(id);
    if (id === SECTION.function) content = functionOut.finish();
    else if (id === SECTION.global) content = globals;
    else if (id === SECTION.export) content = exports;
    else if (id === SECTION.start) content = startOut;
    else if (id === SECTION.element) content = elementsOut;
    else if (id === SECTION.code) content = codeWriter.length > 0 ? codeWriter.finish() : undefined;
    if (content !== undefined) out.push({ id, body: content });
  }
  return writeModule(out);
}

interface Ctx {
  readonly depth: number;
  readonly limit: number;
  readonly importedFuncs: number;
  /** Frame cost of each defined function (by index minus importedFuncs). */
  readonly costs: readonly number[];
}

function countGlobals(body: Uint8Array | undefined): number {
  return body === undefined ? 0 : new WasmReader(body).u32();
}

/** Each defined function's frame: parameters, locals, the most operand values, and the fixed overhead. */
function frameCosts(
  code: Uint8Array | undefined,
  types: readonly FuncType[],
  funcs: readonly FuncType[],
  importedFuncs: number,
  defined: number,
): number[] {
  const costs: number[] = [];
  if (code === undefined) return costs;
  const reader = new WasmReader(code);
  if (reader.u32() !== defined) throw invalidWasm('the code and function sections disagree on the count');
  for (let i = 0; i < defined; i++) {
    const end = reader.u32() + reader.pos;
    let locals = (funcs[importedFuncs + i] as FuncType).params;
    for (let groups = reader.u32(); groups > 0; groups--) {
      locals += reader.u32();
      reader.u8();
    }
    const height = maxStackHeight(new WasmReader(code, reader.pos, end), types, funcs);
    costs.push(FRAME_UNITS + locals + height);
    reader.pos = end;
  }
  return costs;
}

/** `depth += cost; if (depth > limit) unreachable;` */
function enter(ctx: Ctx, writer: WasmWriter, cost: number): void {
  writer.u8(OP.globalGet).u32(ctx.depth).u8(OP.i32Const).s64(BigInt(cost)).u8(0x6a).u8(OP.globalSet).u32(ctx.depth);
  writer.u8(OP.globalGet).u32(ctx.depth).u8(OP.i32Const).s64(BigInt(ctx.limit)).u8(0x4b); // i32.gt_u
  writer.u8(OP.if).u8(0x40).u8(OP.unreachable).u8(OP.end);
}

/** `depth -= cost;` (the call's results stay below on the operand stack). */
function leave(ctx: Ctx, writer: WasmWriter, cost: number): void {
  writer.u8(OP.globalGet).u32(ctx.depth).u8(OP.i32Const).s64(BigInt(cost)).u8(0x6b).u8(OP.globalSet).u32(ctx.depth);
}

function thunkBody(ctx: Ctx, target: number, type: FuncType): Uint8Array {
  // The thunk is a frame too: it holds the parameters again while it calls the target.
  const cost = (ctx.costs[target - ctx.importedFuncs] as number) + FRAME_UNITS + 2 * type.params;
  const writer = new WasmWriter(64).u32(0); // no locals
  enter(ctx, writer, cost);
  for (let i = 0; i < type.params; i++) writer.u8(OP.localGet).u32(i);
  writer.u8(OP.call).u32(target);
  leave(ctx, writer, cost);
  return writer.u8(OP.end).finish();
}

function rewriteCode(ctx: Ctx, body: Uint8Array, entryOf: (index: number) => number): Uint8Array {
  const reader = new WasmReader(body);
  const count = reader.u32();
  const writer = new WasmWriter(body.length * 2).u32(count);
  for (let i = 0; i < count; i++) {
    const end = reader.u32() + reader.pos;
    const fn = new WasmWriter(end - reader.pos + 64);
    const localsStart = reader.pos;
    for (let groups = reader.u32(); groups > 0; groups--) {
      reader.u32();
      reader.u8();
    }
    fn.bytes(body.subarray(localsStart, reader.pos));
    let copied = reader.pos;
    while (reader.pos < end) {
      const at = reader.pos;
      const op = readOpcode(reader);
      if (op !== OP.call && op !== OP.refFunc) {
        skipImmediates(reader, op);
        continue;
      }
      const index = reader.u32();
      fn.bytes(body.subarray(copied, at));
      copied = reader.pos;
      if (op === OP.refFunc) fn.u8(OP.refFunc).u32(entryOf(index));
      else if (index < ctx.importedFuncs) fn.u8(OP.call).u32(index);
      else {
        const cost = ctx.costs[index - ctx.importedFuncs];
        if (cost === undefined) throw invalidWasm(`a call names an unknown function ${index}`, at);
        enter(ctx, fn, cost);
        fn.u8(OP.call).u32(index);
        leave(ctx, fn, cost);
      }
    }
    fn.bytes(body.subarray(copied, end));
    writer.sized(fn.finish());
    reader.pos = end;
  }
  return writer.finish();
}

function rewriteGlobals(body: Uint8Array | undefined, entryOf: (index: number) => number): Uint8Array {
  const reader = new WasmReader(body ?? new Uint8Array([0]));
  const count = reader.u32();
  const writer = new WasmWriter((body?.length ?? 0) + 16).u32(count + 1);
  for (let i = 0; i < count; i++) {
    writer.bytes(reader.take(2));
    copyConstExpr(entryOf, reader, writer);
  }
  return writer.u8(0x7f).u8(0x01).u8(OP.i32Const).s64(0n).u8(OP.end).finish(); // the depth: mutable i32 = 0
}

function rewriteExports(
  body: Uint8Array | undefined,
  entryOf: (index: number) => number,
  depthExport: string,
  depth: number,
): Uint8Array {
  const reader = new WasmReader(body ?? new Uint8Array([0]));
  const count = reader.u32();
  const writer = new WasmWriter((body?.length ?? 0) + 32).u32(count + 1);
  for (let i = 0; i < count; i++) {
    const name = reader.name();
    if (name === depthExport) throw invalidWasm(`the module already exports ${depthExport}`);
    const kind = reader.u8();
    const index = reader.u32();
    writer
      .name(name)
      .u8(kind)
      .u32(kind === 0 ? entryOf(index) : index);
  }
  return writer.name(depthExport).u8(0x03).u32(depth).finish();
}
