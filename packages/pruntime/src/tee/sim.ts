import { simMeasurement } from '@phalanx/attestation';
import { derive, type Keypair, randomBytes } from '@phalanx/crypto';
import { assertBytes, describeType, PhalanxError } from '@phalanx/errors';
import { type Attestation, devSimSigner, signSimReport } from '@phalanx/runtime';
import { assertReportData, type Tee } from './tee.js';

/** Shown in logs and status whenever the simulator is in use. */
export const SIM_TEE_WARNING =
  'INSECURE: running on the software TEE simulator. It protects nothing: the host can read every ' +
  'secret and forge every report. For development and tests only, never for real keys or data.';

/** The per-machine secret file of the simulator holds exactly this many random bytes. */
export const MACHINE_SECRET_LENGTH = 32;
/** The pRuntime build's hash (the enclave entry computes it from its module graph, see `enclaveBuildHash`). */
export const BUILD_HASH_LENGTH = 32;
/** Label of the simulator's sealing-key derivation: derive(machineSecret, label, measurement). */
export const SIM_SEALING_LABEL = 'sim-sealing-key';

/**
 * Checks the bytes of a simulator machine-secret file (the host reads the file; the enclave
 * side only judges its content): exactly 32 bytes, not all zero. Returns a copy; STORE otherwise.
 */
export function parseMachineSecret(fileBytes: unknown): Uint8Array {
  if (!(fileBytes instanceof Uint8Array)) {
    throw new PhalanxError('STORE', `the machine secret must be bytes, got ${describeType(fileBytes)}`);
  }
  if (fileBytes.length !== MACHINE_SECRET_LENGTH) {
    throw new PhalanxError(
      'STORE',
      `the machine-secret file must hold exactly ${MACHINE_SECRET_LENGTH} bytes, it holds ${fileBytes.length}: ` +
        'it is damaged or not a Phalanx machine secret (a new one makes every sealed file of this machine unreadable)',
      { details: { expected: MACHINE_SECRET_LENGTH, actual: fileBytes.length } },
    );
  }
  if (fileBytes.every((byte) => byte === 0)) {
    throw new PhalanxError('STORE', 'the machine-secret file holds only zero bytes: it was never initialised');
  }
  return fileBytes.slice();
}

/** A fresh machine secret from the CSPRNG, for the host to store in the per-machine secret file. */
export function generateMachineSecret(): Uint8Array {
  return randomBytes(MACHINE_SECRET_LENGTH);
}

export interface SimTeeOptions {
  /** The machine secret (see `parseMachineSecret`): it stands in for a CPU's fused sealing secret. */
  readonly machineSecret: Uint8Array;
  /** 32-byte hash of the pRuntime build; the measurement is `simMeasurement(buildHash)`. */
  readonly buildHash: Uint8Array;
  /** The sr25519 key signing simulated reports; default the dev simulator `//PhalanxTeeSimulator`. */
  readonly simulatorKey?: Keypair;
}

/**
 * The software TEE simulator: INSECURE (see `SIM_TEE_WARNING`). Reports are SimReports signed by
 * the simulator key, accepted only by chains whose genesis trusts that key. The sealing key is
 * derive(machineSecret, "sim-sealing-key", measurement): bound to the machine (its secret file)
 * and to the build (its measurement).
 */
export class SimTee implements Tee {
  readonly kind = 'sim' as const;
  readonly insecure = true;
  readonly warning = SIM_TEE_WARNING;
  readonly #measurement: Uint8Array;
  readonly #sealingKey: Uint8Array;
  readonly #signer: Keypair;

  private constructor(measurement: Uint8Array, sealingKey: Uint8Array, signer: Keypair) {
    this.#measurement = measurement;
    this.#sealingKey = sealingKey;
    this.#signer = signer;
  }

  static create(options: SimTeeOptions): SimTee {
    const machineSecret = parseMachineSecret(options.machineSecret);
    try {
      assertBytes(options.buildHash, 'buildHash', BUILD_HASH_LENGTH);
      const signer = options.simulatorKey ?? devSimSigner();
      if (signer.scheme !== 'sr25519') {
        throw new PhalanxError(
          'INVALID_INPUT',
          'simulatorKey must be an sr25519 key (the chain verifies simulated reports as sr25519)',
          {
            details: { parameter: 'simulatorKey' },
          },
        );
      }
      const measurement = simMeasurement(options.buildHash);
      return new SimTee(measurement, derive(machineSecret, SIM_SEALING_LABEL, measurement), signer);
    } finally {
      machineSecret.fill(0);
    }
  }

  /** The simulator key's public key (what a chain's genesis must list in `simSigners`). */
  get simulatorPublicKey(): Uint8Array {
    return this.#signer.publicKey.slice();
  }

  async measurement(): Promise<Uint8Array> {
    return this.#measurement.slice();
  }

  async attest(reportData: Uint8Array): Promise<Attestation> {
    assertReportData(reportData);
    return { tag: 'Sim', value: signSimReport(this.#signer, this.#measurement.slice(), reportData.slice()) };
  }

  async sealingKey(): Promise<Uint8Array> {
    return this.#sealingKey.slice();
  }

  toJSON(): { kind: 'sim'; insecure: true; warning: string } {
    return { kind: this.kind, insecure: this.insecure, warning: this.warning };
  }
}
