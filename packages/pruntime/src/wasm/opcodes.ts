import { invalidWasm, type WasmReader } from './bytes.js';

/**
 * The instruction set Phalanx runs: WebAssembly 1.0 (MVP) with the finished proposals every engine
 * ships and compilers emit by default (sign extension, non-trapping float-to-int, bulk memory,
 * reference types, multi-value). SIMD, threads, exceptions, tail calls and GC are refused: they are
 * not needed by the builds we run and each would need its own gas and determinism review.
 * Codes of `0xFC`-prefixed instructions are `0xFC00 | subcode`.
 */
export const OP = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  brTable: 0x0e,
  return: 0x0f,
  call: 0x10,
  callIndirect: 0x11,
  drop: 0x1a,
  select: 0x1b,
  selectTyped: 0x1c,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i64Const: 0x42,
  i64ExtendI32U: 0xad,
  i64Mul: 0x7e,
  i64Sub: 0x7d,
  i64ShrU: 0x88,
  i64LtS: 0x53,
  refFunc: 0xd2,
  memoryCopy: 0xfc0a,
  memoryFill: 0xfc0b,
} as const;

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

/** Reads an opcode, with the subcode of a 0xFC prefix. */
export function readOpcode(reader: WasmReader): number {
  const at = reader.pos;
  const op = reader.u8();
  if (op === 0xfc) {
    const sub = reader.u32();
    if (sub > 17) throw invalidWasm(`unsupported instruction 0xfc ${sub}`, at);
    return 0xfc00 | sub;
  }
  if (op === 0xfd) throw invalidWasm('SIMD instructions are not supported', at);
  if (op === 0xfe) throw invalidWasm('threads (atomic) instructions are not supported', at);
  if (!SUPPORTED[op]) throw invalidWasm(`unsupported instruction 0x${op.toString(16).padStart(2, '0')}`, at);
  return op;
}

/** Which single-byte opcodes exist in the supported set. */
const SUPPORTED: boolean[] = (() => {
  const table = new Array<boolean>(256).fill(false);
  const ranges: Array<[number, number]> = [
    [0x00, 0x05],
    [0x0b, 0x11],
    [0x1a, 0x1c],
    [0x20, 0x26],
    [0x28, 0xc4],
    [0xd0, 0xd2],
  ];
  for (const [from, to] of ranges) for (let op = from; op <= to; op++) table[op] = true;
  return table;
})();

function skipMemarg(reader: WasmReader): void {
  reader.u32(); // alignment (multi-memory would set bit 6: refused by the engine's validation)
  reader.u32(); // offset
}

function zeroByte(reader: WasmReader, what: string): void {
  const at = reader.pos;
  if (reader.u8() !== 0) throw invalidWasm(`${what}: only memory 0 exists`, at);
}

/** A block type: empty, one value type, or a type index (s33). */
export function skipBlockType(reader: WasmReader): void {
  const byte = reader.bytes[reader.pos];
  if (byte === 0x40 || (byte !== undefined && VALTYPES.has(byte))) {
    reader.pos++;
    return;
  }
  if (reader.signed(33) < 0n) throw invalidWasm('a block type is malformed', reader.pos);
}

/** Moves the reader past the immediates of `op` (already read). */
export function skipImmediates(reader: WasmReader, op: number): void {
  if (op >= 0xfc00) {
    const sub = op & 0xff;
    if (sub <= 7) return; // saturating truncations
    if (sub === 8) {
      reader.u32();
      zeroByte(reader, 'memory.init');
    } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) reader.u32();
    else if (sub === 10) {
      zeroByte(reader, 'memory.copy');
      zeroByte(reader, 'memory.copy');
    } else if (sub === 11) zeroByte(reader, 'memory.fill');
    else if (sub === 12 || sub === 14) {
      reader.u32();
      reader.u32();
    }
    return;
  }
  if (op === 0x02 || op === 0x03 || op === 0x04) skipBlockType(reader);
  else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x26) || op === 0xd2) reader.u32();
  else if (op === 0x0e) {
    const count = reader.u32();
    for (let i = 0; i <= count; i++) reader.u32();
  } else if (op === 0x11) {
    reader.u32();
    reader.u32();
  } else if (op === 0x1c) {
    const count = reader.u32();
    for (let i = 0; i < count; i++) reader.u8();
  } else if (op >= 0x28 && op <= 0x3e) skipMemarg(reader);
  else if (op === 0x3f || op === 0x40) zeroByte(reader, 'memory.size/grow');
  else if (op === 0x41) reader.signed(32);
  else if (op === 0x42) reader.signed(64);
  else if (op === 0x43) reader.take(4);
  else if (op === 0x44) reader.take(8);
  else if (op === 0xd0) reader.u8();
}
