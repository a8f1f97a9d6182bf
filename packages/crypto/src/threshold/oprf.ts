import { ristretto255_hasher, ristretto255_oprf } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { assertBytes, assertMaxLength, PhalanxError } from '@phalanx/errors';
import { encode, fixedBytes, str, tuple } from '@phalanx/scale';
import { utf8 } from '../bytes.js';
import { DOMAIN } from '../domains.js';
import { type ContractIdentity, contractInput, masterDerivedInfo, masterDerivedInput } from '../hierarchy.js';
import { hkdfSha256 } from '../hkdf.js';
import { MAX_OPRF_INPUT } from '../oprf.js';
import {
  evaluateCommitments,
  Fn,
  lagrangeAtZero,
  Point,
  pointFromBytes,
  type Random,
  scalarFromBytes,
  scalarToBytes,
  tryPoint,
} from './group.js';
import type { GroupPublic, KeyShare } from './types.js';

/**
 * Threshold evaluation of the RFC 9497 OPRF(ristretto255, SHA-512), mode 0, that keys the
 * ContractKey seeds. H is the OPRF's own HashToGroup (DST "HashToGroup-OPRFV1-\x00-ristretto255-
 * SHA512", the hash noble's `oprf.evaluate` uses); each holder answers Z_i = s_i·H(input) with the
 * RFC 9497 DLEQ proof (noble's VOPRF GenerateProof: log_G(Y_i) = log_H(Z_i), Y_i its verification
 * share); the combiner checks each proof, interpolates t valid answers in the exponent,
 * Z = Σ λ_i·Z_i = s·H(input), and finalizes with noble's RFC 9497 Finalize (blind 1), which is
 * byte for byte `oprf.evaluate(s, input)`.
 */
export interface OprfAnswer {
  readonly index: number;
  readonly epoch: number;
  /** Z_i = s_i·H(input). */
  readonly element: Uint8Array;
  /** RFC 9497 DLEQ proof (c ‖ s, 64 bytes). */
  readonly proof: Uint8Array;
}

const nonceCodec = tuple(str(64), fixedBytes(32), fixedBytes(32), fixedBytes(32));
const HASH_TO_GROUP_DST = 'HashToGroup-OPRFV1-\x00-ristretto255-SHA512';
const ONE = scalarToBytes(Fn.ONE);
const EMPTY = new Uint8Array(0);

function checkInput(input: Uint8Array): void {
  assertBytes(input, 'input');
  assertMaxLength(input, 'input', MAX_OPRF_INPUT);
}

/** H(input): the OPRF's HashToGroup. */
export function oprfInputElement(input: Uint8Array): Uint8Array {
  checkInput(input);
  const point = ristretto255_hasher.hashToCurve(input, { DST: HASH_TO_GROUP_DST });
  if (point.is0()) throw new PhalanxError('DERIVATION_FAILED', 'OPRF input hashes to the identity element');
  return point.toBytes();
}

/**
 * A holder's answer for `input`, with its proof. The proof's nonce is hedged: SHA-512 over the
 * share, H(input) and 32 bytes of `random`, so a weak or repeated `random` cannot leak the share
 * (a repeated nonce across two inputs would), while fresh randomness still keeps it unpredictable.
 */
export function oprfPartialEvaluate(share: KeyShare, input: Uint8Array, random: Random): OprfAnswer {
  return partialEvaluateElement(share, oprfInputElement(input), random);
}

/** s_i·X for a point X (H(input), or a peer's public key for a threshold agreement), with its DLEQ proof. */
export function partialEvaluateElement(share: KeyShare, element: Uint8Array, random: Random): OprfAnswer {
  const scalar = scalarFromBytes(share.secret, 'share');
  const publicShare = Point.BASE.multiply(scalar).toBytes();
  const fresh = random(32);
  assertBytes(fresh, 'random(32)', 32);
  const nonceBytes = sha512(encode(nonceCodec, [DOMAIN.thresholdProofNonce, share.secret, element, fresh]));
  const answer = ristretto255_oprf.voprf.blindEvaluate(share.secret, publicShare, element, (length = 48) => {
    if (length > nonceBytes.length) throw new PhalanxError('INTERNAL', `proof nonce of ${length} bytes requested`);
    return nonceBytes.slice(0, length);
  });
  nonceBytes.fill(0);
  return { index: share.index, epoch: share.epoch, element: answer.evaluated, proof: answer.proof };
}

/** The group's commitments decoded once, so each answer's verification share costs no decoding. */
function verificationShares(group: GroupPublic): (index: number) => Uint8Array {
  const points = group.commitments.map((bytes, k) => pointFromBytes(bytes, `commitments[${k}]`));
  return (index) => evaluateCommitments(points, BigInt(index)).toBytes();
}

