import { OP } from './opcodes.js';

/**
 * The gas schedule of instrumented WebAssembly: one unit is about one simple instruction of
 * optimised machine code. Segments of straight-line code are charged their summed weights on entry;
 * bulk memory operations are charged per byte moved before they run, so a built-in that copies or
 * fills megabytes (string repeat, concatenation, array growth) pays for every byte.
 * Gas per CPU-millisecond by workload: `npm run bench -- engine-gas`.
 */
export interface GasSchedule {
  /** Weight of an instruction without an entry below. */
  readonly default: number;
  /** Weights by opcode (0xFC-prefixed: 0xFC00 | subcode). */
  readonly weights: ReadonlyMap<number, number>;
  /** Bulk memory (copy, fill, init): gas per 2^shift bytes. */
  readonly bulkByteShift: number;
  /** memory.grow: gas per 64 KiB page requested (the engine zeroes and maps it). */
  readonly pageGas: number;
}

export const DEFAULT_SCHEDULE: GasSchedule = {
  default: 1,
  weights: new Map([
    // Structure compiles to no machine code: a compiler's switch nests hundreds of blocks before
    // its jump table, and charging each would price a dispatch at hundreds of instructions.
    [OP.block, 0],
    [OP.loop, 0],
    [OP.end, 0],
    [OP.nop, 0],
    [OP.call, 4],
    [OP.callIndirect, 6],
    [OP.memoryGrow, 200],
    [0x6d, 8], // i32.div_s
    [0x6e, 8], // i32.div_u
    [0x6f, 8], // i32.rem_s
    [0x70, 8], // i32.rem_u
    [0x7f, 12], // i64.div_s
    [0x80, 12], // i64.div_u
    [0x81, 12], // i64.rem_s
    [0x82, 12], // i64.rem_u
    [0x95, 4], // f32.div
    [0x91, 8], // f32.sqrt
    [0xa3, 6], // f64.div
    [0x9f, 10], // f64.sqrt
    [OP.memoryCopy, 4],
    [OP.memoryFill, 4],
    [0xfc08, 4], // memory.init
  ]),
  bulkByteShift: 3,
  pageGas: 4096,
};
