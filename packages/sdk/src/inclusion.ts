import { toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { DispatchErrorRecord } from '@phalanx/runtime';
import type { RpcClient } from './rpc-client.js';

/** How long a transaction may take to get into a block before `TIMEOUT` (default). */
export const DEFAULT_INCLUSION_TIMEOUT_MS = 60_000;

/**
 * A call that was included in a block and failed there (its changes reverted, its fee paid): code
 * `DISPATCH_FAILED`, message `Pallet.Error: the pallet's message`, with `pallet`, `error`, `reason`
 * (the pallet's message), `block` and `extrinsic` in its details (and the first three as fields).
 */
export class DispatchFailure extends PhalanxError {
  override readonly name = 'DispatchFailure';
  readonly pallet: string;
  readonly error: string;
  readonly reason: string;

  constructor(record: DispatchErrorRecord, where: { block: number; hash: string }) {
    super('DISPATCH_FAILED', `${record.pallet}.${record.error}: ${record.message}`, {
      details: { pallet: record.pallet, error: record.error, reason: record.message, block: where.block, extrinsic: where.hash },
    });
    this.pallet = record.pallet;
    this.error = record.error;
    this.reason = record.message;
  }
}

/** Why waiting for inclusion ended without a block. `refused`: the node never took it into its pool. */
export class InclusionFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly refused: boolean,
  ) {
    super('inclusion failed');
  }
}

/**
 * Submits extrinsic bytes and resolves with the hash of the block that includes them. Rejects with
 * an `InclusionFailure` telling a refusal (the nonce was not used) from a later failure (dropped,
 * invalidated, no block within `timeoutMs`, the connection lost), where the nonce may be used.
 */
export function watchInclusion(
  rpc: RpcClient,
  bytes: Uint8Array,
  hash: string,
  timeoutMs: number,
  onAccepted?: () => void,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stop: (() => Promise<void>) | undefined;
    let settled = false;
    let accepted = false;
    const finish = (error: unknown, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop?.();
      if (error === undefined) resolve(value as string);
      else reject(error instanceof InclusionFailure ? error : new InclusionFailure(error, false));
    };
    const timer = setTimeout(
      () =>
        finish(
          new PhalanxError(
            'TIMEOUT',
            `transaction ${hash} was not in a block within ${timeoutMs} ms (the node may still include it later)`,
            { details: { extrinsic: hash } },
          ),
        ),
      timeoutMs,
    );
    rpc
      .subscribe(
        'author_submitAndWatchExtrinsic',
        [toHex(bytes)],
        'author_unwatchExtrinsic',
        (status) => {
          if (typeof status !== 'object' || status === null) return;
          const update = status as Record<string, string>;
          if (update.inBlock !== undefined) finish(undefined, update.inBlock);
          else if (update.dropped !== undefined)
            finish(new PhalanxError('TX_POOL_FULL', `transaction dropped: ${update.dropped}`, { details: { extrinsic: hash } }));
          else if (update.invalid !== undefined)
            finish(
              new PhalanxError('TX_STALE', `transaction became invalid: ${update.invalid}`, { details: { extrinsic: hash } }),
            );
        },
        (error) => finish(error),
      )
      .then(
        (unsubscribe) => {
          accepted = true;
          onAccepted?.();
          stop = unsubscribe;
          if (settled) void unsubscribe();
        },
        // An error answer to the submission itself: the pool refused it. Anything else (no answer,
        // the connection gone) leaves it unknown whether the node took it.
        (error: unknown) => finish(new InclusionFailure(error, !accepted && isPoolRefusal(error))),
      );
  });
}

function isPoolRefusal(error: unknown): boolean {
  return error instanceof PhalanxError && error.code !== 'CONNECTION' && error.code !== 'TIMEOUT';
}
