import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { Registry } from './storage.js';
import { CONFIDENCE, DEFAULT_ATTESTATION_SETTINGS, REGISTRY_LIMITS, type WorkerRecord } from './types.js';

const fail = palletErrors('Registry');

/**
 * Makes a registered worker a gatekeeper. Gatekeepers hold the MasterKey, so spec 001 wants
 * confidence level 1 or 2; a simulated worker qualifies only while the chain accepts simulators.
 */
export function registerGatekeeper(ctx: CallContext, args: { identity: Uint8Array }): void {
  ensureRoot(ctx.origin);
  const worker = Registry.Workers.get(ctx.state, args.identity);
  if (worker === undefined) throw fail('WorkerNotFound', 'no worker is registered with this identity key');
  const gatekeepers = Registry.Gatekeepers.getOr(ctx.state, []);
  if (gatekeepers.some((key) => equalBytes(key, args.identity)))
    throw fail('AlreadyGatekeeper', 'this worker is already a gatekeeper');
  if (gatekeepers.length >= REGISTRY_LIMITS.maxGatekeepers) {
    throw fail('TooManyGatekeepers', `at most ${REGISTRY_LIMITS.maxGatekeepers} gatekeepers`);
  }
  checkGatekeeperRequirements(ctx.state, worker);
  Registry.Gatekeepers.set(ctx.state, [...gatekeepers, args.identity]);
  ctx.emit({ tag: 'Registry', value: { tag: 'GatekeeperRegistered', value: { identity: args.identity } } });
}

/**
 * What a worker needs to be a gatekeeper (root registration and staking elections alike): a real
 * TEE at confidence level 1 or 2, or a simulator on a chain that accepts simulators. Throws the
 * `Registry` error that says which requirement fails.
 */
export function checkGatekeeperRequirements(state: StateReader, worker: WorkerRecord): void {
  if (worker.tee.tag === 'Sim') {
    if (!Registry.AttestationSettings.getOr(state, DEFAULT_ATTESTATION_SETTINGS).allowSim) {
      throw fail('SimNotAllowed', 'a simulated worker can be a gatekeeper only on a chain that accepts simulators');
    }
  } else if (worker.confidenceLevel > CONFIDENCE.maxForGatekeeper) {
    throw fail('ConfidenceTooLow', `a gatekeeper needs confidence level ${CONFIDENCE.maxForGatekeeper} or better (1 is best)`);
  }
}

export function isGatekeeper(state: StateReader, identity: Uint8Array): boolean {
  return Registry.Gatekeepers.getOr(state, []).some((key) => equalBytes(key, identity));
}
