import { INK_GAS } from './gas.js';
import { type InkContext, readKey } from './host-context.js';
import { INK_LIMITS } from './limits.js';
import { inkTrap } from './sandbox.js';
import { RETURN_CODE, SENTINEL } from './seal-api.js';

type HostFn = (...args: never[]) => number | bigint | undefined;

/** The old value's length, or u32::MAX when there was none (`old_len_with_sentinel`). */
const oldLen = (old: Uint8Array | undefined) => (old === undefined ? SENTINEL : old.length);

function chargeRead(ctx: InkContext, key: Uint8Array): void {
  ctx.sandbox.charge(INK_GAS.hostCall + INK_GAS.storageRead + INK_GAS.storageByte * key.length);
}

function get(ctx: InkContext, key: Uint8Array): Uint8Array | undefined {
  chargeRead(ctx, key);
  const value = ctx.storage.get(key);
  if (value !== undefined) ctx.sandbox.charge(INK_GAS.storageByte * value.length);
  return value;
}

function set(ctx: InkContext, key: Uint8Array, valuePtr: number, valueLen: number): number {
  const size = valueLen >>> 0;
  if (size > INK_LIMITS.valueBytes)
    throw inkTrap('limit', `a stored value is at most ${INK_LIMITS.valueBytes} bytes; the contract stored ${size}`);
  ctx.sandbox.charge(INK_GAS.hostCall + INK_GAS.storageWrite + INK_GAS.storageByte * (key.length + size));
  const value = ctx.sandbox.read(valuePtr, size, INK_LIMITS.valueBytes);
  const old = ctx.storage.get(key);
  ctx.storage.set(key, value);
  return oldLen(old);
}

function clear(ctx: InkContext, key: Uint8Array): number {
  ctx.sandbox.charge(INK_GAS.hostCall + INK_GAS.storageWrite + INK_GAS.storageByte * key.length);
  const old = ctx.storage.get(key);
  ctx.storage.set(key, undefined);
  return oldLen(old);
}

function getInto(ctx: InkContext, key: Uint8Array, outPtr: number, outLenPtr: number): number {
  const value = get(ctx, key);
  if (value === undefined) return RETURN_CODE.keyNotFound;
  ctx.sandbox.output(outPtr, outLenPtr, value);
  return RETURN_CODE.success;
}

/** Storage host functions by `module.name`; keys go through readKey (fixed or variable). */
export function storageFunctions(ctx: InkContext): Record<string, HostFn> {
  return {
    'seal0.set_storage': (keyPtr: number, valuePtr: number, valueLen: number) => {
      set(ctx, readKey(ctx, keyPtr, undefined), valuePtr, valueLen);
      return undefined;
    },
    'seal1.set_storage': (keyPtr: number, valuePtr: number, valueLen: number) =>
      set(ctx, readKey(ctx, keyPtr, undefined), valuePtr, valueLen),
    'seal2.set_storage': (keyPtr: number, keyLen: number, valuePtr: number, valueLen: number) =>
      set(ctx, readKey(ctx, keyPtr, keyLen), valuePtr, valueLen),
    'seal0.clear_storage': (keyPtr: number) => {
      clear(ctx, readKey(ctx, keyPtr, undefined));
      return undefined;
    },
    'seal1.clear_storage': (keyPtr: number, keyLen: number) => clear(ctx, readKey(ctx, keyPtr, keyLen)),
    'seal0.get_storage': (keyPtr: number, outPtr: number, outLenPtr: number) =>
      getInto(ctx, readKey(ctx, keyPtr, undefined), outPtr, outLenPtr),
    'seal1.get_storage': (keyPtr: number, keyLen: number, outPtr: number, outLenPtr: number) =>
      getInto(ctx, readKey(ctx, keyPtr, keyLen), outPtr, outLenPtr),
    'seal0.contains_storage': (keyPtr: number) => oldLen(get(ctx, readKey(ctx, keyPtr, undefined))),
    'seal1.contains_storage': (keyPtr: number, keyLen: number) => oldLen(get(ctx, readKey(ctx, keyPtr, keyLen))),
    'seal0.take_storage': (keyPtr: number, keyLen: number, outPtr: number, outLenPtr: number) => {
      const key = readKey(ctx, keyPtr, keyLen);
      const value = get(ctx, key);
      if (value === undefined) return RETURN_CODE.keyNotFound;
      ctx.sandbox.charge(INK_GAS.storageWrite);
      ctx.storage.set(key, undefined);
      ctx.sandbox.output(outPtr, outLenPtr, value);
      return RETURN_CODE.success;
    },
  };
}
