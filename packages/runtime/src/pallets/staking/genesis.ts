import { PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { hold } from '../balances/currency.js';
import { readAccount } from '../system/account.js';
import { targetsProblem } from './nominate.js';
import { setNomination } from './nominator-list.js';
import { Staking } from './storage.js';
import { DEFAULT_STAKING_PARAMS, type StakingParams, stakingParamsProblem } from './types.js';
import { setValidatorCandidate, validateProblem } from './validate.js';

/**
 * Genesis `staking`: parameters (over `DEFAULT_STAKING_PARAMS`) and optional initial bonds,
 * validator candidacies and nominations, checked as the calls check them. Gatekeeper candidacies
 * need registered workers, which genesis has none of: they come by call.
 */
export interface StakingGenesisConfig {
  readonly params?: Partial<StakingParams>;
  readonly bonds?: ReadonlyArray<{ readonly account: Uint8Array; readonly value: bigint }>;
  readonly validators?: ReadonlyArray<{
    readonly account: Uint8Array;
    readonly consensusKey: Uint8Array;
    readonly commission: number;
  }>;
  readonly nominators?: ReadonlyArray<{ readonly account: Uint8Array; readonly targets: readonly Uint8Array[] }>;
}

const invalid = (message: string) => new PhalanxError('INVALID_INPUT', `genesis staking: ${message}`);
const noEvents = () => {};

/** Writes staking's genesis; `genesisValidatorKeys` become the set the first election replaces. */
export function buildStakingGenesis(
  state: Overlay,
  config: StakingGenesisConfig,
  genesisValidatorKeys: readonly Uint8Array[],
): void {
  if (typeof config !== 'object' || config === null) throw invalid('must be an object');
  const params = { ...DEFAULT_STAKING_PARAMS, ...(config.params ?? {}) };
  const problem = stakingParamsProblem(params);
  if (problem !== undefined) throw invalid(problem);
  Staking.Params.set(state, params);
  const ctx = { state, emit: noEvents };
  for (const [i, { account, value }] of (config.bonds ?? []).entries()) {
    if (typeof value !== 'bigint' || value <= 0n) throw invalid(`bonds[${i}].value must be a positive bigint`);
    if (Staking.Ledger.has(state, account)) throw invalid(`bonds[${i}]: the account is bonded twice`);
    if (readAccount(state, account).free < value)
      throw invalid(`bonds[${i}]: the account's genesis balance is less than the bond`);
    hold(ctx, account, value);
    Staking.Ledger.set(state, account, { total: value, active: value, unlocking: [] });
  }
  for (const [i, v] of (config.validators ?? []).entries()) {
    const active = Staking.Ledger.get(state, v.account)?.active ?? 0n;
    if (active === 0n || active < params.minValidatorBond)
      throw invalid(`validators[${i}] needs a bond of at least minValidatorBond`);
    const error = validateProblem(state, v.account, v.consensusKey, v.commission);
    if (error !== undefined) throw invalid(`validators[${i}]: ${error.message}`);
    setValidatorCandidate(state, v.account, v.consensusKey, v.commission);
  }
  for (const [i, n] of (config.nominators ?? []).entries()) {
    const active = Staking.Ledger.get(state, n.account)?.active ?? 0n;
    if (active === 0n || active < params.minNominatorBond)
      throw invalid(`nominators[${i}] needs a bond of at least minNominatorBond`);
    const error = targetsProblem(state, n.targets);
    if (error !== undefined) throw invalid(`nominators[${i}]: ${error.message}`);
    setNomination(state, n.account, [...n.targets]);
  }
  Staking.ManagedKeys.set(state, [...genesisValidatorKeys]);
}
