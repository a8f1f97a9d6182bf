import { PhalanxError } from '@phalanx/errors';
import { assertContext, assertIndex, assertParams, type Random, type ThresholdParams } from './group.js';
import {
  answerKey,
  decodePayload,
  encodePayload,
  memberOtherThanDealer,
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
} from './seeds.js';
import type { Complaint, Exclusion, Justification, RefreshSeeds } from './types.js';

/**
 * The zero-sharing seed agreement on its own, for a committee that receives its shares by
 * resharing rather than by DKG (the DKG runs the same steps inside its own rounds). Round 1: each
 * member broadcasts hash commitments to its contributions; round 2: it sends each other member
 * (encrypted, by the caller) the contributions for the sets they share; complaints and
 * justifications as in the DKG; a set's seed hashes its qualified members' contributions.
 */
export interface SeedDealing {
  readonly dealer: number;
  readonly commitments: readonly Uint8Array[];
}

export function seedExchangeStart(
  params: ThresholdParams,
  index: number,
  context: Uint8Array,
  random: Random,
): { dealing: SeedDealing; state: SeedDealerState } {
  assertParams(params);
  assertIndex(index, params);
  assertContext(context);
  const { state, commitments } = dealSeeds(params, index, context, random);
  return { dealing: { dealer: index, commitments }, state };
}

export function seedExchangePayload(state: SeedDealerState, recipient: number): Uint8Array {
  assertIndex(recipient, state, 'recipient');
  return encodePayload({
    context: state.context,
    dealer: state.index,
    recipient,
    share: undefined,
    contributions: seedContributionsFor(state, recipient),
  });
}

function contributionsFrom(
  params: ThresholdParams,
  context: Uint8Array,
  dealing: SeedDealing,
  recipient: number,
  bytes: Uint8Array | undefined,
): readonly Uint8Array[] | undefined {
  const payload = decodePayload(bytes, context, dealing.dealer, recipient);
  if (payload === undefined || payload.share !== undefined) return undefined;
  const ok = seedContributionsMatch(params, context, dealing.dealer, recipient, dealing.commitments, payload.contributions);
  return ok ? payload.contributions : undefined;
}

export function seedExchangeCheckPayload(
  params: ThresholdParams,
  context: Uint8Array,
  dealing: SeedDealing,
  recipient: number,
  payload: Uint8Array | undefined,
): Complaint | undefined {
  if (contributionsFrom(params, context, dealing, recipient, payload) !== undefined) return undefined;
  return { dealer: dealing.dealer, accuser: recipient, reason: 'seed contributions missing or not opening the commitments' };
}

export function seedExchangeJustify(state: SeedDealerState, complaint: Complaint): Justification {
  if (complaint.dealer !== state.index) throw new PhalanxError('INVALID_INPUT', 'the complaint names another dealer');
  return { dealer: state.index, accuser: complaint.accuser, payload: seedExchangePayload(state, complaint.accuser) };
}

export interface SeedTranscript {
  readonly dealings: readonly SeedDealing[];
  readonly complaints: readonly Complaint[];
  readonly justifications: readonly Justification[];
}

/**
 * The member's seeds for the group epoch `epoch` (the new group's), and who was excluded.
 * At least t members must qualify. Erases the dealer state.
 */
export function seedExchangeFinish(
  state: SeedDealerState,
  transcript: SeedTranscript,
  payloads: ReadonlyMap<number, Uint8Array>,
  epoch: number,
): { seeds: RefreshSeeds; qualified: number[]; excluded: Exclusion[] } {
  const params: ThresholdParams = { n: state.n, t: state.t };
  const byDealer = new Map<number, SeedDealing>();
  const excluded: Exclusion[] = [];
  for (const dealing of transcript.dealings) {
    const valid = Number.isInteger(dealing.dealer) && dealing.dealer >= 1 && dealing.dealer <= params.n;
    if (!valid || byDealer.has(dealing.dealer))
      excluded.push({ dealer: dealing.dealer, reason: valid ? 'broadcast two dealings' : 'index out of range' });
    else byDealer.set(dealing.dealer, dealing);
  }
  for (const e of excluded) byDealer.delete(e.dealer);
  const resolution = resolveComplaints(
    [...byDealer.keys()],
    memberOtherThanDealer(params.n),
    transcript.complaints,
    transcript.justifications,
    (dealer, accuser, bytes) =>
      contributionsFrom(params, state.context, byDealer.get(dealer) as SeedDealing, accuser, bytes) !== undefined,
  );
  excluded.push(...resolution.excluded);
  const qualified = [...byDealer.keys()].filter((d) => !resolution.excluded.some((e) => e.dealer === d)).sort((a, b) => a - b);
  requireQualified(qualified, params.t, 'seed exchange');
  const received = new Map<number, readonly Uint8Array[]>();
  for (const dealer of qualified) {
    if (dealer === state.index) continue;
    const bytes = resolution.answered.get(answerKey(dealer, state.index)) ?? payloads.get(dealer);
    const contributions = contributionsFrom(params, state.context, byDealer.get(dealer) as SeedDealing, state.index, bytes);
    if (contributions === undefined)
      throw new PhalanxError('INVALID_INPUT', `no valid seed payload from member ${dealer}: complain before finishing`);
    received.set(dealer, contributions);
  }
  const seeds = combineSeeds(params, state.context, state, qualified, received);
  eraseSeedDealer(state);
  return { seeds: { ...params, index: state.index, epoch, seeds }, qualified, excluded };
}
