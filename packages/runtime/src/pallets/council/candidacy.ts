import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { hold, releaseHold } from '../balances/currency.js';
import { changeMembers } from './membership.js';
import { fail } from './params.js';
import { Council, councilParams, includesAccount, membersOf, sameAccount } from './storage.js';
import { COUNCIL_LIMITS } from './types.js';

/** Refuses election calls on a chain without elections (their holds would never be decided). */
export function ensureElections(ctx: Pick<CallContext, 'state'>): void {
  if (councilParams(ctx.state).termDuration === 0) {
    throw fail('ElectionsDisabled', 'this chain elects no council (termDuration is 0): the genesis members stay');
  }
}

/**
 * Stands for the next election (pallet-elections-phragmen's `submit_candidacy`), holding the
 * candidacy bond. Members stand again without submitting.
 */
export function submitCandidacy(ctx: CallContext): void {
  const who = ensureSigned(ctx.origin);
  ensureElections(ctx);
  if (includesAccount(membersOf(ctx.state), who)) throw fail('MemberSubmit', 'a member stands in the next election already');
  const candidates = Council.Candidates.getOr(ctx.state, []);
  if (includesAccount(candidates, who)) throw fail('DuplicateCandidate', 'this account is a candidate already');
  if (candidates.length >= COUNCIL_LIMITS.maxCandidates) {
    throw fail('TooManyCandidates', `at most ${COUNCIL_LIMITS.maxCandidates} candidates stand at once`);
  }
  const bond = councilParams(ctx.state).candidacyBond;
  hold(ctx, who, bond);
  if (bond > 0n) Council.Bonds.set(ctx.state, who, bond);
  Council.Candidates.set(ctx.state, [...candidates, who]);
  ctx.emit({ tag: 'Council', value: { tag: 'CandidacySubmitted', value: { who, bond } } });
}

/**
 * Withdraws a candidacy, or a member's seat (which is left at once: the seat stays empty until the
 * next election); the bond is returned either way.
 */
export function renounceCandidacy(ctx: CallContext): void {
  const who = ensureSigned(ctx.origin);
  const members = membersOf(ctx.state);
  const candidates = Council.Candidates.getOr(ctx.state, []);
  const wasMember = includesAccount(members, who);
  if (!wasMember && !includesAccount(candidates, who))
    throw fail('NotCandidate', 'this account is neither a candidate nor a member');
  if (wasMember)
    changeMembers(
      ctx.state,
      members.filter((x) => !sameAccount(x, who)),
    );
  else {
    const rest = candidates.filter((x) => !sameAccount(x, who));
    if (rest.length === 0) Council.Candidates.remove(ctx.state);
    else Council.Candidates.set(ctx.state, rest);
  }
  const bond = Council.Bonds.get(ctx.state, who) ?? 0n;
  if (bond > 0n) {
    releaseHold(ctx, who, bond);
    Council.Bonds.remove(ctx.state, who);
  }
  ctx.emit({ tag: 'Council', value: { tag: 'Renounced', value: { who, wasMember } } });
}
