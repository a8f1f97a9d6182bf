import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Registry } from './storage.js';

const fail = palletErrors('Registry');

/** Stops new registrations with this measurement; workers already registered with it stay. */
export function removeMeasurement(ctx: CallContext, args: { measurement: Uint8Array }): void {
  ensureRoot(ctx.origin);
  const list = Registry.Measurements.getOr(ctx.state, []);
  const kept = list.filter((m) => !equalBytes(m, args.measurement));
  if (kept.length === list.length) throw fail('MeasurementNotFound', 'this measurement is not on the allow-list');
  Registry.Measurements.set(ctx.state, kept);
  ctx.emit({ tag: 'Registry', value: { tag: 'MeasurementRemoved', value: { measurement: args.measurement } } });
}
