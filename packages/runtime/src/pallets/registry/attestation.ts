import { verifyDcapQuote } from '@phalanx/attestation';
import { equalBytes, type Keypair, signTagged, verifyTagged } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Hash, ZERO_HASH } from '@phalanx/primitives';
import { encode, fixedBytes, tuple } from '@phalanx/scale';
import { palletErrors } from '../../dispatch/error.js';
import { type Attestation, type AttestationSettings, CONFIDENCE, type SimReport, type TeeKind } from './types.js';

const fail = palletErrors('Registry');

/** Domain tag of a TEE simulator's report signature. */
export const SIM_REPORT_KIND = 'tee-sim-report';

/**
 * The "chain" a simulator report is bound to: none. A report describes a machine (its
 * measurement and the report data it was asked to carry), not a chain, so it is signed under a
 * fixed zero hash; the report data (hash of the WorkerInfo) is what ties it to one worker.
 */
export const SIM_REPORT_DOMAIN = ZERO_HASH;

const simBodyCodec = tuple(Hash, fixedBytes(64));

/** The body a simulator signs: SCALE(measurement, reportData). */
export function simReportBody(measurement: Uint8Array, reportData: Uint8Array): Uint8Array {
  return encode(simBodyCodec, [measurement, reportData]);
}

/** Makes a simulated report (the `sim` TEE backend and tests; `signer` must be sr25519). */
export function signSimReport(signer: Keypair, measurement: Uint8Array, reportData: Uint8Array): SimReport {
  if (signer.scheme !== 'sr25519') throw new PhalanxError('INVALID_INPUT', 'the TEE simulator signs with an sr25519 key');
  const signature = signTagged(signer, SIM_REPORT_KIND, SIM_REPORT_DOMAIN, simReportBody(measurement, reportData));
  return { measurement, reportData, signer: signer.publicKey, signature };
}

/** What a verified attestation proves. */
export interface VerifiedReport {
  readonly tee: TeeKind;
  readonly measurement: Uint8Array;
  readonly reportData: Uint8Array;
  readonly confidenceLevel: number;
}

/**
 * Checks an attestation's own authenticity (not yet what it says: the caller compares report
 * data, measurement and level with what it expects).
 */
export function verifyAttestation(
  attestation: Attestation,
  settings: AttestationSettings,
  blockTimestampMs: bigint,
): VerifiedReport {
  if (attestation.tag === 'Dcap') {
    // Verified at the block's time (never a wall clock), so every node reaches the same verdict.
    const atSeconds = Number(blockTimestampMs / 1000n);
    let report: ReturnType<typeof verifyDcapQuote>;
    try {
      report = verifyDcapQuote(attestation.value.quote, attestation.value.collateral, atSeconds);
    } catch (error) {
      throw fail('BadAttestation', error instanceof PhalanxError ? error.message : 'the quote does not verify');
    }
    return {
      tee: report.tee === 'sgx' ? { tag: 'Sgx', value: null } : { tag: 'Tdx', value: null },
      measurement: report.measurement,
      reportData: report.reportData,
      confidenceLevel: report.confidenceLevel,
    };
  }
  const report = attestation.value;
  if (!settings.allowSim) throw fail('SimNotAllowed', 'this chain does not accept simulated (insecure) TEE attestations');
  if (!settings.simSigners.some((key) => equalBytes(key, report.signer))) {
    throw fail('UntrustedSimSigner', 'the simulated report is signed by a key that is not a trusted TEE simulator');
  }
  const body = simReportBody(report.measurement, report.reportData);
  if (!verifyTagged('sr25519', report.signer, SIM_REPORT_KIND, SIM_REPORT_DOMAIN, body, report.signature)) {
    throw fail('BadAttestation', 'the simulated report signature does not verify');
  }
  return {
    tee: { tag: 'Sim', value: null },
    measurement: report.measurement,
    reportData: report.reportData,
    confidenceLevel: CONFIDENCE.sim,
  };
}
