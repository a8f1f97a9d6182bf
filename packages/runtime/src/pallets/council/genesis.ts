import { assertBytes, PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { councilParamsProblem } from './params.js';
import { Council, includesAccount } from './storage.js';
import { COUNCIL_LIMITS, type CouncilParams, DEFAULT_COUNCIL_PARAMS } from './types.js';

/** The council at genesis: seeded members (no bonds) and parameters (unset: the dev defaults). */
export interface CouncilGenesisConfig {
  readonly members: readonly Uint8Array[];
  readonly params?: Partial<CouncilParams>;
}

export function buildCouncilGenesis(state: Overlay, config?: CouncilGenesisConfig): void {
  if (config === undefined) return;
  if (!Array.isArray(config.members) || config.members.length > COUNCIL_LIMITS.maxMembers) {
    throw new PhalanxError('INVALID_INPUT', `genesis council.members must list at most ${COUNCIL_LIMITS.maxMembers} accounts`);
  }
  const members: Uint8Array[] = [];
  for (const [i, who] of config.members.entries()) {
    assertBytes(who, `council.members[${i}]`, 32);
    if (includesAccount(members, who)) throw new PhalanxError('INVALID_INPUT', `genesis council.members[${i}] is listed twice`);
    members.push(who);
  }
  if (config.params !== undefined) {
    const params = { ...DEFAULT_COUNCIL_PARAMS, ...config.params };
    const problem = councilParamsProblem(params);
    if (problem !== undefined) throw new PhalanxError('INVALID_INPUT', `genesis council.params: ${problem}`);
    Council.Params.set(state, params);
  }
  if (members.length > 0) Council.Members.set(state, members);
}
