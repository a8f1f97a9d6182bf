import { assertBytes } from '@phalanx/errors';
import type { Attestation } from '@phalanx/runtime';

/**
 * The TEE a pRuntime runs in (DESIGN §6). Every backend is used only through this interface and
 * passes one compliance suite (`test/tee-compliance.ts`):
 *
 * - `measurement()`: the 32-byte measurement of this enclave build, as the chain's allow-list
 *   holds it (same for every machine running the build; different for another build).
 * - `attest(reportData)`: an attestation binding exactly these 64 bytes (Phalanx puts
 *   `workerReportData(WorkerInfo)` there) to this measurement; the runtime registry's
 *   `Attestation` value, verified on chain by `verifyAttestation`.
 * - `sealingKey()`: 32 secret bytes bound to this machine AND this measurement, for `seal`/`unseal`:
 *   another machine or another build gets a different key, so it cannot open this one's files.
 *
 * Backends do no I/O themselves (pRuntime is enclave code): whatever they need from outside
 * (a machine secret, the dstack agent's transport, collateral, the time) is injected.
 */
export interface Tee {
  readonly kind: TeeBackendKind;
  /** True when the backend protects nothing (the simulator): never for real secrets. */
  readonly insecure: boolean;
  /** A warning to show in logs and status whenever an insecure backend is in use; null when secure. */
  readonly warning: string | null;
  /** 32 bytes (a fresh copy on each call). */
  measurement(): Promise<Uint8Array>;
  /** `reportData` must be 64 bytes (INVALID_INPUT otherwise). */
  attest(reportData: Uint8Array): Promise<Attestation>;
  /** 32 secret bytes (a fresh copy on each call: the caller may wipe it). */
  sealingKey(): Promise<Uint8Array>;
}

export type TeeBackendKind = 'sim' | 'dstack';

/** Sizes every backend keeps to. */
export const TEE_LENGTHS = { reportData: 64, measurement: 32, sealingKey: 32 } as const;

/** The boundary check of `Tee.attest`: a Uint8Array of exactly 64 bytes, else INVALID_INPUT. */
export function assertReportData(reportData: unknown): asserts reportData is Uint8Array {
  assertBytes(reportData, 'reportData', TEE_LENGTHS.reportData);
}
