import { assertBytes, PhalanxError } from '@phalanx/errors';
import { sr25519SecretScalar } from '../ristretto.js';
import {
  assertContext,
  assertIndex,
  assertParams,
  Fn,
  lagrangeAtZero,
  Point,
  pointFromBytes,
  type Random,
  scalarFromBytes,
  scalarToBytes,
  type ThresholdParams,
} from './group.js';
import { answerKey, decodePayload, encodePayload, requireQualified, resolveComplaints } from './payload.js';
import { verificationShare } from './refresh.js';
import type { Complaint, Exclusion, GroupPublic, Justification, KeyShare } from './types.js';
import {
  commitPolynomial,
  decodeCommitments,
  erasePolynomial,
  type Polynomial,
  randomPolynomial,
  shareMatches,
  shareOf,
} from './vss.js';

/**
 * Resharing a key to a (new) committee without changing the group key. Each dealer shares what it
 * holds with a fresh degree-(t'−1) Feldman sharing: the whole secret (dealer 0, the one-time
 * migration from today's single MasterKey) or its share s_i (old member i). The constant-term
 * commitment must equal what the dealer is known to hold — the group key, or Y_i — so no proof of
 * knowledge is needed. New member j takes s'_j = Σ_{i∈Q} λ_i·g_i(j) over the t_old lowest qualified
 * dealers Q. The Lagrange weights are applied by the recipients after exclusions are known (rather
 * than by each dealer beforehand), so an excluded old member does not spoil the others' dealings.
 * The new committee agrees its zero-sharing seeds separately (seed-exchange.ts), in parallel.
 */
export interface ReshareDealing {
  /** 0 for the holder of the whole secret, else the dealer's index in the old committee. */
  readonly dealer: number;
  readonly commitments: readonly Uint8Array[];
}

export interface ReshareState {
  readonly dealer: number;
  readonly context: Uint8Array;
  readonly to: ThresholdParams;
  readonly polynomial: Polynomial;
}

/** What the new committee knows of the old key: the old group (members) or the key alone (holder). */
export type ReshareSource =
  | { readonly kind: 'committee'; readonly group: GroupPublic }
  | { readonly kind: 'whole'; readonly publicKey: Uint8Array };

function deal(dealer: number, secret: bigint, to: ThresholdParams, context: Uint8Array, random: Random) {
  assertParams(to);
  assertContext(context);
  const polynomial = randomPolynomial(to.t, random, secret);
  return { dealing: { dealer, commitments: commitPolynomial(polynomial) }, state: { dealer, context, to, polynomial } };
}

/**
 * The one-time move of a whole MasterKey (sr25519 expanded secret, 64 bytes) to t-of-n shares,
 * run by its current holder, which must erase the key and then the state after the session.
 */
export function reshareWholeSecret(
  sr25519SecretKey: Uint8Array,
  to: ThresholdParams,
  context: Uint8Array,
  random: Random,
): { dealing: ReshareDealing; state: ReshareState } {
  assertBytes(sr25519SecretKey, 'secretKey', 64);
  return deal(0, sr25519SecretScalar(sr25519SecretKey), to, context, random);
}

/** An old member's dealing of its current share to the new committee. */
export function reshareShare(share: KeyShare, to: ThresholdParams, context: Uint8Array, random: Random) {
  return deal(share.index, scalarFromBytes(share.secret, 'share'), to, context, random);
}

export function resharePayload(state: ReshareState, recipient: number): Uint8Array {
  assertIndex(recipient, state.to, 'recipient');
  const share = scalarToBytes(shareOf(state.polynomial, recipient));
  return encodePayload({ context: state.context, dealer: state.dealer, recipient, share, contributions: [] });
}

export function reshareJustify(state: ReshareState, complaint: Complaint): Justification {
  if (complaint.dealer !== state.dealer) throw new PhalanxError('INVALID_INPUT', 'the complaint names another dealer');
  return { dealer: state.dealer, accuser: complaint.accuser, payload: resharePayload(state, complaint.accuser) };
}

export function eraseReshareState(state: ReshareState): void {
  erasePolynomial(state.polynomial);
}

function expectedConstant(source: ReshareSource, dealer: number): Uint8Array | undefined {
  if (source.kind === 'whole') return dealer === 0 ? source.publicKey : undefined;
  if (dealer < 1 || dealer > source.group.n) return undefined;
  return verificationShare(source.group, dealer);
}

function sourceThreshold(source: ReshareSource): number {
  return source.kind === 'whole' ? 1 : source.group.t;
}

export function reshareDealingProblem(source: ReshareSource, to: ThresholdParams, dealing: ReshareDealing): string | undefined {
  const expected = expectedConstant(source, dealing.dealer);
  if (expected === undefined) return 'not a dealer of this resharing';
  const points = decodeCommitments(dealing.commitments, to.t);
  if (points === undefined) return `needs ${to.t} valid commitments`;
  if (!(points[0] as Point).equals(pointFromBytes(expected, 'expected constant')))
    return 'constant term is not the share the dealer holds';
  return undefined;
}

