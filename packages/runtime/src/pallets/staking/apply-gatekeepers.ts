import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { DispatchError } from '../../dispatch/error.js';
import type { StateReader } from '../../state/overlay.js';
import { checkGatekeeperRequirements } from '../registry/register-gatekeeper.js';
import { Registry } from '../registry/storage.js';
import { REGISTRY_LIMITS } from '../registry/types.js';
import { Staking } from './storage.js';

type Ctx = Pick<CallContext, 'state' | 'emit'>;

/**
 * Gatekeeper candidates that may be elected now: their worker is still registered, still
 * operated by the candidate, and meets the registry's gatekeeper requirements (the same check as
 * `registry.registerGatekeeper`).
 */
export function eligibleGatekeepers(state: StateReader): Uint8Array[] {
  return Staking.GatekeeperList.getOr(state, []).filter((who) => {
    const identity = Staking.Gatekeepers.get(state, who);
    const worker = identity === undefined ? undefined : Registry.Workers.get(state, identity);
    if (worker === undefined || !equalBytes(worker.operator, who)) return false;
    try {
      checkGatekeeperRequirements(state, worker);
      return true;
    } catch (error) {
      if (error instanceof DispatchError) return false;
      throw error;
    }
  });
}

/**
 * `Registry.Gatekeepers` becomes the elected identities: those already listed keep their place,
 * new ones are appended (`GatekeeperRegistered`), the rest stop being listed. Two guards keep the
 * MasterKey alive: an empty election changes nothing (a chain that had gatekeepers never ends with
 * none), and when no listed gatekeeper is elected again the first listed one stays one more era —
 * the MasterKey only travels from a listed holder to listed gatekeepers (pRuntime gatekeeper duty),
 * so replacing every holder at once would leave the new ones without it.
 */
export function applyGatekeeperSet(ctx: Ctx, identities: readonly Uint8Array[]): void {
  if (identities.length === 0) return;
  const current = Registry.Gatekeepers.getOr(ctx.state, []);
  const kept = current.filter((key) => identities.some((id) => equalBytes(id, key)));
  const holdover = kept.length === 0 ? current.slice(0, 1) : [];
  const added = identities.filter((id) => !kept.some((key) => equalBytes(key, id)));
  const next = [...kept, ...holdover, ...added].slice(0, REGISTRY_LIMITS.maxGatekeepers);
  Registry.Gatekeepers.set(ctx.state, next);
  for (const identity of added.slice(0, next.length - kept.length - holdover.length)) {
    ctx.emit({ tag: 'Registry', value: { tag: 'GatekeeperRegistered', value: { identity } } });
  }
}
