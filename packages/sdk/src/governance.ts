import { fromHex } from '@phalanx/crypto';
import {
  Council,
  type CouncilCall,
  Democracy,
  type DemocracyCall,
  type DemocracyParams,
  type ExternalProposal,
  type FastTrackTarget,
  type Motion,
  type PublicProposal,
  type ReferendumInfo,
  type RuntimeCall,
  type SpendProposal,
  Treasury,
  type TreasuryParams,
  type Voter,
} from '@phalanx/runtime';
import { accountId, type PhalanxClient } from './client.js';

const democracy = (value: DemocracyCall): RuntimeCall => ({ tag: 'Democracy', value });
const council = (value: CouncilCall): RuntimeCall => ({ tag: 'Council', value });
const treasury = (value: Extract<RuntimeCall, { tag: 'Treasury' }>['value']): RuntimeCall => ({ tag: 'Treasury', value });
const accounts = (list: readonly (string | Uint8Array)[]) => list.map((who) => accountId(who));

/**
 * Democracy's calls, for `client.signAndSubmit` (public ones) or inside a council motion
 * (`fastTrack`, `cancelReferendum`, `externalPropose` need the council ≥ 2/3, or root).
 */
export const democracyCalls = {
  /** A public proposal of `call`, holding `deposit` (at least the chain's MinimumDeposit). */
  propose: (call: RuntimeCall, deposit: bigint) => democracy({ tag: 'propose', value: { call, deposit } }),
  second: (proposal: number) => democracy({ tag: 'second', value: { proposal } }),
  /** Holds `balance` behind the vote; conviction 0..6 multiplies it (0: ×0.1) and lengthens the lock. */
  vote: (referendum: number, aye: boolean, balance: bigint, conviction = 0) =>
    democracy({ tag: 'vote', value: { referendum, aye, balance, conviction } }),
  removeVote: (referendum: number) => democracy({ tag: 'removeVote', value: { referendum } }),
  unlock: () => democracy({ tag: 'unlock', value: null }),
  /** Root. */
  setParams: (params: DemocracyParams) => democracy({ tag: 'setParams', value: { params } }),
  /** Council: a referendum now (or a running one sooner), voting `votingPeriod` blocks. */
  fastTrack: (target: FastTrackTarget, votingPeriod: number) => democracy({ tag: 'fastTrack', value: { target, votingPeriod } }),
  /** Council: ends a running referendum unapproved. */
  cancelReferendum: (referendum: number) => democracy({ tag: 'cancelReferendum', value: { referendum } }),
  /** Council: a simple-majority referendum on `call` at the next external launch. */
  externalPropose: (call: RuntimeCall) => democracy({ tag: 'externalPropose', value: { call } }),
};

/** The council's calls: motions by members, candidacies and election votes by anyone. */
export const councilCalls = {
  /** A member proposes `call`, dispatched with the council origin once `threshold` members vote aye. */
  propose: (threshold: number, call: RuntimeCall) => council({ tag: 'propose', value: { threshold, call } }),
  vote: (motion: number, aye: boolean) => council({ tag: 'vote', value: { motion, aye } }),
  /** Anyone: dispatches an approved motion, drops one that failed or expired. */
  close: (motion: number) => council({ tag: 'close', value: { motion } }),
  submitCandidacy: () => council({ tag: 'submitCandidacy', value: null }),
  renounceCandidacy: () => council({ tag: 'renounceCandidacy', value: null }),
  /** Backs up to 16 candidates (or members) with `stake`, held until `removeVoter`. */
  voteCandidates: (votes: readonly (string | Uint8Array)[], stake: bigint) =>
    council({ tag: 'voteCandidates', value: { votes: accounts(votes), stake } }),
  removeVoter: () => council({ tag: 'removeVoter', value: null }),
};

/** The treasury's calls (`approveSpend` / `rejectSpend` need the council ≥ 3/5, or root). */
export const treasuryCalls = {
  proposeSpend: (value: bigint, beneficiary: string | Uint8Array) =>
    treasury({ tag: 'proposeSpend', value: { value, beneficiary: accountId(beneficiary) } }),
  approveSpend: (id: number) => treasury({ tag: 'approveSpend', value: { id } }),
  rejectSpend: (id: number) => treasury({ tag: 'rejectSpend', value: { id } }),
  /** Root. */
  setParams: (params: TreasuryParams) => treasury({ tag: 'setParams', value: { params } }),
};

