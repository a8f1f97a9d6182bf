import { invalidWasm, WasmReader, WasmWriter } from './bytes.js';
import { DEFAULT_SCHEDULE, type GasSchedule } from './costs.js';
import {
  appendToVector,
  countVector,
  type Import,
  readFunctionTypes,
  readImports,
  readSections,
  readTypes,
  SECTION,
  type Section,
  writeImports,
  writeModule,
} from './module.js';
import { OP, readOpcode, skipImmediates } from './opcodes.js';

export interface GasInstrumentation {
  /** The function import the instrumented code calls when its fuel runs out: type `() -> ()`. */
  readonly refuel: { readonly module: string; readonly name: string };
  /** The export name of the fuel counter: a mutable i64 global, counting down. */
  readonly fuelExport: string;
  readonly schedule?: GasSchedule;
}

export const PHALANX_GAS: GasInstrumentation = {
  refuel: { module: 'phalanx', name: 'refuel' },
  fuelExport: '__phalanx_fuel',
};

/** Instructions after which a new straight-line segment begins (branch targets and exits). */
const SEGMENT_END = new Set<number>([OP.loop, OP.if, OP.else, OP.end, OP.br, OP.brIf, OP.brTable, OP.return, OP.unreachable]);

interface Context {
  readonly importedFuncs: number;
  readonly refuel: number;
  readonly fuel: number;
  readonly schedule: GasSchedule;
}

const remap = (ctx: Context, index: number) => (index >= ctx.importedFuncs ? index + 1 : index);

/**
 * Metering by instrumentation: every segment of straight-line code first subtracts its cost from a
 * fuel global and calls `refuel` when the fuel goes negative. The embedder hands out fuel in
 * chunks, so it regains control at a bounded interval inside any built-in and can stop the call
 * (out of gas, or past a deadline) by throwing from `refuel`. Counting depends only on the code
 * and its inputs, never on the machine, so every replica charges the same gas.
 *
 * The new import shifts the index of every function the module defines by one: calls, `ref.func`,
 * exports, the start function and element segments are renumbered; custom sections (names, debug
 * info) are dropped because they would name the old indices.
 */
export function instrumentForGas(bytes: Uint8Array, options: GasInstrumentation = PHALANX_GAS): Uint8Array {
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  const sections = readSections(bytes).filter((s) => s.id !== SECTION.custom);
  const body = (id: number) => sections.find((s) => s.id === id)?.body;
  const types = readTypes(body(SECTION.type));
  const imports = readImports(body(SECTION.import));
  const functionTypes = readFunctionTypes(body(SECTION.function));
  const importedFuncs = imports.filter((i) => i.kind === 'func').length;
  const importedGlobals = imports.filter((i) => i.kind === 'global').length;

  let typeSection = body(SECTION.type);
  let voidType = types.findIndex((t) => t.params === 0 && t.results === 0);
  if (voidType < 0) {
    voidType = types.length;
    typeSection = appendToVector(typeSection, new Uint8Array([0x60, 0x00, 0x00]));
  }
  const refuelImport: Import = {
    module: options.refuel.module,
    name: options.refuel.name,
    kind: 'func',
    type: voidType,
    raw: new WasmWriter().u8(0x00).u32(voidType).finish(),
  };
  if (imports.some((i) => i.module === refuelImport.module && i.name === refuelImport.name))
    throw invalidWasm(`the module imports ${refuelImport.module}.${refuelImport.name} itself`);
  // Appended last, the new import's function index is the count of function imports before it;
  // imports of other kinds are indexed per kind and keep theirs.
  const newImports = [...imports, refuelImport];
  const definedGlobals = countVector(body(SECTION.global));
  const ctx: Context = { importedFuncs, refuel: importedFuncs, fuel: importedGlobals + definedGlobals, schedule };

  const out: Section[] = [];
  const replace = (id: number, content: Uint8Array | undefined) => {
    if (content !== undefined) out.push({ id, body: content });
  };
  for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]) {
    const original = body(id);
    if (id === SECTION.type) replace(id, typeSection);
    else if (id === SECTION.import) replace(id, writeImports(newImports));
    else if (id === SECTION.global) replace(id, rewriteGlobals(ctx, original));
    else if (id === SECTION.export) replace(id, rewriteExports(ctx, original, options.fuelExport));
    else if (id === SECTION.start)
      replace(id, original && new WasmWriter().u32(remap(ctx, new WasmReader(original).u32())).finish());
    else if (id === SECTION.element) replace(id, original && rewriteElements((index) => remap(ctx, index), original));
    else if (id === SECTION.code) replace(id, original && rewriteCode(ctx, original, types, functionTypes, importedFuncs));
    else replace(id, original);
  }
  return writeModule(out);
}

