import { PhalanxError } from '@phalanx/errors';
import type { FuelMeter } from '../fuel.js';
import { INK_GAS } from './gas.js';

/** Why an ink! call failed without returning: the `reason` detail of its CONTRACT_FAILED error. */
export type TrapReason = 'gas' | 'stack' | 'trap' | 'memory' | 'limit' | 'unsupported' | 'state';

export function inkTrap(reason: TrapReason, message: string): PhalanxError {
  return new PhalanxError('CONTRACT_FAILED', message, { details: { reason } });
}

/**
 * How a contract ends its call through the host (`seal_return`, `terminate`): thrown through the
 * WebAssembly frames and caught by the engine. Not an Error: no stack trace is captured, since
 * every call ends this way.
 */
export class InkExit {
  constructor(
    readonly flags: number,
    readonly data: Uint8Array,
    readonly terminated = false,
  ) {}
}

/**
 * The contract's linear memory as host functions see it: every access bounds-checked (out of
 * bounds traps the call, as in pallet-contracts), a fresh view each time since `memory.grow`
 * replaces the buffer.
 */
export class Sandbox {
  private meter: FuelMeter | undefined;

  constructor(readonly memory: WebAssembly.Memory) {}

  /** The call's gas meter (it counts the instance's own fuel global, so it comes after instantiation). */
  attach(meter: FuelMeter): void {
    this.meter = meter;
  }

  /** Charges `gas` before a host function runs; out of gas stops the call. */
  charge(gas: number): void {
    if (this.meter === undefined || !this.meter.charge(gas)) throw inkTrap('gas', 'out of gas');
  }

  /** (Pointers and lengths arrive as signed i32: read as u32.) */
  private view(at: number, size: number): Uint8Array {
    const ptr = at >>> 0;
    const len = size >>> 0;
    const buffer = this.memory.buffer;
    if (ptr + len > buffer.byteLength) throw inkTrap('memory', `the contract passed memory out of bounds (${ptr}+${len})`);
    return new Uint8Array(buffer, ptr, len);
  }

  /** A copy of `len` bytes at `ptr`. */
  read(ptr: number, size: number, max: number): Uint8Array {
    const len = size >>> 0;
    if (len > max) throw inkTrap('limit', `the contract passed ${len} bytes where at most ${max} are allowed`);
    this.charge(INK_GAS.copyByte * len);
    return this.view(ptr, len).slice();
  }

  u32(ptr: number): number {
    return new DataView(this.memory.buffer).getUint32(this.view(ptr, 4).byteOffset, true);
  }

  write(ptr: number, data: Uint8Array): void {
    this.charge(INK_GAS.copyByte * data.length);
    this.view(ptr, data.length).set(data);
  }

  /**
   * pallet-contracts' `write_sandbox_output`: `outLenPtr` holds the room at `outPtr`; a buffer too
   * small traps; the data and its length are written. `allowSkip` with `outPtr` = u32::MAX skips it.
   */
  output(outPtr: number, outLenPtr: number, data: Uint8Array, allowSkip = false): void {
    if (allowSkip && outPtr >>> 0 === 0xffff_ffff) return;
    const room = this.u32(outLenPtr);
    if (room < data.length)
      throw inkTrap('memory', `the contract's output buffer holds ${room} bytes; ${data.length} are needed`);
    this.write(outPtr, data);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, data.length, true);
    this.view(outLenPtr, 4).set(len);
  }
}
