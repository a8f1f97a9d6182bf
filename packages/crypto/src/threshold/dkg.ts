import { PhalanxError } from '@phalanx/errors';
import {
  assertContext,
  assertIndex,
  assertParams,
  Fn,
  Point,
  type Random,
  scalarFromBytes,
  scalarToBytes,
  type ThresholdParams,
} from './group.js';
import {
  answerKey,
  decodePayload,
  encodePayload,
  memberOtherThanDealer,
  type Payload,
  requireQualified,
  resolveComplaints,
} from './payload.js';
import {
  combineSeeds,
  dealSeeds,
  eraseSeedDealer,
  type SeedDealerState,
  seedContributionsFor,
  seedContributionsMatch,
  setsContaining,
} from './seeds.js';
import type { Complaint, Exclusion, GroupPublic, Justification, KeyShare, RefreshSeeds } from './types.js';
import {
  commitPolynomial,
  decodeCommitments,
  erasePolynomial,
  type Polynomial,
  proveConstantTerm,
  randomPolynomial,
  shareMatches,
  shareOf,
  verifyConstantTerm,
} from './vss.js';

/** Round 1 broadcast of dealer `dealer` (the chain records it). */
export interface DkgDealing {
  readonly dealer: number;
  /** Feldman commitments a_k·G, k = 0..t−1. */
  readonly commitments: readonly Uint8Array[];
  /** Schnorr proof of knowledge of a_0 under the session context. */
  readonly proof: Uint8Array;
  /** Hash commitments to the dealer's zero-sharing seed contributions. */
  readonly seedCommitments: readonly Uint8Array[];
}

/** A dealer's secret round state: keep it (sealed) until `dkgFinish`, which erases it. */
export interface DkgState extends ThresholdParams {
  readonly index: number;
  readonly context: Uint8Array;
  readonly polynomial: Polynomial;
  readonly seeds: SeedDealerState;
}

/** Round 1: a random polynomial, its commitments, the proof, and the seed commitments. */
export function dkgStart(
  params: ThresholdParams,
  index: number,
  context: Uint8Array,
  random: Random,
): { dealing: DkgDealing; state: DkgState } {
  assertParams(params);
  assertIndex(index, params);
  assertContext(context);
  const polynomial = randomPolynomial(params.t, random);
  const commitments = commitPolynomial(polynomial);
  const proof = proveConstantTerm(context, index, polynomial, commitments, random);
  const seeds = dealSeeds(params, index, context, random);
  const { n, t } = params;
  return {
    dealing: { dealer: index, commitments, proof, seedCommitments: seeds.commitments },
    state: { n, t, index, context, polynomial, seeds: seeds.state },
  };
}

/** Round 2: the payload for `recipient` (encrypt it to the recipient; never publish it). */
export function dkgPayload(state: DkgState, recipient: number): Uint8Array {
  assertIndex(recipient, state, 'recipient');
  return encodePayload({
    context: state.context,
    dealer: state.index,
    recipient,
    share: scalarToBytes(shareOf(state.polynomial, recipient)),
    contributions: seedContributionsFor(state.seeds, recipient),
  });
}

/** Why a round-1 dealing is unacceptable (bad proof, malformed commitments), or undefined. */
export function dkgDealingProblem(params: ThresholdParams, context: Uint8Array, dealing: DkgDealing): string | undefined {
  if (!Number.isInteger(dealing.dealer) || dealing.dealer < 1 || dealing.dealer > params.n) return 'dealer index out of range';
  if (decodeCommitments(dealing.commitments, params.t) === undefined) return `needs ${params.t} valid commitments`;
  if (!verifyConstantTerm(context, dealing.dealer, dealing.commitments, dealing.proof)) return 'invalid proof of knowledge';
  const seedSets = setsContaining(params, dealing.dealer).length;
  if (dealing.seedCommitments.length !== seedSets || dealing.seedCommitments.some((c) => c.length !== 32)) {
    return `needs ${seedSets} seed commitments of 32 bytes`;
  }
  return undefined;
}

function payloadProblem(
  params: ThresholdParams,
  context: Uint8Array,
  dealing: DkgDealing,
  recipient: number,
  payload: Payload | undefined,
): string | undefined {
  if (payload === undefined) return 'payload missing or malformed';
  if (payload.share === undefined) return 'payload has no share';
  let share: bigint;
  try {
    share = scalarFromBytes(payload.share, 'share');
  } catch {
    return 'share is not a canonical scalar';
  }
  const commitments = decodeCommitments(dealing.commitments, params.t);
  if (commitments === undefined || !shareMatches(commitments, recipient, share)) return 'share does not match the commitments';
  if (!seedContributionsMatch(params, context, dealing.dealer, recipient, dealing.seedCommitments, payload.contributions)) {
    return 'seed contributions do not open the seed commitments';
  }
  return undefined;
}

/**
 * A recipient's check of the payload it decrypted from `dealing.dealer` (undefined if none arrived
 * or it did not decrypt): a complaint to broadcast, or undefined when the payload is good.
 */
export function dkgCheckPayload(
  params: ThresholdParams,
  context: Uint8Array,
  dealing: DkgDealing,
  recipient: number,
  payload: Uint8Array | undefined,
): Complaint | undefined {
  const decoded = decodePayload(payload, context, dealing.dealer, recipient);
  const reason = payloadProblem(params, context, dealing, recipient, decoded);
  return reason === undefined ? undefined : { dealer: dealing.dealer, accuser: recipient, reason };
}

