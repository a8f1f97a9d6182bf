import { equalBytes } from '@phalanx/crypto';
import { type WorkerInfo, workerReportData } from '@phalanx/primitives';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { verifyAttestation } from './attestation.js';
import { Registry } from './storage.js';
import { type Attestation, DEFAULT_ATTESTATION_SETTINGS, REGISTRY_LIMITS } from './types.js';

const fail = palletErrors('Registry');

/**
 * Registers the worker described by `info`, proven by `attestation`; the signer becomes its
 * operator. Re-registering a known identity (new endpoints, version, attestation) must come from
 * the same operator and emits `WorkerUpdated`.
 */
export function registerWorker(ctx: CallContext, args: { info: WorkerInfo; attestation: Attestation }): void {
  const operator = ensureSigned(ctx.origin);
  const { info } = args;
  if (info.operator !== undefined && !equalBytes(info.operator, operator)) {
    throw fail('OperatorMismatch', 'the worker names another account as its operator than the one signing');
  }
  const existing = Registry.Workers.get(ctx.state, info.identityPubkey);
  if (existing !== undefined && !equalBytes(existing.operator, operator)) {
    throw fail('NotOperator', 'this worker is registered by another operator; only it may re-register the worker');
  }

  const settings = Registry.AttestationSettings.getOr(ctx.state, DEFAULT_ATTESTATION_SETTINGS);
  const report = verifyAttestation(args.attestation, settings, ctx.block.timestamp);
  const allowed = Registry.Measurements.getOr(ctx.state, []);
  if (!allowed.some((measurement) => equalBytes(measurement, report.measurement))) {
    throw fail('MeasurementNotAllowed', 'the enclave measurement is not on the allow-list');
  }
  if (!equalBytes(report.reportData, workerReportData(info))) {
    throw fail('ReportDataMismatch', 'the attestation report data is not the hash of this WorkerInfo');
  }
  if (report.confidenceLevel > settings.maxConfidenceLevel) {
    throw fail(
      'ConfidenceTooLow',
      `confidence level ${report.confidenceLevel} is worse than the accepted maximum ${settings.maxConfidenceLevel} (1 is best)`,
    );
  }

  const now = ctx.block.number;
  const { tee, measurement, confidenceLevel } = report;
  if (existing === undefined) {
    const ids = Registry.WorkerIds.getOr(ctx.state, []);
    if (ids.length >= REGISTRY_LIMITS.maxWorkers)
      throw fail('TooManyWorkers', `at most ${REGISTRY_LIMITS.maxWorkers} workers can register`);
    Registry.WorkerIds.set(ctx.state, [...ids, info.identityPubkey]);
  }
  Registry.Workers.set(ctx.state, info.identityPubkey, {
    info,
    operator,
    tee,
    measurement,
    confidenceLevel,
    registeredAt: existing?.registeredAt ?? now,
    lastHeartbeat: now,
    online: true,
  });
  const event = { identity: info.identityPubkey, operator, confidenceLevel, tee };
  ctx.emit({
    tag: 'Registry',
    value: existing === undefined ? { tag: 'WorkerRegistered', value: event } : { tag: 'WorkerUpdated', value: event },
  });
  // Registration counts as a heartbeat: an offline worker re-registering is online again.
  if (existing !== undefined && !existing.online) {
    ctx.emit({ tag: 'Registry', value: { tag: 'WorkerOnline', value: { identity: info.identityPubkey } } });
  }
}
