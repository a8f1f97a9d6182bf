import { derive, equalBytes, seal, threshold, toHex, unseal, utf8 } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { Hash, Header, PublicKey, WorkerInfo } from '@phalanx/primitives';
import { bytes, decode, encode, fixedBytes, type Infer, option, struct, tuple, u8, u32, vec } from '@phalanx/scale';
import { FinalityCheckpoint } from '../light-client/finality.js';

/** What a pRuntime needs to resume: its keys, the chain it follows and where, and its verified state. */
export const CheckpointBody = struct('Checkpoint', {
  identitySecret: bytes(96),
  ecdhSecret: bytes(96),
  genesisHash: Hash,
  genesisHeader: Header,
  bestHeader: Header,
  info: WorkerInfo,
  registeredAt: option(u32),
  /** The EcdhKey it replaced, until the chain's grace window ends, and a rotation not yet recorded. */
  previousEcdh: option(struct('PreviousEcdhSecret', { secret: bytes(96), until: u32 })),
  pendingEcdh: option(struct('PendingEcdhSecret', { secret: bytes(96), sentAt: u32 })),
  /** Gatekeeper role: the MasterKey (if held), a proposed one awaiting the chain, who was sent it. */
  masterSecret: option(bytes(96)),
  proposedSecret: option(bytes(96)),
  handedTo: vec(PublicKey, 1000, 32),
  /** Gatekeeper role under a threshold MasterKey: its share and refresh seeds (never the whole key). */
  thresholdShare: option(
    struct('SealedShare', { session: u32, share: threshold.keyShareCodec, seeds: threshold.refreshSeedsCodec }),
  ),
  /** Contracts this worker runs (keys, progress, encrypted state): a SCALE `ContractsSnapshot`. */
  contracts: bytes(1024 * 1024 * 1024),
  state: vec(tuple(bytes(256), bytes(16 * 1024 * 1024)), 10_000_000, 2),
  /** The light client's finality: the engine and, on CometBFT, its trust root and last verified header. */
  finality: FinalityCheckpoint,
});
export type CheckpointBody = Infer<typeof CheckpointBody>;

const PURPOSE = 'pruntime-checkpoint';
/** The checkpoint file format this build writes and reads. Format 1 was the bare sealed blob; 3 adds finality, 4 threshold shares. */
export const CHECKPOINT_FORMAT = 4;
const MAGIC = utf8('PHXCKPT\0');
const SEALER_ID_LABEL = 'checkpoint-sealer-id';
const SEALER_ID_LENGTH = 16;

/**
 * The file: a clear header saying who sealed it, then the sealed body. The header only explains a
 * refusal (another build, another machine); it protects nothing, the sealed body's authentication does.
 * `sealer` is the first 16 bytes of derive(sealingKey, "checkpoint-sealer-id"): a one-way fingerprint
 * of the sealing key, equal for the same machine and build, that reveals nothing about the key.
 */
const CheckpointFile = struct('CheckpointFile', {
  magic: fixedBytes(MAGIC.length),
  format: u8,
  measurement: Hash,
  sealer: fixedBytes(SEALER_ID_LENGTH),
  sealed: bytes(1024 * 1024 * 1024 + 1024),
});

/** Why a checkpoint was refused, in `details.reason` of its SEAL_INVALID error (and across the ecall boundary). */
export type CheckpointRefusal = 'not-a-checkpoint' | 'unknown-version' | 'other-build' | 'other-machine' | 'tampered';

/** What the TEE gives to seal and open checkpoints: its sealing key and its measurement. */
export interface CheckpointSealer {
  readonly sealingKey: Uint8Array;
  readonly measurement: Uint8Array;
}

function sealerId(sealingKey: Uint8Array): Uint8Array {
  return derive(sealingKey, SEALER_ID_LABEL).slice(0, SEALER_ID_LENGTH);
}

/** The SEAL_INVALID error of a refused checkpoint. */
export function refuseCheckpoint(reason: CheckpointRefusal, message: string): PhalanxError {
  return new PhalanxError('SEAL_INVALID', message, { details: { reason } });
}

export function sealCheckpoint(sealer: CheckpointSealer, body: CheckpointBody): Uint8Array {
  return encode(CheckpointFile, {
    magic: MAGIC,
    format: CHECKPOINT_FORMAT,
    measurement: sealer.measurement,
    sealer: sealerId(sealer.sealingKey),
    sealed: seal(sealer.sealingKey, PURPOSE, encode(CheckpointBody, body)),
  });
}

/** A format-1 checkpoint: a sealed blob (version 1) whose purpose is the checkpoint's. */
function isFormatOne(file: Uint8Array): boolean {
  const prefix = [1, PURPOSE.length << 2, ...utf8(PURPOSE)];
  return file.length > prefix.length && prefix.every((byte, i) => file[i] === byte);
}

/**
 * Opens a checkpoint, or fails with SEAL_INVALID and `details.reason` saying why: not a checkpoint
 * (truncated, damaged, another file), an unknown format version, sealed by another build (another
 * measurement), sealed on another machine (same build, another sealing key), or tampered with
 * (the header matches this enclave but the body does not authenticate).
 */
export function unsealCheckpoint(sealer: CheckpointSealer, file: Uint8Array): CheckpointBody {
  if (isFormatOne(file)) {
    throw refuseCheckpoint(
      'unknown-version',
      `the checkpoint is in format 1 (written by an older pRuntime); this build reads format ${CHECKPOINT_FORMAT}`,
    );
  }
  if (file.length <= MAGIC.length || !equalBytes(file.subarray(0, MAGIC.length), MAGIC)) {
    throw refuseCheckpoint(
      'not-a-checkpoint',
      'the file is not a pRuntime checkpoint: it is damaged, truncated, or another file',
    );
  }
  const format = file[MAGIC.length] as number;
  if (format !== CHECKPOINT_FORMAT) {
    throw refuseCheckpoint(
      'unknown-version',
      `the checkpoint is in format ${format}; this build reads format ${CHECKPOINT_FORMAT} (written by another pRuntime version)`,
    );
  }
  let parsed: Infer<typeof CheckpointFile>;
  try {
    parsed = decode(CheckpointFile, file);
  } catch {
    throw refuseCheckpoint('not-a-checkpoint', 'the checkpoint is truncated or damaged: its header or length does not parse');
  }
  if (!equalBytes(parsed.measurement, sealer.measurement)) {
    throw refuseCheckpoint(
      'other-build',
      `the checkpoint was sealed by another pRuntime build (measurement ${toHex(parsed.measurement).slice(0, 18)}…, ` +
        `this build is ${toHex(sealer.measurement).slice(0, 18)}…): sealing is bound to the build`,
    );
  }
  if (!equalBytes(parsed.sealer, sealerId(sealer.sealingKey))) {
    throw refuseCheckpoint(
      'other-machine',
      'the checkpoint was sealed on another machine (another machine secret): sealing is bound to it',
    );
  }
  let body: CheckpointBody;
  try {
    body = decode(CheckpointBody, unseal(sealer.sealingKey, PURPOSE, parsed.sealed));
  } catch (error) {
    if (!isPhalanxError(error, 'SEAL_INVALID') && !isPhalanxError(error, 'CODEC')) throw error;
    throw refuseCheckpoint(
      'tampered',
      'the checkpoint was modified or corrupted after it was written: it does not authenticate under this enclave key',
    );
  }
  return body;
}