/** Round 3 (only after complaints): the dealer's answer, the accuser's payload in the clear. */
export function dkgJustify(state: DkgState, complaint: Complaint): Justification {
  if (complaint.dealer !== state.index) throw new PhalanxError('INVALID_INPUT', 'the complaint names another dealer');
  return { dealer: state.index, accuser: complaint.accuser, payload: dkgPayload(state, complaint.accuser) };
}

/** The public outcome, computable by anyone (the chain, every participant) from the broadcasts. */
export interface DkgOutcome {
  readonly qualified: number[];
  readonly excluded: Exclusion[];
  /** Complaints answered by a valid justification (the accuser may be lying or its channel broke). */
  readonly dismissed: Complaint[];
  readonly group: GroupPublic;
  /** Published payloads that answered complaints, by `dealer/accuser`. */
  readonly answered: Map<string, Uint8Array>;
}

export interface DkgTranscript {
  /** Round-1 dealings in chain order; a dealer that broadcast none is simply absent. */
  readonly dealings: readonly DkgDealing[];
  readonly complaints: readonly Complaint[];
  readonly justifications: readonly Justification[];
}

export function dkgOutcome(params: ThresholdParams, context: Uint8Array, transcript: DkgTranscript): DkgOutcome {
  assertParams(params);
  assertContext(context);
  const excluded: Exclusion[] = [];
  const byDealer = new Map<number, DkgDealing>();
  const count = new Map<number, number>();
  for (const dealing of transcript.dealings) count.set(dealing.dealer, (count.get(dealing.dealer) ?? 0) + 1);
  for (const dealing of transcript.dealings) {
    if ((count.get(dealing.dealer) ?? 0) > 1) {
      if (!excluded.some((e) => e.dealer === dealing.dealer))
        excluded.push({ dealer: dealing.dealer, reason: 'broadcast two dealings' });
      continue;
    }
    const problem = dkgDealingProblem(params, context, dealing);
    if (problem === undefined) byDealer.set(dealing.dealer, dealing);
    else excluded.push({ dealer: dealing.dealer, reason: problem });
  }
  const resolution = resolveComplaints(
    [...byDealer.keys()],
    memberOtherThanDealer(params.n),
    transcript.complaints,
    transcript.justifications,
    (dealer, accuser, bytes) => {
      const dealing = byDealer.get(dealer) as DkgDealing;
      return payloadProblem(params, context, dealing, accuser, decodePayload(bytes, context, dealer, accuser)) === undefined;
    },
  );
  excluded.push(...resolution.excluded);
  const qualified = [...byDealer.keys()].filter((d) => !resolution.excluded.some((e) => e.dealer === d)).sort((a, b) => a - b);
  requireQualified(qualified, params.t, 'DKG');
  const sums: Point[] = Array.from({ length: params.t }, () => Point.ZERO);
  for (const dealer of qualified) {
    const points = decodeCommitments((byDealer.get(dealer) as DkgDealing).commitments, params.t) as Point[];
    points.forEach((point, k) => {
      sums[k] = (sums[k] as Point).add(point);
    });
  }
  if (sums[0]?.is0()) throw new PhalanxError('DERIVATION_FAILED', 'DKG group key is the identity: run the session again');
  const group: GroupPublic = { n: params.n, t: params.t, epoch: 0, commitments: sums.map((p) => p.toBytes()) };
  return {
    qualified,
    excluded: excluded.sort((a, b) => a.dealer - b.dealer),
    dismissed: resolution.dismissed,
    group,
    answered: resolution.answered,
  };
}

/**
 * The participant's result: its share Σ_{i∈Q} f_i(j), its zero-sharing seeds, and the public
 * outcome. `payloads` maps each dealer to the payload it received (decrypted). Erases `state`.
 */
export function dkgFinish(
  state: DkgState,
  transcript: DkgTranscript,
  payloads: ReadonlyMap<number, Uint8Array>,
): { share: KeyShare; seeds: RefreshSeeds; outcome: DkgOutcome } {
  const outcome = dkgOutcome(state, state.context, transcript);
  let sum = Fn.ZERO;
  const contributions = new Map<number, readonly Uint8Array[]>();
  for (const dealer of outcome.qualified) {
    const dealing = transcript.dealings.find((d) => d.dealer === dealer) as DkgDealing;
    const bytes =
      dealer === state.index
        ? dkgPayload(state, state.index)
        : (outcome.answered.get(answerKey(dealer, state.index)) ?? payloads.get(dealer));
    const payload = decodePayload(bytes, state.context, dealer, state.index);
    if (payloadProblem(state, state.context, dealing, state.index, payload) !== undefined || payload?.share === undefined) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `no valid payload from qualified dealer ${dealer}: complain in round 2 before finishing`,
      );
    }
    sum = Fn.add(sum, scalarFromBytes(payload.share, 'share'));
    contributions.set(dealer, payload.contributions);
  }
  const seeds = combineSeeds(state, state.context, state.seeds, outcome.qualified, contributions);
  erasePolynomial(state.polynomial);
  eraseSeedDealer(state.seeds);
  const { n, t } = state;
  return {
    share: { index: state.index, epoch: 0, secret: scalarToBytes(sum) },
    seeds: { n, t, index: state.index, epoch: 0, seeds },
    outcome,
  };
}
