import { PhalanxError } from '@phalanx/errors';
import { invalidWasm, type WasmReader as Reader, WasmReader } from '../../wasm/bytes.js';
import { type FuncType, readFunctionTypes, readImports, readSections, readTypes, SECTION } from '../../wasm/module.js';
import { OP, readOpcode, skipImmediates } from '../../wasm/opcodes.js';
import { INK_LIMITS } from './limits.js';
import { type SealFunction, sealFunction } from './seal-api.js';

/** What validation learnt of a module: its memory and the host function behind each function import. */
export interface InkModuleInfo {
  readonly memory: { readonly initial: number; readonly maximum: number };
  /** By function import index. */
  readonly imports: readonly { readonly module: string; readonly name: string; readonly fn: SealFunction }[];
}

const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;
const FUNCREF = 0x70;
const VALUE_NAMES: Record<number, string> = { 127: 'i', 126: 'I' };

const refuse = (message: string, at?: number) => invalidWasm(`ink! contract refused: ${message}`, at);

/**
 * Checks a contract's wasm as pallet-contracts does before storing code (`prepare.rs`), and more
 * strictly where determinism needs it: imports only from the host API (with its exact signatures),
 * one imported memory `env.memory` with a maximum within the page limit, no memory of its own, no
 * start function, no floating point anywhere (types, locals, globals, instructions), exactly the
 * exports `call` and `deploy` of type `() -> ()`, and sizes within INK_LIMITS. The engine
 * (`WebAssembly.compile`) validates the rest of the binary.
 */
export function validateInkModule(wasm: Uint8Array): InkModuleInfo {
  if (wasm.length > INK_LIMITS.codeBytes)
    throw refuse(`the code is ${wasm.length} bytes, more than the ${INK_LIMITS.codeBytes} allowed`);
  const sections = readSections(wasm);
  const body = (id: number) => sections.find((s) => s.id === id)?.body;
  if (body(SECTION.start) !== undefined) throw refuse('it has a start function (pallet-contracts refuses one too)');
  if (body(SECTION.memory) !== undefined) throw refuse('it defines its own memory; ink! contracts import env.memory');

  const types = readTypes(body(SECTION.type));
  types.forEach((type, i) => {
    for (const t of [...type.paramTypes, ...type.resultTypes]) noFloat(t, `type ${i}`);
    if (type.results > 1) throw refuse(`type ${i} returns several values (multi-value is not enabled)`);
  });
  const typeAt = (index: number | undefined): FuncType => {
    const type = index === undefined ? undefined : types[index];
    if (type === undefined) throw refuse(`a function has an unknown type ${index}`);
    return type;
  };

  let memory: InkModuleInfo['memory'] | undefined;
  const imports: { module: string; name: string; fn: SealFunction }[] = [];
  for (const entry of readImports(body(SECTION.import))) {
    const what = `${entry.module}.${entry.name}`;
    if (entry.kind === 'memory') {
      if (entry.module !== 'env' || entry.name !== 'memory') throw refuse(`it imports a memory as ${what}, not env.memory`);
      if (memory !== undefined) throw refuse('it imports more than one memory');
      const limits = entry.limits as { initial: number; maximum: number | undefined };
      if (limits.maximum === undefined) throw refuse('its memory import has no maximum');
      if (limits.maximum > INK_LIMITS.memoryPages || limits.initial > limits.maximum)
        throw refuse(
          `its memory is ${limits.initial}..${limits.maximum} pages; at most ${INK_LIMITS.memoryPages} pages (64 KiB each) are allowed`,
        );
      memory = { initial: limits.initial, maximum: limits.maximum };
    } else if (entry.kind === 'func') {
      const fn = sealFunction(entry.module, entry.name);
      if (fn === undefined) throw refuse(`it imports ${what}, which is not a supported host function`);
      const signature = signatureOf(typeAt(entry.type));
      if (signature !== fn.signature)
        throw refuse(`it imports ${what} with signature (${signature}); the host function is (${fn.signature})`);
      imports.push({ module: entry.module, name: entry.name, fn });
    } else throw refuse(`it imports a ${entry.kind} (${what}); only functions and env.memory may be imported`);
  }
  if (memory === undefined) throw refuse('it imports no memory (env.memory)');

  const functionTypes = readFunctionTypes(body(SECTION.function));
  if (functionTypes.length > INK_LIMITS.functions)
    throw refuse(`it defines ${functionTypes.length} functions, more than ${INK_LIMITS.functions}`);
  checkTables(body(SECTION.table));
  checkGlobals(body(SECTION.global));
  checkExports(body(SECTION.export), (index) => {
    const local = index - imports.length;
    return local < 0 ? undefined : typeAt(functionTypes[local]);
  });
  checkCode(body(SECTION.code), types);
  return { memory, imports };
}

