import { isPhalanxError, PhalanxError } from '@phalanx/errors';

/**
 * Exit codes of a worker host process (sysexits-style), so a supervisor can tell what to do: restart
 * after a lost node or enclave, but not after a bad checkpoint (a restart would refuse it again).
 */
export const HOST_EXIT_CODES = {
  /** Stopped on request (SIGINT / SIGTERM). */
  stopped: 0,
  /** Any other failure. */
  failed: 1,
  /** The sealed checkpoint cannot be opened (EX_DATAERR): an operator must act, restarting does not help. */
  badCheckpoint: 65,
  /** The enclave thread died (EX_SOFTWARE): restart; the worker resumes from its last checkpoint. */
  enclaveLost: 70,
  /** The node was unreachable for longer than the give-up time (EX_TEMPFAIL): restart later. */
  nodeUnreachable: 75,
  /**
   * The pRuntime halted: the node served what does not verify — a forged or altered block, state
   * changes that do not rebuild its root, a commit without enough signatures — (EX_PROTOCOL); or
   * the node now serves another chain. A halted host stays up (GET /info says why) and ends with
   * this code when stopped, or after `haltLingerMs`. Restarting against the same node cannot help;
   * point the worker at an honest node.
   */
  nodeLied: 76,
} as const;

/** What made a running host stop by itself, and the exit code its process should end with. */
export interface HostFailure {
  readonly error: PhalanxError;
  readonly exitCode: number;
}

/** The exit code for an error that stopped (or failed to start) a host. */
export function hostExitCode(error: unknown): number {
  if (isPhalanxError(error, 'SEAL_INVALID')) return HOST_EXIT_CODES.badCheckpoint;
  if (isPhalanxError(error, 'ENCLAVE_LOST')) return HOST_EXIT_CODES.enclaveLost;
  if (isPhalanxError(error, 'CONNECTION')) return HOST_EXIT_CODES.nodeUnreachable;
  if (isPhalanxError(error, 'SYNC_INVALID')) return HOST_EXIT_CODES.nodeLied;
  return HOST_EXIT_CODES.failed;
}

/**
 * The operator's message for a halted pRuntime: the refusal (its code, the pRuntime's reason — block
 * numbers and what failed to verify, never a secret) and what to do.
 */
export function pRuntimeHalted(refusal: PhalanxError, rpc: string): PhalanxError {
  return new PhalanxError(
    refusal.code,
    `the pRuntime halted: ${refusal.message}. The node at ${rpc} served what does not verify (it lies or is broken). ` +
      'This worker stays halted — GET /info says why, queries are refused — and follows no more blocks; restarting ' +
      'it against the same node cannot help: point --rpc at an honest node and restart it (it resumes from its ' +
      'sealed checkpoint, before the refused block)',
    { details: { ...refusal.details, halted: `${refusal.code}: ${refusal.message}` } },
  );
}

const WHAT_HAPPENED: Record<string, string> = {
  tampered: 'it was modified or corrupted after it was written (it does not authenticate)',
  'not-a-checkpoint': 'it is not a pRuntime checkpoint, or it is truncated or damaged',
  'other-build': 'it was sealed by another pRuntime build (sealing is bound to the build, as in a real TEE; after an upgrade?)',
  'other-machine': 'it was sealed on another machine, or machine.secret was replaced (sealing is bound to the machine)',
  'unknown-version': 'it is in a checkpoint format this build does not read (written by another pRuntime version)',
};

/** The operator's message for a checkpoint the enclave refused: what happened and what to do. */
export function badCheckpoint(path: string, refusal: PhalanxError): PhalanxError {
  const reason = typeof refusal.details.reason === 'string' ? refusal.details.reason : 'unknown';
  const what = WHAT_HAPPENED[reason] ?? 'the pRuntime refused it';
  const undo =
    reason === 'other-build' || reason === 'unknown-version'
      ? 'Run the pRuntime build that wrote it, or '
      : reason === 'other-machine'
        ? 'Run it on the machine (with the machine.secret) that wrote it, or '
        : 'Restore it from a backup, or ';
  return new PhalanxError(
    'SEAL_INVALID',
    `cannot resume from ${path}: ${what} (${refusal.message.replace(/^pRuntime: /, '')}). ${undo}move it aside ` +
      `(mv ${path} ${path}.bad) and start again to provision this worker anew: new keys, registered again, to be ` +
      'added to its cluster again (a MasterKey only this gatekeeper held is lost with it; on a devnet: ' +
      'npx phalanx devnet --reset starts everything over)',
    { details: { reason, path } },
  );
}
