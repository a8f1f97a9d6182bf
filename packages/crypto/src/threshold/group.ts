import { mapHashToField } from '@noble/curves/abstract/modular.js';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { assertBytes, assertInteger, PhalanxError } from '@phalanx/errors';
import { bytes, encode, vec } from '@phalanx/scale';

/**
 * The ristretto255 group and its scalar field, both from @noble/curves (audited): every point and
 * scalar operation of the threshold module goes through these, none is written here.
 */
export type Point = InstanceType<typeof ristretto255.Point>;
export const Point: typeof ristretto255.Point = ristretto255.Point;
export const Fn: typeof ristretto255.Point.Fn = ristretto255.Point.Fn;

/** Injected randomness: `random(n)` returns n fresh bytes (a CSPRNG in production, a seeded stream in tests). */
export type Random = (length: number) => Uint8Array;

/** Largest committee the module accepts (the zero sharing's cost grows as C(n, t−2), see refresh.ts). */
export const MAX_PARTICIPANTS = 10;
/** Longest session context (the chain's binding of a run: genesis hash, session id, …). */
export const MAX_CONTEXT = 256;

export interface ThresholdParams {
  /** Committee size: participants are indexed 1..n (their x-coordinates). */
  readonly n: number;
  /** Threshold: any t shares determine the secret, t − 1 reveal nothing. */
  readonly t: number;
}

export function assertParams(params: ThresholdParams): void {
  assertInteger(params.n, 'n', 2, MAX_PARTICIPANTS);
  assertInteger(params.t, 't', 2, params.n);
}

export function assertIndex(index: number, params: ThresholdParams, name = 'index'): void {
  assertInteger(index, name, 1, params.n);
}

export function assertContext(context: Uint8Array): void {
  assertBytes(context, 'context');
  if (context.length > MAX_CONTEXT) {
    throw new PhalanxError('INVALID_INPUT', `context is ${context.length} bytes; at most ${MAX_CONTEXT}`);
  }
}

/** A uniformly random non-zero scalar from 48 bytes of `random` (noble's FIPS 186-5 reduction). */
export function randomScalar(random: Random): bigint {
  const length = 48;
  const entropy = random(length);
  assertBytes(entropy, 'random(48)', length);
  return Fn.fromBytes(mapHashToField(entropy, Fn.ORDER, true));
}

/** 32 random bytes, checked. */
export function randomSeed(random: Random): Uint8Array {
  const seed = random(32);
  assertBytes(seed, 'random(32)', 32);
  return Uint8Array.from(seed);
}

export function scalarToBytes(value: bigint): Uint8Array {
  return Fn.toBytes(value);
}

/** A canonical 32-byte little-endian scalar (values ≥ ℓ are refused, so each scalar has one encoding). */
export function scalarFromBytes(value: Uint8Array, name: string): bigint {
  assertBytes(value, name, 32);
  try {
    return Fn.fromBytes(value);
  } catch (cause) {
    throw new PhalanxError('INVALID_KEY', `${name} is not a canonical ristretto255 scalar`, { cause });
  }
}

/** A canonical ristretto255 encoding of a point other than the identity. */
export function pointFromBytes(value: Uint8Array, name: string): Point {
  assertBytes(value, name, 32);
  let point: Point;
  try {
    point = Point.fromBytes(value);
  } catch (cause) {
    throw new PhalanxError('INVALID_KEY', `${name} is not a canonical ristretto255 point`, { cause });
  }
  if (point.is0()) throw new PhalanxError('INVALID_KEY', `${name} is the identity element`);
  return point;
}

/** Like `pointFromBytes` but returns undefined instead of throwing (for checks that name the sender). */
export function tryPoint(value: Uint8Array): Point | undefined {
  try {
    return pointFromBytes(value, 'point');
  } catch {
    return undefined;
  }
}

const partsCodec = vec(bytes(1 << 16), 64, 1);

/** Hash to a scalar under a domain tag: RFC 9380 expand_message_xmd(SHA-512) reduced mod ℓ (noble). */
export function hashToScalar(domain: string, ...parts: Uint8Array[]): bigint {
  return ristretto255_hasher.hashToScalar(encode(partsCodec, parts), { DST: domain });
}

/** f(x) for coefficients [a0, a1, …] (Horner, in the scalar field). */
export function evaluatePolynomial(coefficients: readonly bigint[], x: bigint): bigint {
  let acc = Fn.ZERO;
  for (let k = coefficients.length - 1; k >= 0; k--) acc = Fn.add(Fn.mul(acc, x), coefficients[k] as bigint);
  return acc;
}

/** Σ C_k·x^k for public Feldman commitments (Horner in the group; public data, variable time is fine). */
export function evaluateCommitments(commitments: readonly Point[], x: bigint): Point {
  let acc = Point.ZERO;
  for (let k = commitments.length - 1; k >= 0; k--) {
    acc = (acc.is0() ? acc : acc.multiplyUnsafe(x)).add(commitments[k] as Point);
  }
  return acc;
}

/** The Lagrange coefficient of `index` for interpolating at 0 over the distinct `indices`. */
export function lagrangeAtZero(indices: readonly number[], index: number): bigint {
  if (new Set(indices).size !== indices.length) throw new PhalanxError('INVALID_INPUT', 'indices must be distinct');
  if (!indices.includes(index)) throw new PhalanxError('INVALID_INPUT', `index ${index} is not among the indices`);
  let numerator = Fn.ONE;
  let denominator = Fn.ONE;
  const xi = BigInt(index);
  for (const other of indices) {
    if (other === index) continue;
    const xj = BigInt(other);
    numerator = Fn.mul(numerator, xj);
    denominator = Fn.mul(denominator, Fn.sub(xj, xi));
  }
  return Fn.div(numerator, denominator);
}
