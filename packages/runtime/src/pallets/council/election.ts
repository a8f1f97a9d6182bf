import { fromHex, toHex } from '@phalanx/crypto';
import type { HookScope } from '../../dispatch/call-context.js';
import { seqPhragmen } from '../../npos/seq-phragmen.js';
import { releaseHold } from '../balances/currency.js';
import { Balances } from '../balances/storage.js';
import { forfeitToTreasury } from '../treasury/pot.js';
import { changeMembers } from './membership.js';
import { Council, councilParams, includesAccount, membersOf } from './storage.js';

/** Block initialisation: a council election at every `TermDuration`-th block (none while it is 0). */
export function initializeCouncil(ctx: HookScope): void {
  const { termDuration, desiredMembers } = councilParams(ctx.state);
  if (termDuration === 0 || ctx.block.number % termDuration !== 0) return;
  elect(ctx, desiredMembers);
}

/**
 * pallet-elections-phragmen's `do_phragmen`: the members and the candidates stand (members first,
 * so a tie keeps a sitting member), every voter's held stake backs its approved candidates, and
 * sequential Phragmén elects up to `desiredMembers`; winners nobody backs are left out. The
 * winners are seated in election order; members who lost get their bond back, candidates who lost
 * forfeit theirs to the treasury (what keeps candidacies from being free spam), winners keep
 * theirs held while they sit. When nobody is backed at all, the term is empty: members and
 * candidates stay as they are.
 */
export function elect(ctx: HookScope, desiredMembers: number): void {
  const members = membersOf(ctx.state);
  const candidates = Council.Candidates.getOr(ctx.state, []).filter((who) => !includesAccount(members, who));
  const standing = [...members, ...candidates];
  if (standing.length === 0) return;
  const voters = Council.Voters.getOr(ctx.state, []).flatMap((who) => {
    const voting = Council.Voting.get(ctx.state, who);
    return voting === undefined ? [] : [{ id: toHex(who), stake: voting.stake, targets: voting.votes.map((v) => toHex(v)) }];
  });
  const result = seqPhragmen(
    desiredMembers,
    standing.map((who) => toHex(who)),
    voters,
  );
  const winners = result.winners.filter((w) => w.backing > 0n).map((w) => fromHex(w.id));
  if (winners.length === 0) {
    ctx.emit({ tag: 'Council', value: { tag: 'EmptyTerm', value: null } });
    return;
  }
  for (const who of members) if (!includesAccount(winners, who)) returnBond(ctx, who);
  for (const who of candidates) {
    if (includesAccount(winners, who)) continue;
    const amount = bondHeld(ctx, who);
    Council.Bonds.remove(ctx.state, who);
    if (amount === 0n) continue;
    forfeitToTreasury(ctx, who, amount);
    ctx.emit({ tag: 'Council', value: { tag: 'CandidateSlashed', value: { who, amount } } });
  }
  Council.Candidates.remove(ctx.state);
  changeMembers(ctx.state, winners);
  ctx.emit({ tag: 'Council', value: { tag: 'NewTerm', value: { members: winners } } });
}

/** The bond recorded for `who`, no more than is held of it (a hook must never fail). */
function bondHeld(ctx: HookScope, who: Uint8Array): bigint {
  const bond = Council.Bonds.get(ctx.state, who) ?? 0n;
  const held = Balances.Held.get(ctx.state, who) ?? 0n;
  return bond < held ? bond : held;
}

function returnBond(ctx: HookScope, who: Uint8Array): void {
  const amount = bondHeld(ctx, who);
  Council.Bonds.remove(ctx.state, who);
  if (amount > 0n) releaseHold(ctx, who, amount);
}
