import { invalidWasm, WasmReader, WasmWriter } from './bytes.js';

/** Section ids of the binary format. */
export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;

/** The order non-custom sections must appear in (data count sits between element and code). */
const ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];

export interface Section {
  readonly id: number;
  readonly body: Uint8Array;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Splits a module into its sections, checking the header, sizes and section order. */
export function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte))
    throw invalidWasm('not a WebAssembly 1.0 module (bad magic or version)', 0);
  const reader = new WasmReader(bytes, 8);
  const sections: Section[] = [];
  let last = -1;
  while (!reader.done) {
    const at = reader.pos;
    const id = reader.u8();
    const body = reader.take(reader.u32());
    if (id !== SECTION.custom) {
      const rank = ORDER.indexOf(id);
      if (rank < 0) throw invalidWasm(`unknown section id ${id}`, at);
      if (rank <= last) throw invalidWasm(`section ${id} is duplicated or out of order`, at);
      last = rank;
    }
    sections.push({ id, body });
  }
  return sections;
}

export function writeModule(sections: readonly Section[]): Uint8Array {
  const writer = new WasmWriter(sections.reduce((n, s) => n + s.body.length + 6, 8));
  writer.bytes(new Uint8Array(MAGIC));
  for (const section of sections) writer.u8(section.id).sized(section.body);
  return writer.finish();
}

export interface FuncType {
  readonly params: number;
  readonly results: number;
  /** The value types (binary codes: 0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, …). */
  readonly paramTypes: Uint8Array;
  readonly resultTypes: Uint8Array;
}

export function readTypes(body: Uint8Array | undefined): FuncType[] {
  if (body === undefined) return [];
  const reader = new WasmReader(body);
  const types: FuncType[] = [];
  for (let i = reader.u32(); i > 0; i--) {
    const at = reader.pos;
    if (reader.u8() !== 0x60) throw invalidWasm('a type is not a function type', at);
    const paramTypes = reader.take(reader.u32());
    const resultTypes = reader.take(reader.u32());
    types.push({ params: paramTypes.length, results: resultTypes.length, paramTypes, resultTypes });
  }
  return types;
}

export type ImportKind = 'func' | 'table' | 'memory' | 'global';

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly kind: ImportKind;
  /** The type index of a function import. */
  readonly type?: number;
  /** Memory imports: page limits. */
  readonly limits?: { readonly initial: number; readonly maximum: number | undefined };
  /** The raw descriptor bytes (kind byte included), to copy an import unchanged. */
  readonly raw: Uint8Array;
}

function readLimits(reader: WasmReader): { initial: number; maximum: number | undefined } {
  const at = reader.pos;
  const flags = reader.u8();
  if (flags > 1) throw invalidWasm('shared or 64-bit memories and tables are not supported', at);
  const initial = reader.u32();
  return { initial, maximum: flags === 1 ? reader.u32() : undefined };
}

export function readImports(body: Uint8Array | undefined): Import[] {
  if (body === undefined) return [];
  const reader = new WasmReader(body);
  const imports: Import[] = [];
  for (let i = reader.u32(); i > 0; i--) {
    const module = reader.name();
    const name = reader.name();
    const start = reader.pos;
    const kindByte = reader.u8();
    let entry: Omit<Import, 'raw'>;
    if (kindByte === 0) entry = { module, name, kind: 'func', type: reader.u32() };
    else if (kindByte === 1) {
      reader.u8();
      readLimits(reader);
      entry = { module, name, kind: 'table' };
    } else if (kindByte === 2) entry = { module, name, kind: 'memory', limits: readLimits(reader) };
    else if (kindByte === 3) {
      reader.u8();
      reader.u8();
      entry = { module, name, kind: 'global' };
    } else throw invalidWasm(`unknown import kind ${kindByte}`, start);
    imports.push({ ...entry, raw: body.subarray(start, reader.pos) });
  }
  return imports;
}

export function writeImports(imports: readonly Import[]): Uint8Array {
  const writer = new WasmWriter();
  writer.u32(imports.length);
  for (const entry of imports) writer.name(entry.module).name(entry.name).bytes(entry.raw);
  return writer.finish();
}

/** The type index of each function the module defines. */
export function readFunctionTypes(body: Uint8Array | undefined): number[] {
  if (body === undefined) return [];
  const reader = new WasmReader(body);
  const out: number[] = [];
  for (let i = reader.u32(); i > 0; i--) out.push(reader.u32());
  return out;
}

/** The item count of a vector section body (0 for an absent section). */
export function countVector(body: Uint8Array | undefined): number {
  return body === undefined ? 0 : new WasmReader(body).u32();
}

/** A vector section body with `item` appended. */
export function appendToVector(body: Uint8Array | undefined, item: Uint8Array): Uint8Array {
  if (body === undefined) return new WasmWriter().u32(1).bytes(item).finish();
  const reader = new WasmReader(body);
  const count = reader.u32();
  return new WasmWriter(body.length + item.length + 5)
    .u32(count + 1)
    .bytes(body.subarray(reader.pos))
    .bytes(item)
    .finish();
}