/** A renumbering of function indices. */
export type FuncMap = (index: number) => number;

/** Copies a constant expression up to and including its `end`, renumbering `ref.func`. */
export function copyConstExpr(map: FuncMap, reader: WasmReader, writer: WasmWriter): void {
  for (;;) {
    const start = reader.pos;
    const op = readOpcode(reader);
    if (op === OP.refFunc) {
      writer.u8(OP.refFunc).u32(map(reader.u32()));
      continue;
    }
    skipImmediates(reader, op);
    writer.bytes(reader.bytes.subarray(start, reader.pos));
    if (op === OP.end) return;
  }
}

function rewriteGlobals(ctx: Context, body: Uint8Array | undefined): Uint8Array {
  const reader = new WasmReader(body ?? new Uint8Array([0]));
  const count = reader.u32();
  const writer = new WasmWriter((body?.length ?? 0) + 16).u32(count + 1);
  for (let i = 0; i < count; i++) {
    writer.bytes(reader.take(2)); // value type, mutability
    copyConstExpr((index) => remap(ctx, index), reader, writer);
  }
  // The fuel counter: a mutable i64 starting at 0 (the embedder sets it before any call).
  return writer.u8(0x7e).u8(0x01).u8(OP.i64Const).s64(0n).u8(OP.end).finish();
}

function rewriteExports(ctx: Context, body: Uint8Array | undefined, fuelExport: string): Uint8Array {
  const reader = new WasmReader(body ?? new Uint8Array([0]));
  const count = reader.u32();
  const writer = new WasmWriter((body?.length ?? 0) + 32).u32(count + 1);
  for (let i = 0; i < count; i++) {
    const name = reader.name();
    if (name === fuelExport) throw invalidWasm(`the module already exports ${fuelExport}`);
    const kind = reader.u8();
    const index = reader.u32();
    writer
      .name(name)
      .u8(kind)
      .u32(kind === 0 ? remap(ctx, index) : index);
  }
  return writer.name(fuelExport).u8(0x03).u32(ctx.fuel).finish();
}

/** Element segments with every function index renumbered by `map`. */
export function rewriteElements(map: FuncMap, body: Uint8Array): Uint8Array {
  const reader = new WasmReader(body);
  const count = reader.u32();
  const writer = new WasmWriter(body.length + 16).u32(count);
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const flags = reader.u32();
    if (flags > 7) throw invalidWasm(`unknown element segment kind ${flags}`, at);
    writer.u32(flags);
    if (flags === 2 || flags === 6) writer.u32(reader.u32()); // table index
    if ((flags & 1) === 0) copyConstExpr(map, reader, writer); // active: offset
    if ((flags & 3) !== 0) writer.u8(reader.u8()); // element kind or reference type
    const items = reader.u32();
    writer.u32(items);
    for (let j = 0; j < items; j++) {
      if ((flags & 4) === 0) writer.u32(map(reader.u32()));
      else copyConstExpr(map, reader, writer);
    }
  }
  return writer.finish();
}

function rewriteCode(
  ctx: Context,
  body: Uint8Array,
  types: readonly { params: number }[],
  functionTypes: readonly number[],
  importedFuncs: number,
): Uint8Array {
  const reader = new WasmReader(body);
  const count = reader.u32();
  if (count !== functionTypes.length) throw invalidWasm('the code and function sections disagree on the count');
  const writer = new WasmWriter(body.length * 2).u32(count);
  for (let i = 0; i < count; i++) {
    const size = reader.u32();
    const end = reader.pos + size;
    const type = types[functionTypes[i] as number];
    if (type === undefined) throw invalidWasm(`function ${importedFuncs + i} has an unknown type`);
    writer.sized(instrumentFunction(ctx, new WasmReader(body, reader.pos, end), type.params));
    reader.pos = end;
  }
  return writer.finish();
}

