import { decode } from '@phalanx/scale';
import { RuntimeCall } from '../../call.js';
import { dispatchFromHook, type HookScope } from '../../dispatch/call-context.js';
import { dispatchErrorRecord } from '../../dispatch/error.js';
import { Balances } from '../balances/storage.js';
import { roomForReferendum, tableExternal, tablePublic } from './start.js';
import { Democracy, paramsOf } from './storage.js';
import { approved } from './threshold.js';
import { DEMOCRACY_LIMITS, type PublicProposal } from './types.js';

/**
 * Democracy's block initialisation, in this order: launch (every LaunchPeriod blocks), tally the
 * referenda ending here, dispatch the calls enacted here.
 */
export function initializeDemocracy(ctx: HookScope): void {
  const params = paramsOf(ctx.state);
  const now = ctx.block.number;
  if (now % params.launchPeriod === 0) launch(ctx, now + params.votingPeriod);
  tally(ctx, params.enactmentPeriod);
  enact(ctx);
}

const backing = (p: PublicProposal) => p.deposit * BigInt(1 + p.seconders.length);

/**
 * A launch tables one proposal, alternating (as Substrate) between the council's external proposal
 * and the best-backed public one (ties: the oldest), falling back to the other when one is missing.
 */
function launch(ctx: HookScope, end: number): void {
  // A full set of running referenda waits: the proposals keep their place and deposits.
  if (!roomForReferendum(ctx)) return;
  const lastExternal = Democracy.LastTabledWasExternal.getOr(ctx.state, false);
  let external: boolean;
  if (lastExternal) {
    if (launchPublic(ctx, end)) external = false;
    else if (tableExternal(ctx, end) !== undefined) external = true;
    else return;
  } else if (tableExternal(ctx, end) !== undefined) external = true;
  else if (launchPublic(ctx, end)) external = false;
  else return;
  if (external !== lastExternal) Democracy.LastTabledWasExternal.set(ctx.state, external);
}

/** Tables the best-backed public proposal; false when none waits. */
function launchPublic(ctx: HookScope, end: number): boolean {
  const props = Democracy.PublicProps.getOr(ctx.state, []);
  if (props.length === 0) return false;
  let best = props[0] as PublicProposal;
  for (const p of props) if (backing(p) > backing(best)) best = p; // strict: the oldest keeps a tie
  tablePublic(ctx, best, end);
  return true;
}

/** Referenda ending at this block: passed ones are scheduled `enactmentPeriod` blocks later. */
function tally(ctx: HookScope, enactmentPeriod: number): void {
  const now = ctx.block.number;
  const running = Democracy.Ongoing.getOr(ctx.state, []);
  // The electorate is every unit that exists: stake-pool rewards mint and slashes burn, and it follows.
  const electorate = Balances.TotalIssuance.getOr(ctx.state, 0n);
  const still: number[] = [];
  for (const referendum of running) {
    const info = Democracy.ReferendumInfoOf.get(ctx.state, referendum);
    if (info?.tag !== 'Ongoing' || info.value.end > now) {
      if (info?.tag === 'Ongoing') still.push(referendum);
      continue;
    }
    const { tally, threshold, call } = info.value;
    const passed = approved(threshold, tally, electorate);
    Democracy.ReferendumInfoOf.set(ctx.state, referendum, { tag: 'Finished', value: { approved: passed, end: now } });
    if (passed) {
      // A block's agenda is bounded; when shortened enactment periods pile calls onto one block,
      // the later ones move to the next block with room (a hook must never fail).
      let enactAt = now + enactmentPeriod;
      while ((Democracy.Agenda.get(ctx.state, enactAt)?.length ?? 0) >= DEMOCRACY_LIMITS.maxOngoing) enactAt++;
      const agenda = Democracy.Agenda.get(ctx.state, enactAt) ?? [];
      Democracy.Agenda.set(ctx.state, enactAt, [...agenda, { referendum, call }]);
      ctx.emit({ tag: 'Democracy', value: { tag: 'Passed', value: { referendum, tally, enactAt } } });
    } else {
      ctx.emit({ tag: 'Democracy', value: { tag: 'NotPassed', value: { referendum, tally } } });
    }
  }
  if (still.length !== running.length) {
    if (still.length === 0) Democracy.Ongoing.remove(ctx.state);
    else Democracy.Ongoing.set(ctx.state, still);
  }
}

/**
 * Dispatches each call enacted at this block with Root, each in its own transaction: a failing
 * call reverts its own writes and events only and is reported in `Executed { error }`.
 */
function enact(ctx: HookScope): void {
  const agenda = Democracy.Agenda.get(ctx.state, ctx.block.number);
  if (agenda === undefined) return;
  Democracy.Agenda.remove(ctx.state, ctx.block.number);
  for (const { referendum, call } of agenda) {
    let error: ReturnType<typeof dispatchErrorRecord> | undefined;
    try {
      dispatchFromHook(ctx, { kind: 'root' }, decode(RuntimeCall, call));
    } catch (cause) {
      error = dispatchErrorRecord(cause);
    }
    ctx.emit({ tag: 'Democracy', value: { tag: 'Executed', value: { referendum, error } } });
  }
}
