import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import { Registry } from './storage.js';
import { type AttestationSettings, CONFIDENCE } from './types.js';

const fail = palletErrors('Registry');

/** Checks settings from a call or a genesis config. */
export function checkAttestationSettings(settings: AttestationSettings): void {
  const level = settings.maxConfidenceLevel;
  if (level < CONFIDENCE.best || level > CONFIDENCE.worst) {
    throw fail('InvalidSettings', `maxConfidenceLevel must be within ${CONFIDENCE.best} (best) .. ${CONFIDENCE.worst} (worst)`);
  }
  const distinct = new Set(settings.simSigners.map((key) => Buffer.from(key).toString('hex')));
  if (distinct.size !== settings.simSigners.length) throw fail('InvalidSettings', 'simSigners lists a key twice');
}

export function setAttestationSettings(ctx: CallContext, args: { settings: AttestationSettings }): void {
  ensureRoot(ctx.origin);
  checkAttestationSettings(args.settings);
  Registry.AttestationSettings.set(ctx.state, args.settings);
  ctx.emit({ tag: 'Registry', value: { tag: 'AttestationSettingsChanged', value: args.settings } });
}