function noFloat(valueType: number, where: string, at?: number): void {
  if (valueType === F32 || valueType === F64) throw refuse(`${where} uses floating point, which is not deterministic`, at);
  if (valueType === V128) throw refuse(`${where} uses SIMD (v128)`, at);
}

function signatureOf(type: FuncType): string {
  const names = (list: Uint8Array) => [...list].map((t) => VALUE_NAMES[t] ?? '?').join('');
  return `${names(type.paramTypes)}:${names(type.resultTypes)}`;
}

/**
 * At most one table, of functions, with a maximum within the limit: what `call_indirect` needs.
 * Tables are never grown, filled or copied (those instructions are refused below): their size
 * would cost memory and time that no gas pays for.
 */
function checkTables(body: Uint8Array | undefined): void {
  if (body === undefined) return;
  const reader = new WasmReader(body);
  const count = reader.u32();
  if (count > 1) throw refuse(`it defines ${count} tables; an ink! contract has at most one`);
  for (let i = count; i > 0; i--) {
    if (reader.u8() !== FUNCREF) throw refuse('its table is not a table of functions (reference types are not supported)');
    const flags = reader.u8();
    const initial = reader.u32();
    const maximum = flags === 1 ? reader.u32() : undefined;
    if (maximum === undefined) throw refuse('its table has no maximum size');
    if (initial > INK_LIMITS.tableElements || maximum > INK_LIMITS.tableElements)
      throw refuse(`a table is larger than ${INK_LIMITS.tableElements} elements`);
  }
}

/**
 * Instructions pallet-contracts does not enable (reference types, table manipulation, typed
 * select) are refused: they are not metered by size, and which of them a runtime accepts depends
 * on the Node/V8 version — two replicas must never disagree on whether a contract compiles.
 */
const REFUSED_OPS = new Map<number, string>([
  [0x25, 'table.get'],
  [0x26, 'table.set'],
  [0xd0, 'ref.null'],
  [0xd1, 'ref.is_null'],
  [0xd2, 'ref.func'],
  [OP.selectTyped, 'typed select'],
  [0xfc0c, 'table.init'],
  [0xfc0d, 'elem.drop'],
  [0xfc0e, 'table.copy'],
  [0xfc0f, 'table.grow'],
  [0xfc10, 'table.size'],
  [0xfc11, 'table.fill'],
]);
/** Loads and stores (0x28–0x3e): their memarg's alignment must be natural and name memory 0 only. */
const isMemoryAccess = (op: number) => op >= 0x28 && op <= 0x3e;
const MAX_ALIGN_LOG2 = 3;

function checkGlobals(body: Uint8Array | undefined): void {
  if (body === undefined) return;
  const reader = new WasmReader(body);
  const count = reader.u32();
  if (count > INK_LIMITS.globals) throw refuse(`it defines ${count} globals, more than ${INK_LIMITS.globals}`);
  for (let i = 0; i < count; i++) {
    noFloat(reader.u8(), `global ${i}`, reader.pos - 1);
    reader.u8();
    // One constant or global.get, then end: extended constant expressions compile on some Node
    // versions and not on others.
    const op = readOpcode(reader);
    if (op === 0x43 || op === 0x44) throw refuse(`global ${i} uses floating point, which is not deterministic`);
    if (op !== 0x41 && op !== 0x42 && op !== 0x23) throw refuse(`global ${i} is not initialised by one constant`);
    skipImmediates(reader, op);
    if (readOpcode(reader) !== OP.end) throw refuse(`global ${i} is initialised by an extended constant expression`);
  }
}

