import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Registry } from './storage.js';
import { REGISTRY_LIMITS } from './types.js';

const fail = palletErrors('Registry');

export function addMeasurement(ctx: CallContext, args: { measurement: Uint8Array }): void {
  ensureRoot(ctx.origin);
  const list = Registry.Measurements.getOr(ctx.state, []);
  if (list.some((m) => equalBytes(m, args.measurement))) throw fail('MeasurementExists', 'this measurement is already allowed');
  if (list.length >= REGISTRY_LIMITS.maxMeasurements) {
    throw fail('TooManyMeasurements', `the allow-list holds at most ${REGISTRY_LIMITS.maxMeasurements} measurements`);
  }
  Registry.Measurements.set(ctx.state, [...list, args.measurement]);
  ctx.emit({ tag: 'Registry', value: { tag: 'MeasurementAdded', value: { measurement: args.measurement } } });
}
