import type { CheckedExtrinsic } from '@phalanx/runtime';

/** What the pool tells a watcher (`author_submitAndWatchExtrinsic`), as Substrate names it. */
export type TxStatus =
  | { readonly kind: 'ready' }
  | { readonly kind: 'future' }
  | { readonly kind: 'inBlock'; readonly block: Uint8Array }
  | { readonly kind: 'finalized'; readonly block: Uint8Array }
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface PoolTx {
  readonly checked: CheckedExtrinsic;
  readonly id: string;
  readonly nonce: number;
  readonly priority: bigint;
  /** Arrival order, for fairness among equal priorities. */
  readonly arrival: number;
}

export interface PoolLimits {
  /** Transactions the pool holds in all. */
  readonly maxTotal: number;
  /** Transactions one account may have waiting. */
  readonly maxPerAccount: number;
  /** How far ahead of the account's nonce a transaction may be and still wait in the pool. */
  readonly maxNonceGap: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxTotal: 50_000, maxPerAccount: 1_000, maxNonceGap: 256 };
