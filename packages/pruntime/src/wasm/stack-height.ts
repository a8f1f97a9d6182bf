import { invalidWasm, type WasmReader } from './bytes.js';
import type { FuncType } from './module.js';
import { OP, readOpcode, skipImmediates } from './opcodes.js';

/**
 * The most values a function body can hold on its operand stack at once, found by following each
 * instruction's stack effect through its blocks (after `br`, `return` or `unreachable` the rest of
 * a block is dead code: its height drops back to the block's base). Together with the locals this
 * bounds the frame the engine builds for a call, which is what the stack limit counts.
 */
export function maxStackHeight(reader: WasmReader, types: readonly FuncType[], funcs: readonly FuncType[]): number {
  interface Frame {
    base: number;
    params: number;
    results: number;
  }
  const frames: Frame[] = [{ base: 0, params: 0, results: 0 }];
  let height = 0;
  let max = 0;
  const top = () => frames[frames.length - 1] as Frame;
  const pop = (n: number) => {
    height = Math.max(top().base, height - n);
  };
  const blockType = (): { params: number; results: number } => {
    const byte = reader.bytes[reader.pos];
    if (byte === 0x40) {
      reader.pos++;
      return { params: 0, results: 0 };
    }
    if (byte !== undefined && byte >= 0x6f && byte <= 0x7f) {
      reader.pos++;
      return { params: 0, results: 1 };
    }
    const at = reader.pos;
    const type = types[Number(reader.signed(33))];
    if (type === undefined) throw invalidWasm('a block names an unknown type', at);
    return type;
  };
  const open = (type: { params: number; results: number }) => {
    pop(type.params);
    frames.push({ base: height, params: type.params, results: type.results });
    height += type.params;
  };
  while (!reader.done) {
    const op = readOpcode(reader);
    if (op === OP.block || op === OP.loop) open(blockType());
    else if (op === OP.if) {
      pop(1);
      open(blockType());
    } else if (op === OP.else) height = top().base + top().params;
    else if (op === OP.end) {
      const frame = frames.pop() as Frame;
      height = frame.base + frame.results;
      if (frames.length === 0) break;
    } else if (op === OP.br || op === OP.return || op === OP.unreachable) {
      skipImmediates(reader, op);
      height = top().base;
    } else if (op === OP.brTable) {
      skipImmediates(reader, op);
      height = top().base;
    } else if (op === OP.call) {
      const at = reader.pos;
      const callee = funcs[reader.u32()];
      if (callee === undefined) throw invalidWasm('a call names an unknown function', at);
      pop(callee.params);
      height += callee.results;
    } else if (op === OP.callIndirect) {
      const at = reader.pos;
      const type = types[reader.u32()];
      if (type === undefined) throw invalidWasm('call_indirect names an unknown type', at);
      reader.u32();
      pop(type.params + 1);
      height += type.results;
    } else {
      skipImmediates(reader, op);
      const [pops, pushes] = effect(op);
      pop(pops);
      height += pushes;
    }
    if (height > max) max = height;
  }
  return max;
}

/** [values popped, values pushed] of every instruction without a block or call of its own. */
function effect(op: number): [number, number] {
  if (op >= 0xfc00) {
    const sub = op & 0xff;
    if (sub <= 7) return [1, 1]; // saturating truncations
    if (sub === 9 || sub === 13) return [0, 0]; // data.drop, elem.drop
    if (sub === 15) return [2, 1]; // table.grow
    if (sub === 16) return [0, 1]; // table.size
    return [3, 0]; // memory.init/copy/fill, table.init/copy/fill
  }
  if (op === OP.nop) return [0, 0];
  if (op === OP.brIf) return [1, 0];
  if (op === OP.drop) return [1, 0];
  if (op === OP.select || op === OP.selectTyped) return [3, 1];
  if (op === OP.localGet || op === OP.globalGet) return [0, 1];
  if (op === OP.localSet || op === OP.globalSet) return [1, 0];
  if (op === OP.localTee) return [1, 1];
  if (op === 0x25) return [1, 1]; // table.get
  if (op === 0x26) return [2, 0]; // table.set
  if (op >= 0x28 && op <= 0x35) return [1, 1]; // loads
  if (op >= 0x36 && op <= 0x3e) return [2, 0]; // stores
  if (op === 0x3f) return [0, 1]; // memory.size
  if (op === OP.memoryGrow) return [1, 1];
  if (op >= 0x41 && op <= 0x44) return [0, 1]; // constants
  if (op === 0x45 || op === 0x50) return [1, 1]; // eqz
  if ((op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x66)) return [2, 1]; // comparisons
  if ((op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7b)) return [1, 1]; // clz, ctz, popcnt
  if ((op >= 0x6a && op <= 0x78) || (op >= 0x7c && op <= 0x8a)) return [2, 1]; // integer binary
  if ((op >= 0x8b && op <= 0x91) || (op >= 0x99 && op <= 0x9f)) return [1, 1]; // float unary
  if ((op >= 0x92 && op <= 0x98) || (op >= 0xa0 && op <= 0xa6)) return [2, 1]; // float binary
  if (op >= 0xa7 && op <= 0xc4) return [1, 1]; // conversions, sign extension
  if (op === 0xd0 || op === OP.refFunc) return [0, 1]; // ref.null, ref.func
  if (op === 0xd1) return [1, 1]; // ref.is_null
  throw invalidWasm(`no stack effect known for instruction 0x${op.toString(16)}`);
}
