import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { checkGatekeeperRequirements } from '../registry/register-gatekeeper.js';
import { Registry } from '../registry/storage.js';
import { fail, loadLedger, stakingParams } from './ledger.js';
import { removeNomination } from './nominator-list.js';
import { removeValidatorCandidate } from './roles.js';
import { Staking } from './storage.js';
import { STAKING_LIMITS } from './types.js';

/**
 * Gatekeeper candidacy with a registered worker the caller operates, which must meet the
 * gatekeeper requirements (checked again when elected). Needs `minValidatorBond` active, like a
 * validator candidacy; replaces the caller's nomination or validator candidacy.
 */
export function candidateGatekeeper(ctx: CallContext, args: { identity: Uint8Array }): void {
  const who = ensureSigned(ctx.origin);
  const ledger = loadLedger(ctx.state, who);
  const min = stakingParams(ctx.state).minValidatorBond;
  if (ledger.active < min) throw fail('InsufficientBond', `a gatekeeper candidate needs at least ${min} active bond`);
  const worker = Registry.Workers.get(ctx.state, args.identity);
  if (worker === undefined) throw fail('WorkerNotFound', 'no worker is registered with this identity key');
  if (!equalBytes(worker.operator, who)) throw fail('NotOperator', 'the worker is operated by another account');
  checkGatekeeperRequirements(ctx.state, worker);
  const owner = Staking.IdentityOwner.get(ctx.state, args.identity);
  if (owner !== undefined && !equalBytes(owner, who)) throw fail('IdentityInUse', 'another candidate put this worker forward');
  const previous = Staking.Gatekeepers.get(ctx.state, who);
  const list = Staking.GatekeeperList.getOr(ctx.state, []);
  if (previous === undefined && list.length >= STAKING_LIMITS.maxGatekeeperCandidates) {
    throw fail('TooManyCandidates', `at most ${STAKING_LIMITS.maxGatekeeperCandidates} gatekeeper candidates`);
  }
  removeNomination(ctx.state, who);
  removeValidatorCandidate(ctx.state, who);
  if (previous === undefined) Staking.GatekeeperList.set(ctx.state, [...list, who]);
  else Staking.IdentityOwner.remove(ctx.state, previous);
  Staking.Gatekeepers.set(ctx.state, who, args.identity);
  Staking.IdentityOwner.set(ctx.state, args.identity, who);
  ctx.emit({ tag: 'Staking', value: { tag: 'GatekeeperCandidate', value: { who, identity: args.identity } } });
}
