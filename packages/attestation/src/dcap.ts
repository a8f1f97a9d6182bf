import dcapQvl from '@phala/dcap-qvl';
import { assertBytes, assertMaxLength, PhalanxError } from '@phalanx/errors';
import { confidenceOf } from './confidence.js';
import { sgxMeasurement, tdxMeasurement } from './measurement.js';

export const MAX_QUOTE_BYTES = 16 * 1024;
export const MAX_COLLATERAL_BYTES = 64 * 1024;

/** What a verified quote says about the enclave (all from the quote, checked against Intel's chain). */
export interface AttestationReport {
  readonly tee: 'sgx' | 'tdx';
  /** Intel's TCB status of the platform, e.g. "UpToDate". */
  readonly status: string;
  readonly advisories: readonly string[];
  /** The 32-byte measurement compared with the on-chain allow-list (see measurement.ts). */
  readonly measurement: Uint8Array;
  /** The 64 bytes the enclave bound into the quote (Phalanx: blake2_256(SCALE(WorkerInfo)) ‖ zeros). */
  readonly reportData: Uint8Array;
  readonly confidenceLevel: number;
}

const COLLATERAL_FIELDS = [
  'pck_crl_issuer_chain',
  'root_ca_crl',
  'pck_crl',
  'tcb_info_issuer_chain',
  'tcb_info',
  'tcb_info_signature',
  'qe_identity_issuer_chain',
  'qe_identity',
  'qe_identity_signature',
] as const;

/** Parses collateral JSON (as Intel's PCCS serves it) and checks it has every field, all strings. */
export function parseCollateral(json: Uint8Array | string): Record<(typeof COLLATERAL_FIELDS)[number], string> {
  const text = typeof json === 'string' ? json : Buffer.from(json).toString('utf8');
  assertMaxLength(text, 'collateral', MAX_COLLATERAL_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PhalanxError('ATTESTATION_INVALID', 'collateral is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new PhalanxError('ATTESTATION_INVALID', 'collateral must be a JSON object');
  const record = parsed as Record<string, unknown>;
  for (const field of COLLATERAL_FIELDS) {
    if (typeof record[field] !== 'string')
      throw new PhalanxError('ATTESTATION_INVALID', `collateral field ${field} is missing or not a string`);
  }
  return record as Record<(typeof COLLATERAL_FIELDS)[number], string>;
}

/**
 * Verifies an Intel DCAP quote (SGX v3 or TDX v4) offline against its collateral at `atSeconds`
 * (a chain passes its block's timestamp, never the wall clock): certificate chains to Intel's root,
 * CRLs, TCB info and QE identity signatures and validity windows, and the quote's signature over
 * its report body. Fails with ATTESTATION_INVALID saying why (expired, tampered, revoked…).
 */
export function verifyDcapQuote(quote: Uint8Array, collateral: Uint8Array | string, atSeconds: number): AttestationReport {
  assertBytes(quote, 'quote');
  assertMaxLength(quote, 'quote', MAX_QUOTE_BYTES);
  if (!Number.isSafeInteger(atSeconds) || atSeconds < 0)
    throw new PhalanxError('INVALID_INPUT', 'atSeconds must be a non-negative integer (unix seconds)');
  const parsed = parseCollateral(collateral);
  let verified: { status: string; advisory_ids: string[]; report: { type: string; data: Record<string, unknown> } };
  try {
    verified = dcapQvl.verify(Buffer.from(quote), parsed, atSeconds) as unknown as typeof verified;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'verification failed';
    throw new PhalanxError('ATTESTATION_INVALID', `quote does not verify at ${atSeconds}: ${reason}`, { cause });
  }
  const confidenceLevel = confidenceOf(verified.status);
  if (confidenceLevel === undefined) {
    throw new PhalanxError('ATTESTATION_INVALID', `platform TCB status "${verified.status}" is not accepted`, {
      details: { status: verified.status },
    });
  }
  const data = verified.report.data;
  const bytes = (name: string): Uint8Array => {
    const value = data[name];
    if (!(value instanceof Uint8Array)) throw new PhalanxError('ATTESTATION_INVALID', `quote report has no ${name}`);
    return new Uint8Array(value);
  };
  const advisories = [...verified.advisory_ids].sort();
  if (verified.report.type === 'sgx') {
    const measurement = sgxMeasurement({
      mrEnclave: bytes('mrEnclave'),
      mrSigner: bytes('mrSigner'),
      isvProdId: Number(data.isvProdId),
      isvSvn: Number(data.isvSvn),
    });
    return { tee: 'sgx', status: verified.status, advisories, measurement, reportData: bytes('reportData'), confidenceLevel };
  }
  if (verified.report.type === 'td10' || verified.report.type === 'td15') {
    const measurement = tdxMeasurement({
      mrTd: bytes('mrTd'),
      rtMr0: bytes('rtMr0'),
      rtMr1: bytes('rtMr1'),
      rtMr2: bytes('rtMr2'),
      rtMr3: bytes('rtMr3'),
    });
    return { tee: 'tdx', status: verified.status, advisories, measurement, reportData: bytes('reportData'), confidenceLevel };
  }
  throw new PhalanxError('ATTESTATION_INVALID', `unsupported quote report type ${verified.report.type}`);
}
