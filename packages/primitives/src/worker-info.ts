import { blake2_256 } from '@phalanx/crypto';
import { encode, type Infer, option, str, struct, u32, vec } from '@phalanx/scale';
import { AccountId, PublicKey } from './common.js';
import { LIMITS } from './limits.js';

/** DESIGN §6: what a pRuntime states about itself; its hash is the attestation's report data. */
export const WorkerInfo = struct('WorkerInfo', {
  identityPubkey: PublicKey,
  ecdhPubkey: PublicKey,
  runtimeVersion: u32,
  endpoints: vec(str(LIMITS.endpointLength), LIMITS.workerEndpoints),
  features: vec(u32, LIMITS.workerFeatures, 4),
  operator: option(AccountId),
});
export type WorkerInfo = Infer<typeof WorkerInfo>;

/** `blake2_256(SCALE(WorkerInfo))` padded with zeros to the 64 bytes of a TEE report-data field. */
export function workerReportData(info: WorkerInfo): Uint8Array {
  const out = new Uint8Array(64);
  out.set(blake2_256(encode(WorkerInfo, info)), 0);
  return out;
}