function shareFrom(
  to: ThresholdParams,
  context: Uint8Array,
  dealing: ReshareDealing,
  recipient: number,
  bytes: Uint8Array | undefined,
): bigint | undefined {
  const payload = decodePayload(bytes, context, dealing.dealer, recipient);
  if (payload?.share === undefined || payload.contributions.length > 0) return undefined;
  let share: bigint;
  try {
    share = scalarFromBytes(payload.share, 'share');
  } catch {
    return undefined;
  }
  const points = decodeCommitments(dealing.commitments, to.t);
  return points !== undefined && shareMatches(points, recipient, share) ? share : undefined;
}

export function reshareCheckPayload(
  to: ThresholdParams,
  context: Uint8Array,
  dealing: ReshareDealing,
  recipient: number,
  payload: Uint8Array | undefined,
): Complaint | undefined {
  if (shareFrom(to, context, dealing, recipient, payload) !== undefined) return undefined;
  return { dealer: dealing.dealer, accuser: recipient, reason: 'share missing, malformed or not matching the commitments' };
}

export interface ReshareTranscript {
  readonly dealings: readonly ReshareDealing[];
  readonly complaints: readonly Complaint[];
  readonly justifications: readonly Justification[];
}

export interface ReshareOutcome {
  /** The dealers whose sharings were combined, with their Lagrange weights. */
  readonly used: { dealer: number; weight: bigint }[];
  readonly excluded: Exclusion[];
  readonly dismissed: Complaint[];
  readonly group: GroupPublic;
  readonly answered: Map<string, Uint8Array>;
}

/** The public outcome: the new group (same group key), from the broadcasts alone. */
export function reshareOutcome(
  source: ReshareSource,
  to: ThresholdParams,
  context: Uint8Array,
  transcript: ReshareTranscript,
): ReshareOutcome {
  assertParams(to);
  const excluded: Exclusion[] = [];
  const byDealer = new Map<number, ReshareDealing>();
  for (const dealing of transcript.dealings) {
    const problem = byDealer.has(dealing.dealer) ? 'broadcast two dealings' : reshareDealingProblem(source, to, dealing);
    if (problem === undefined) byDealer.set(dealing.dealer, dealing);
    else excluded.push({ dealer: dealing.dealer, reason: problem });
  }
  for (const e of excluded) byDealer.delete(e.dealer);
  const isRecipient = (_dealer: number, accuser: number) => Number.isInteger(accuser) && accuser >= 1 && accuser <= to.n;
  const resolution = resolveComplaints(
    [...byDealer.keys()],
    isRecipient,
    transcript.complaints,
    transcript.justifications,
    (dealer, accuser, bytes) => shareFrom(to, context, byDealer.get(dealer) as ReshareDealing, accuser, bytes) !== undefined,
  );
  excluded.push(...resolution.excluded);
  const qualified = [...byDealer.keys()].filter((d) => !resolution.excluded.some((e) => e.dealer === d)).sort((a, b) => a - b);
  const threshold = sourceThreshold(source);
  requireQualified(qualified, threshold, 'resharing');
  const chosen = qualified.slice(0, threshold);
  const used = chosen.map((dealer) => ({ dealer, weight: source.kind === 'whole' ? Fn.ONE : lagrangeAtZero(chosen, dealer) }));
  const commitments = Array.from({ length: to.t }, (_, k) => {
    let sum = Point.ZERO;
    for (const { dealer, weight } of used) {
      const point = pointFromBytes((byDealer.get(dealer) as ReshareDealing).commitments[k] as Uint8Array, 'commitment');
      sum = sum.add(point.multiplyUnsafe(weight));
    }
    return sum.toBytes();
  });
  const epoch = source.kind === 'whole' ? 0 : source.group.epoch + 1;
  const group: GroupPublic = { n: to.n, t: to.t, epoch, commitments };
  return { used, excluded, dismissed: resolution.dismissed, group, answered: resolution.answered };
}

/** A new member's share: Σ λ_i·g_i(j) over the used dealers (payloads: decrypted, by dealer). */
export function reshareFinish(
  source: ReshareSource,
  to: ThresholdParams,
  context: Uint8Array,
  recipient: number,
  transcript: ReshareTranscript,
  payloads: ReadonlyMap<number, Uint8Array>,
): { share: KeyShare; outcome: ReshareOutcome } {
  assertIndex(recipient, to, 'recipient');
  const outcome = reshareOutcome(source, to, context, transcript);
  let sum = Fn.ZERO;
  for (const { dealer, weight } of outcome.used) {
    const dealing = transcript.dealings.find((d) => d.dealer === dealer) as ReshareDealing;
    const bytes = outcome.answered.get(answerKey(dealer, recipient)) ?? payloads.get(dealer);
    const share = shareFrom(to, context, dealing, recipient, bytes);
    if (share === undefined)
      throw new PhalanxError('INVALID_INPUT', `no valid payload from dealer ${dealer}: complain before finishing`);
    sum = Fn.add(sum, Fn.mul(weight, share));
  }
  return { share: { index: recipient, epoch: outcome.group.epoch, secret: scalarToBytes(sum) }, outcome };
}
