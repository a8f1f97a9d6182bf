import { bytes, encode, fixedBytes, str, tuple, u8, vec } from '@phalanx/scale';
import { equalBytes } from '../bytes.js';
import { DOMAIN } from '../domains.js';
import { blake2_256 } from '../hash.js';
import { MAX_CONTEXT, MAX_PARTICIPANTS, type Random, randomSeed, type ThresholdParams } from './group.js';

/**
 * Zero-sharing sets (Cramer–Damgård–Ishai replicated keys, sized for a degree-(t−1) zero sharing):
 * every subset A of {1..n} with |A| = n − t + 2. Its seed is known to exactly its members; its
 * polynomial h_A(x) = x·Π_{b∉A}(x − b) has degree t − 1, h_A(0) = 0, and vanishes at every
 * non-member, so non-members need not know the seed. |A| = n − t + 2 is the smallest support a
 * non-zero degree-(t−1) polynomial with h(0) = 0 can have among n points, hence the smallest sets
 * possible. There are C(n, t − 2) sets; each participant is in C(n − 1, t − 2) of them
 * (n = 7, t = 4: 21 sets, 15 per participant). Lexicographic order is the canonical order.
 */
export function zeroSharingSets(params: ThresholdParams): number[][] {
  const size = params.n - params.t + 2;
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === size) {
      out.push([...chosen]);
      return;
    }
    for (let m = start; m <= params.n - (size - chosen.length) + 1; m++) pick(m + 1, [...chosen, m]);
  };
  pick(1, []);
  return out;
}

export function setsContaining(params: ThresholdParams, ...members: number[]): number[][] {
  return zeroSharingSets(params).filter((set) => members.every((m) => set.includes(m)));
}

/** A seed dealer's secret state: one random contribution per set containing it. */
export interface SeedDealerState extends ThresholdParams {
  readonly index: number;
  readonly context: Uint8Array;
  readonly contributions: Uint8Array[];
}

const commitCodec = tuple(str(64), bytes(MAX_CONTEXT), u8, vec(u8, MAX_PARTICIPANTS), fixedBytes(32));
const seedCodec = tuple(str(64), bytes(MAX_CONTEXT), vec(u8, MAX_PARTICIPANTS), vec(tuple(u8, fixedBytes(32)), MAX_PARTICIPANTS));

function commitment(context: Uint8Array, dealer: number, set: number[], contribution: Uint8Array): Uint8Array {
  return blake2_256(encode(commitCodec, [DOMAIN.thresholdSeedCommit, context, dealer, set, contribution]));
}

/** Picks the contributions and their public hash commitments (hiding: each contribution has 256 random bits). */
export function dealSeeds(
  params: ThresholdParams,
  index: number,
  context: Uint8Array,
  random: Random,
): { state: SeedDealerState; commitments: Uint8Array[] } {
  const sets = setsContaining(params, index);
  const contributions = sets.map(() => randomSeed(random));
  const commitments = sets.map((set, k) => commitment(context, index, set, contributions[k] as Uint8Array));
  return { state: { ...params, index, context, contributions }, commitments };
}

/** The contributions a dealer sends (encrypted, by the caller) to one recipient: sets holding both. */
export function seedContributionsFor(state: SeedDealerState, recipient: number): Uint8Array[] {
  const mine = setsContaining(state, state.index);
  return mine.flatMap((set, k) => (set.includes(recipient) ? [state.contributions[k] as Uint8Array] : []));
}

/** Do the received contributions open the dealer's published commitments? */
export function seedContributionsMatch(
  params: ThresholdParams,
  context: Uint8Array,
  dealer: number,
  recipient: number,
  commitments: readonly Uint8Array[],
  contributions: readonly Uint8Array[],
): boolean {
  const dealerSets = setsContaining(params, dealer);
  if (commitments.length !== dealerSets.length) return false;
  const shared = dealerSets.map((set, k) => ({ set, k })).filter(({ set }) => set.includes(recipient));
  if (contributions.length !== shared.length) return false;
  return shared.every(({ set, k }, i) => {
    const value = contributions[i] as Uint8Array;
    return value.length === 32 && equalBytes(commitment(context, dealer, set, value), commitments[k] as Uint8Array);
  });
}

/**
 * A participant's set seeds once the qualified dealers are known: for each set containing it,
 * blake2_256 over the contributions of the set's qualified members (its own included).
 * `received` maps each qualified dealer to the contributions it sent this participant.
 */
export function combineSeeds(
  params: ThresholdParams,
  context: Uint8Array,
  own: SeedDealerState,
  qualified: readonly number[],
  received: ReadonlyMap<number, readonly Uint8Array[]>,
): Uint8Array[] {
  const index = own.index;
  const mySets = setsContaining(params, index);
  const cursor = new Map<number, number>();
  return mySets.map((set, k) => {
    const parts: [number, Uint8Array][] = [];
    for (const member of set) {
      if (!qualified.includes(member)) continue;
      if (member === index) {
        parts.push([member, own.contributions[k] as Uint8Array]);
        continue;
      }
      const position = cursor.get(member) ?? 0;
      cursor.set(member, position + 1);
      const value = received.get(member)?.[position];
      if (value === undefined) continue; // cannot happen for a qualified dealer whose payload was checked
      parts.push([member, value]);
    }
    return blake2_256(encode(seedCodec, [DOMAIN.thresholdSetSeed, context, set, parts]));
  });
}

export function eraseSeedDealer(state: SeedDealerState): void {
  for (const contribution of state.contributions) contribution.fill(0);
}
