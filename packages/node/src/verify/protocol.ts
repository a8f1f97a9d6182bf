import type { ErrorCode } from '@phalanx/errors';

export interface VerifyRequest {
  readonly id: number;
  readonly genesisHash: Uint8Array;
  readonly items: Uint8Array[];
}

/** `null` when the extrinsic decodes and its signature verifies; otherwise the typed error. */
export type VerifyResult = null | { readonly code: ErrorCode | 'INTERNAL'; readonly message: string };

export interface VerifyResponse {
  readonly id: number;
  readonly results: VerifyResult[];
}