function instrumentFunction(ctx: Context, reader: WasmReader, params: number): Uint8Array {
  const writer = new WasmWriter((reader.end - reader.pos) * 2 + 16);
  const groups = reader.u32();
  const localsStart = reader.pos;
  let locals = params;
  for (let g = 0; g < groups; g++) {
    locals += reader.u32();
    reader.u8();
  }
  if (locals >= 50_000) throw invalidWasm('a function declares more than 50,000 locals');
  const scratch = locals; // one i32 local of our own, for the size of bulk operations
  writer
    .u32(groups + 1)
    .bytes(reader.bytes.subarray(localsStart, reader.pos))
    .u32(1)
    .u8(0x7f);
  while (!reader.done) {
    const start = reader.pos;
    const cost = measureSegment(ctx, reader);
    const stop = reader.pos;
    if (cost > 0) charge(ctx, writer, cost);
    reader.pos = start;
    copySegment(ctx, reader, stop, writer, scratch);
  }
  return writer.finish();
}

/** Sums the weights of the instructions up to and including the next segment end. */
function measureSegment(ctx: Context, reader: WasmReader): number {
  const { weights } = ctx.schedule;
  let cost = 0;
  while (!reader.done) {
    const op = readOpcode(reader);
    skipImmediates(reader, op);
    cost += weights.get(op) ?? ctx.schedule.default;
    if (SEGMENT_END.has(op)) break;
  }
  return cost;
}

function copySegment(ctx: Context, reader: WasmReader, stop: number, writer: WasmWriter, scratch: number): void {
  let copied = reader.pos;
  while (reader.pos < stop) {
    const start = reader.pos;
    const op = readOpcode(reader);
    if (op === OP.call || op === OP.refFunc) {
      writer.bytes(reader.bytes.subarray(copied, start)).u8(op).u32(remap(ctx, reader.u32()));
      copied = reader.pos;
      continue;
    }
    skipImmediates(reader, op);
    if (op === OP.memoryCopy || op === OP.memoryFill || op === 0xfc08) {
      writer.bytes(reader.bytes.subarray(copied, start));
      chargeBulk(ctx, writer, scratch, false);
      copied = start; // the operation itself follows, unchanged
    } else if (op === OP.memoryGrow) {
      writer.bytes(reader.bytes.subarray(copied, start));
      chargeBulk(ctx, writer, scratch, true);
      copied = start;
    }
  }
  writer.bytes(reader.bytes.subarray(copied, stop));
}

/** `fuel -= cost; if (fuel < 0) refuel();` */
function charge(ctx: Context, writer: WasmWriter, cost: number): void {
  writer.u8(OP.globalGet).u32(ctx.fuel).u8(OP.i64Const).s64(BigInt(cost)).u8(OP.i64Sub).u8(OP.globalSet).u32(ctx.fuel);
  checkFuel(ctx, writer);
}

function checkFuel(ctx: Context, writer: WasmWriter): void {
  writer.u8(OP.globalGet).u32(ctx.fuel).u8(OP.i64Const).s64(0n).u8(OP.i64LtS);
  writer.u8(OP.if).u8(0x40).u8(OP.call).u32(ctx.refuel).u8(OP.end);
}

/** Charges the operand on top of the stack (a byte count, or pages for memory.grow), leaving it there. */
function chargeBulk(ctx: Context, writer: WasmWriter, scratch: number, pages: boolean): void {
  writer.u8(OP.localTee).u32(scratch).u8(OP.globalGet).u32(ctx.fuel).u8(OP.localGet).u32(scratch).u8(OP.i64ExtendI32U);
  if (pages) writer.u8(OP.i64Const).s64(BigInt(ctx.schedule.pageGas)).u8(OP.i64Mul);
  else writer.u8(OP.i64Const).s64(BigInt(ctx.schedule.bulkByteShift)).u8(OP.i64ShrU);
  writer.u8(OP.i64Sub).u8(OP.globalSet).u32(ctx.fuel);
  checkFuel(ctx, writer);
}