function checkExports(body: Uint8Array | undefined, typeOfFunc: (index: number) => FuncType | undefined): void {
  const found = new Set<string>();
  if (body !== undefined) {
    const reader = new WasmReader(body);
    for (let i = reader.u32(); i > 0; i--) {
      const name = reader.name();
      const kind = reader.u8();
      const index = reader.u32();
      if ((name !== 'call' && name !== 'deploy') || kind !== 0)
        throw refuse(`it exports "${name}"; an ink! contract exports only the functions call and deploy`);
      const type = typeOfFunc(index);
      if (type === undefined || type.params !== 0 || type.results !== 0)
        throw refuse(`its export ${name} is not a function of type () -> ()`);
      found.add(name);
    }
  }
  for (const name of ['call', 'deploy'])
    if (!found.has(name)) throw new PhalanxError('WASM_INVALID', `ink! contract refused: it does not export ${name}`);
}

/** Instructions that touch floating point (loads, stores, constants, arithmetic, conversions). */
function isFloatOp(op: number): boolean {
  if (op >= 0xfc00) return (op & 0xff) <= 7; // saturating float-to-int truncations
  return (
    op === 0x2a ||
    op === 0x2b ||
    op === 0x38 ||
    op === 0x39 ||
    op === 0x43 ||
    op === 0x44 ||
    (op >= 0x5b && op <= 0x66) ||
    (op >= 0x8b && op <= 0xa6) ||
    (op >= 0xa8 && op <= 0xab) ||
    (op >= 0xae && op <= 0xbf)
  );
}

function checkCode(body: Uint8Array | undefined, types: readonly FuncType[]): void {
  if (body === undefined) return;
  const reader = new WasmReader(body);
  for (let f = reader.u32(), i = 0; i < f; i++) {
    const end = reader.u32() + reader.pos;
    let locals = 0;
    for (let groups = reader.u32(); groups > 0; groups--) {
      locals += reader.u32();
      noFloat(reader.u8(), `a local of function body ${i}`, reader.pos - 1);
    }
    if (locals > INK_LIMITS.locals) throw refuse(`function body ${i} declares ${locals} locals, more than ${INK_LIMITS.locals}`);
    checkInstructions(new WasmReader(body, reader.pos, end), types, i);
    reader.pos = end;
  }
}

function checkInstructions(reader: Reader, types: readonly FuncType[], fn: number): void {
  while (!reader.done) {
    const at = reader.pos;
    const op = readOpcode(reader);
    if (isFloatOp(op)) throw refuse(`function body ${fn} has a floating-point instruction (0x${op.toString(16)})`, at);
    const refused = REFUSED_OPS.get(op);
    if (refused !== undefined) throw refuse(`function body ${fn} uses ${refused}, which ink! contracts may not use`, at);
    if (isMemoryAccess(op)) {
      const align = new WasmReader(reader.bytes, reader.pos, reader.end).u32();
      if (align > MAX_ALIGN_LOG2) throw refuse(`function body ${fn} has a memory access with alignment 2^${align}`, at);
    }
    if (op === OP.block || op === OP.loop || op === OP.if) {
      const byte = reader.bytes[reader.pos] as number;
      if (byte === F32 || byte === F64 || byte === V128) noFloat(byte, `a block of function body ${fn}`, reader.pos);
      else if (byte !== 0x40 && (byte < 0x6f || byte > 0x7f)) {
        const index = Number(new WasmReader(reader.bytes, reader.pos, reader.end).signed(33));
        const type = types[index];
        if (type === undefined) throw refuse(`a block of function body ${fn} names an unknown type`, at);
        // Multi-value blocks: not enabled in pallet-contracts.
        if (type.params > 0 || type.results > 1)
          throw refuse(`a block of function body ${fn} takes or returns several values`, at);
      }
    }
    skipImmediates(reader, op);
  }
}
