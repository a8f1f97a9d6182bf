import { blake2_256, type Keypair, keypairFromUri, utf8 } from '@phalanx/crypto';
import { assertBytes, PhalanxError } from '@phalanx/errors';
import type { Overlay } from '../../state/overlay.js';
import { checkHeartbeatSettings } from './heartbeat.js';
import { checkAttestationSettings } from './set-attestation-settings.js';
import { Registry } from './storage.js';
import {
  type AttestationSettings,
  CONFIDENCE,
  DEFAULT_HEARTBEAT_SETTINGS,
  type HeartbeatSettings,
  REGISTRY_LIMITS,
} from './types.js';

/** The registry's part of a genesis config. */
export interface RegistryGenesisConfig {
  readonly attestation: AttestationSettings;
  /** The initial measurement allow-list. */
  readonly measurements: readonly Uint8Array[];
  /** Heartbeat challenge interval and silence window; `DEFAULT_HEARTBEAT_SETTINGS` when absent. */
  readonly heartbeat?: HeartbeatSettings;
}

/**
 * The development TEE simulator's key. Its secret is public (like //Alice): simulated reports
 * prove nothing and are accepted only by chains whose genesis trusts this key.
 */
export const DEV_SIM_SIGNER_URI = '//PhalanxTeeSimulator';

export function devSimSigner(): Keypair {
  return keypairFromUri(DEV_SIM_SIGNER_URI);
}

/**
 * The measurement development chains allow for simulated workers, until the pRuntime build
 * reports its own build hash (pass that to `devGenesisConfig` then).
 */
export const DEV_SIM_MEASUREMENT = blake2_256(utf8('phalanx/dev/pruntime-sim-measurement'));

/**
 * Development chains accept the dev simulator's reports (at the worst confidence level, 5), and
 * challenge workers every 10 blocks with a 30-block silence window.
 */
export function devRegistryGenesis(measurements: readonly Uint8Array[] = [DEV_SIM_MEASUREMENT]): RegistryGenesisConfig {
  return {
    attestation: { allowSim: true, simSigners: [devSimSigner().publicKey], maxConfidenceLevel: CONFIDENCE.worst },
    measurements,
    heartbeat: DEFAULT_HEARTBEAT_SETTINGS,
  };
}

export function buildRegistryGenesis(state: Overlay, config: RegistryGenesisConfig): void {
  const { attestation, measurements, heartbeat } = config;
  attestation.simSigners.forEach((key, i) => {
    assertBytes(key, `registry.attestation.simSigners[${i}]`, 32);
  });
  if (attestation.simSigners.length > REGISTRY_LIMITS.maxSimSigners) {
    throw new PhalanxError('INVALID_INPUT', `genesis trusts at most ${REGISTRY_LIMITS.maxSimSigners} TEE simulators`);
  }
  try {
    checkAttestationSettings(attestation);
  } catch (cause) {
    throw new PhalanxError(
      'INVALID_INPUT',
      `genesis registry.attestation: ${cause instanceof PhalanxError ? cause.message : 'invalid'}`,
      { cause },
    );
  }
  measurements.forEach((m, i) => {
    assertBytes(m, `registry.measurements[${i}]`, 32);
  });
  const distinct = new Set(measurements.map((m) => Buffer.from(m).toString('hex')));
  if (distinct.size !== measurements.length)
    throw new PhalanxError('INVALID_INPUT', 'genesis registry.measurements lists one twice');
  if (measurements.length > REGISTRY_LIMITS.maxMeasurements) {
    throw new PhalanxError('INVALID_INPUT', `genesis allows at most ${REGISTRY_LIMITS.maxMeasurements} measurements`);
  }
  if (heartbeat !== undefined) {
    try {
      checkHeartbeatSettings(heartbeat);
    } catch (cause) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `genesis registry.heartbeat: ${cause instanceof PhalanxError ? cause.message : 'invalid'}`,
        { cause },
      );
    }
  }
  Registry.AttestationSettings.set(state, { ...attestation, simSigners: [...attestation.simSigners] });
  Registry.Measurements.set(state, [...measurements]);
  if (heartbeat !== undefined) {
    Registry.HeartbeatSettings.set(state, { challengeInterval: heartbeat.challengeInterval, window: heartbeat.window });
  }
}