/** What the read helpers need of a client (a `PhalanxClient`, or a stand-in in tests). */
export type StateSource = Pick<PhalanxClient, 'storage' | 'statePairs'>;

type Readable<V> = { get(state: { get(key: Uint8Array): Uint8Array | undefined }): V | undefined; key: Uint8Array };
type ReadableMap<K, V> = {
  keyOf(k: K): Uint8Array;
  get(state: { get(key: Uint8Array): Uint8Array | undefined }, k: K): V | undefined;
};

async function value<V>(source: StateSource, item: Readable<V>): Promise<V | undefined> {
  const raw = await source.storage(item.key);
  return item.get({ get: () => raw });
}

async function entry<K, V>(source: StateSource, map: ReadableMap<K, V>, key: K): Promise<V | undefined> {
  const raw = await source.storage(map.keyOf(key));
  return map.get({ get: () => raw }, key);
}

/** Public proposals waiting for a launch, oldest first, and the council's external proposal. */
export async function democracyProposals(
  source: StateSource,
): Promise<{ public: PublicProposal[]; external: ExternalProposal | undefined }> {
  const [props, external] = await Promise.all([value(source, Democracy.PublicProps), value(source, Democracy.NextExternal)]);
  return { public: props ?? [], external };
}

/** A referendum (ongoing with its tally and end, finished, or cancelled), or undefined. */
export function referendum(source: StateSource, index: number): Promise<ReferendumInfo | undefined> {
  return entry(source, Democracy.ReferendumInfoOf, index);
}

/** The running referenda with their tallies, by index. */
export async function ongoingReferenda(
  source: StateSource,
): Promise<{ index: number; info: Extract<ReferendumInfo, { tag: 'Ongoing' }>['value'] }[]> {
  const running = (await value(source, Democracy.Ongoing)) ?? [];
  const infos = await Promise.all(running.map((index) => referendum(source, index)));
  return running.flatMap((index, i) => {
    const info = infos[i];
    return info?.tag === 'Ongoing' ? [{ index, info: info.value }] : [];
  });
}

/** The council members, in seat order. */
export async function councilMembers(source: StateSource): Promise<Uint8Array[]> {
  return (await value(source, Council.Members)) ?? [];
}

/** The open motions, oldest first. */
export async function councilMotions(source: StateSource): Promise<{ index: number; motion: Motion }[]> {
  const active = (await value(source, Council.Active)) ?? [];
  const motions = await Promise.all(active.map((index) => entry(source, Council.Motions, index)));
  return active.flatMap((index, i) => {
    const motion = motions[i];
    return motion === undefined ? [] : [{ index, motion }];
  });
}

/** The next election's candidates (besides the members, who stand again) and a voter's votes. */
export async function councilCandidates(source: StateSource): Promise<Uint8Array[]> {
  return (await value(source, Council.Candidates)) ?? [];
}

export function councilVoter(source: StateSource, who: string | Uint8Array): Promise<Voter | undefined> {
  return entry(source, Council.Voting, accountId(who));
}

/** What the treasury holds (a number in state, not an account). */
export async function treasuryPot(source: StateSource): Promise<bigint> {
  return (await value(source, Treasury.Pot)) ?? 0n;
}

/** Every spend proposal not yet paid or rejected, by id, and whether it is approved (queued for payment). */
export async function treasurySpends(source: StateSource): Promise<{ id: number; spend: SpendProposal; approved: boolean }[]> {
  const approvals = new Set((await value(source, Treasury.Approvals)) ?? []);
  const spends: { id: number; spend: SpendProposal; approved: boolean }[] = [];
  for await (const [key, raw] of source.statePairs({ prefix: Treasury.Proposals.prefix })) {
    const id = Treasury.Proposals.mapKeyOf(fromHex(key));
    const spend = Treasury.Proposals.get({ get: () => fromHex(raw) }, id);
    if (spend !== undefined) spends.push({ id, spend, approved: approvals.has(id) });
  }
  return spends.sort((a, b) => a.id - b.id);
}
