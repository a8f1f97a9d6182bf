import { PhalanxError } from './phalanx-error.js';

/**
 * Boundary assertions in the style of noble: each names the parameter it checks, so the
 * message says what to fix. They never echo the value itself (it may be secret), only its shape.
 */

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be a Uint8Array, got ${describeType(value)}`, {
      details: { parameter: name },
    });
  }
  if (length !== undefined && value.length !== length) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be ${length} bytes, got ${value.length}`, {
      details: { parameter: name, expected: length, actual: value.length },
    });
  }
}

export function assertMaxLength(value: { readonly length: number }, name: string, max: number): void {
  if (value.length > max) {
    throw new PhalanxError('INVALID_INPUT', `${name} is ${value.length} long, more than the limit of ${max}`, {
      details: { parameter: name, max, actual: value.length },
    });
  }
}

export function assertInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PhalanxError('INVALID_INPUT', `${name} must be an integer in [${min}, ${max}]`, {
      details: { parameter: name, min, max },
    });
  }
}

export function assertString(value: unknown, name: string, maxLength?: number): asserts value is string {
  if (typeof value !== 'string') {
    throw new PhalanxError('INVALID_INPUT', `${name} must be a string, got ${describeType(value)}`, {
      details: { parameter: name },
    });
  }
  if (maxLength !== undefined) assertMaxLength(value, name, maxLength);
}

/** For states the code guarantees cannot happen; reaching one is a bug in Phalanx. */
export function invariant(condition: unknown, what: string): asserts condition {
  if (!condition) throw new PhalanxError('INTERNAL', `internal invariant broken: ${what}`);
}