function checkAnswer(
  group: GroupPublic,
  shareOf: (index: number) => Uint8Array,
  input: Uint8Array,
  element: Uint8Array,
  answer: OprfAnswer,
): { point: Point } | { reason: string } {
  if (!Number.isInteger(answer.index) || answer.index < 1 || answer.index > group.n) return { reason: 'index out of range' };
  if (answer.epoch !== group.epoch)
    return { reason: `answer is for epoch ${answer.epoch}, the group is at epoch ${group.epoch}` };
  const point = answer.element.length === 32 ? tryPoint(answer.element) : undefined;
  if (point === undefined) return { reason: 'element is not a valid point' };
  if (answer.proof.length !== 64) return { reason: 'proof must be 64 bytes' };
  try {
    // VOPRF Finalize verifies the DLEQ proof (B = Y_i, C = H(input), D = Z_i) before hashing.
    ristretto255_oprf.voprf.finalize(input, ONE, answer.element, element, shareOf(answer.index), answer.proof);
  } catch {
    return { reason: 'DLEQ proof does not verify against the verification share' };
  }
  return { point };
}

/** Why an answer is not acceptable against the group's verification shares, or undefined. */
export function oprfAnswerProblem(group: GroupPublic, input: Uint8Array, answer: OprfAnswer): string | undefined {
  const result = checkAnswer(group, verificationShares(group), input, oprfInputElement(input), answer);
  return 'reason' in result ? result.reason : undefined;
}

export interface OprfCombination {
  /** The 64-byte RFC 9497 output, equal to the single-key Evaluate(s, input). */
  readonly output: Uint8Array;
  /** The t answers used. */
  readonly used: number[];
  /** Answers refused, with the reason (wrong proof, duplicate index, wrong epoch, …). */
  readonly invalid: { index: number; reason: string }[];
}

/**
 * Checks every answer on `element` (X), names the bad ones, and interpolates the t valid answers
 * with the lowest indices in the exponent: Σ λ_i·(s_i·X) = s·X. Throws (naming the bad answers)
 * if fewer than t are valid. `proofInput` only feeds the Finalize hash that verification runs through.
 */
export function combineElements(
  group: GroupPublic,
  element: Uint8Array,
  answers: readonly OprfAnswer[],
  proofInput: Uint8Array,
): { point: Point; used: number[]; invalid: { index: number; reason: string }[] } {
  const shareOf = verificationShares(group);
  const invalid: { index: number; reason: string }[] = [];
  const valid = new Map<number, Point>();
  for (const answer of answers) {
    if (valid.has(answer.index)) {
      invalid.push({ index: answer.index, reason: 'a second answer from this index' });
      continue;
    }
    const result = checkAnswer(group, shareOf, proofInput, element, answer);
    if ('point' in result) valid.set(answer.index, result.point);
    else invalid.push({ index: answer.index, reason: result.reason });
  }
  const used = [...valid.keys()].sort((a, b) => a - b).slice(0, group.t);
  if (used.length < group.t) {
    const named = invalid.map((i) => `${i.index}: ${i.reason}`).join('; ');
    throw new PhalanxError(
      'INVALID_PROOF',
      `only ${used.length} valid threshold answers, ${group.t} needed${named ? ` (refused ${named})` : ''}`,
    );
  }
  let point = Point.ZERO;
  for (const index of used) point = point.add((valid.get(index) as Point).multiplyUnsafe(lagrangeAtZero(used, index)));
  if (point.is0()) throw new PhalanxError('DERIVATION_FAILED', 'combined threshold element is the identity');
  return { point, used, invalid };
}

/**
 * Checks every answer, names the bad ones, and combines the t valid answers with the lowest
 * indices. Throws (naming the bad answers) if fewer than t are valid.
 */
export function oprfCombine(group: GroupPublic, input: Uint8Array, answers: readonly OprfAnswer[]): OprfCombination {
  const { point, used, invalid } = combineElements(group, oprfInputElement(input), answers, input);
  // RFC 9497 Finalize(input, unblinded element) via noble, with the blind 1 (so "unblinding" is the identity map).
  const output = ristretto255_oprf.oprf.finalize(input, ONE, point.toBytes());
  return { output, used, invalid };
}

/** The ContractKey seed from holders' answers: HKDF exactly as `contractSeed` does from the whole key. */
export function thresholdContractSeed(
  group: GroupPublic,
  identity: ContractIdentity,
  answers: readonly OprfAnswer[],
): { seed: Uint8Array; used: number[]; invalid: { index: number; reason: string }[] } {
  const { output, used, invalid } = oprfCombine(group, contractInput(identity), answers);
  const seed = hkdfSha256(output, EMPTY, utf8(DOMAIN.contractSeed), 32);
  output.fill(0);
  return { seed, used, invalid };
}

/** Another MasterKey-derived secret (`masterDerivedSecret`) from holders' answers on `masterDerivedInput(purpose, input)`. */
export function thresholdMasterDerivedSecret(
  group: GroupPublic,
  purpose: string,
  input: Uint8Array,
  answers: readonly OprfAnswer[],
): { secret: Uint8Array; used: number[]; invalid: { index: number; reason: string }[] } {
  const { output, used, invalid } = oprfCombine(group, masterDerivedInput(purpose, input), answers);
  const secret = hkdfSha256(output, EMPTY, masterDerivedInfo(purpose), 32);
  output.fill(0);
  return { secret, used, invalid };
}
