// Test-only helpers for the threshold module: a seeded random stream, an in-memory run of the DKG
// rounds (the chain's ordering played by a loop), and the one place that interpolates shares to
// the whole secret — which only tests may do.
import { createHash } from 'node:crypto';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { threshold as th } from '../src/index.js';

const Fn = ristretto255.Point.Fn;

/** A deterministic `random(n)`: SHA-512 of (label, counter) blocks. */
export function seededRandom(label: string): th.Random {
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 64) {
      const block = createHash('sha512').update(`${label}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(64, length - offset)), offset);
    }
    return out;
  };
}

/** TEST ONLY: Lagrange interpolation of shares at 0, i.e. the whole secret (as a bigint). */
export function interpolateForTest(shares: readonly th.KeyShare[]): bigint {
  const indices = shares.map((s) => s.index);
  let sum = Fn.ZERO;
  for (const share of shares) sum = Fn.add(sum, Fn.mul(Fn.fromBytes(share.secret), th.lagrangeAtZero(indices, share.index)));
  return sum;
}

export const publicOf = (scalar: bigint): Uint8Array => ristretto255.Point.BASE.multiply(scalar).toBytes();
export const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** All k-element subsets of `items`. */
export function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

export interface DkgScenario {
  /** Dealers whose payload to some recipients is corrupted: dealer → recipients. */
  readonly corrupt?: ReadonlyMap<number, readonly number[]>;
  /** Corrupt dealers that answer complaints with the correct payload (else they stay silent). */
  readonly justifying?: readonly number[];
  /** Members that complain although their payload was good: accuser → dealer. */
  readonly falseAccusers?: ReadonlyMap<number, number>;
  /** Dealers whose round-1 proof is broken. */
  readonly badProof?: readonly number[];
  /** Members that do not take part at all. */
  readonly absent?: readonly number[];
}

export interface DkgRun {
  readonly outcome: th.DkgOutcome;
  readonly shares: th.KeyShare[];
  readonly seeds: th.RefreshSeeds[];
  readonly complaints: th.Complaint[];
}

/** Runs every round for the present members in memory, as the chain would order them. */
export function runDkg(params: th.ThresholdParams, label: string, scenario: DkgScenario = {}): DkgRun {
  const context = new TextEncoder().encode(`test-dkg/${label}`);
  const members = Array.from({ length: params.n }, (_, i) => i + 1).filter((i) => !scenario.absent?.includes(i));
  const started = members.map((i) => ({ i, ...th.dkgStart(params, i, context, seededRandom(`${label}/${i}`)) }));
  const dealings = started.map(({ i, dealing }) => {
    if (!scenario.badProof?.includes(i)) return dealing;
    const proof = Uint8Array.from(dealing.proof);
    proof[40] = (proof[40] as number) ^ 1;
    return { ...dealing, proof };
  });
  // Round 2: inboxes[recipient] = dealer → payload bytes.
  const inboxes = new Map<number, Map<number, Uint8Array>>(members.map((j) => [j, new Map()]));
  for (const { i, state } of started) {
    for (const j of members) {
      if (j === i) continue;
      let payload = th.dkgPayload(state, j);
      if (scenario.corrupt?.get(i)?.includes(j)) {
        payload = Uint8Array.from(payload);
        payload[payload.length - 40] = (payload[payload.length - 40] as number) ^ 1;
      }
      inboxes.get(j)?.set(i, payload);
    }
  }
  const complaints: th.Complaint[] = [];
  for (const j of members) {
    for (const dealing of dealings) {
      if (dealing.dealer === j) continue;
      const complaint = th.dkgCheckPayload(params, context, dealing, j, inboxes.get(j)?.get(dealing.dealer));
      if (complaint) complaints.push(complaint);
      else if (scenario.falseAccusers?.get(j) === dealing.dealer)
        complaints.push({ dealer: dealing.dealer, accuser: j, reason: 'lying' });
    }
  }
  const justifications: th.Justification[] = [];
  for (const complaint of complaints) {
    const dealer = started.find((s) => s.i === complaint.dealer);
    const corrupt = scenario.corrupt?.has(complaint.dealer);
    if (dealer && (!corrupt || scenario.justifying?.includes(complaint.dealer)))
      justifications.push(th.dkgJustify(dealer.state, complaint));
  }
  const transcript = { dealings, complaints, justifications };
  const finished = started.map(({ i, state }) => th.dkgFinish(state, transcript, inboxes.get(i) as Map<number, Uint8Array>));
  // Every member computes the same public outcome from the same transcript.
  const groups = new Set(finished.map((f) => f.outcome.group.commitments.map(hexOf).join()));
  if (groups.size !== 1) throw new Error('members disagree on the DKG outcome');
  return {
    outcome: finished[0]?.outcome as th.DkgOutcome,
    shares: finished.map((f) => f.share),
    seeds: finished.map((f) => f.seeds),
    complaints,
  };
}
