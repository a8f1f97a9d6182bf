import { fromHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';

/** Parameter readers that name the parameter in their INVALID_INPUT errors (JSON-RPC -32602). */
export function hexParam(
  params: readonly unknown[],
  index: number,
  name: string,
  options: { length?: number; optional?: boolean; max?: number } = {},
): Uint8Array | undefined {
  const value = params[index];
  if (value === undefined || value === null) {
    if (options.optional === true) return undefined;
    throw new PhalanxError('INVALID_INPUT', `parameter ${name} is required`);
  }
  if (typeof value !== 'string') throw new PhalanxError('INVALID_INPUT', `parameter ${name} must be a 0x hex string`);
  if (options.max !== undefined && value.length > options.max * 2 + 2) {
    throw new PhalanxError('INVALID_INPUT', `parameter ${name} is longer than ${options.max} bytes`);
  }
  return fromHex(value, name, options.length);
}

export function requiredHex(
  params: readonly unknown[],
  index: number,
  name: string,
  options: { length?: number; max?: number } = {},
): Uint8Array {
  return hexParam(params, index, name, options) as Uint8Array;
}

export function integerParam(
  params: readonly unknown[],
  index: number,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  const value = params[index];
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new PhalanxError('INVALID_INPUT', `parameter ${name} is required`);
  }
  const number = typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value, 16) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new PhalanxError('INVALID_INPUT', `parameter ${name} must be an integer in [${min}, ${max}]`);
  }
  return number;
}

export function stringParam(params: readonly unknown[], index: number, name: string, maxLength: number): string {
  const value = params[index];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new PhalanxError('INVALID_INPUT', `parameter ${name} must be a string of 1..${maxLength} characters`);
  }
  return value;
}
