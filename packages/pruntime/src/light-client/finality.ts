import type { Header } from '@phalanx/primitives';
import { cometbft } from '@phalanx/primitives';
import type { StateReader } from '@phalanx/runtime';
import { bytes, type Codec, enumOf, struct, unit } from '@phalanx/scale';

/**
 * What the host hands over with each block so the enclave can believe it final: nothing for the
 * dev engine (the author's seal is in the header), CometBFT's next signed header(s) and their
 * validator sets for a CometBFT chain.
 */
export type FinalityProof =
  | { readonly tag: 'AuthoritySeal'; readonly value: null }
  | { readonly tag: 'Cometbft'; readonly value: cometbft.CometbftFinalityProof };
export const FinalityProof: Codec<FinalityProof> = enumOf('FinalityProof', {
  AuthoritySeal: unit,
  Cometbft: cometbft.CometbftFinalityProofCodec,
});

/** Which engine's finality a chain has: fixed by its genesis, which the enclave trusts. */
export type FinalityKind = 'authority-seal' | 'cometbft';

/**
 * The light client's seam for finality (DESIGN §5): one implementation per consensus engine, all
 * held to the same contract (test/finality-compliance.test.ts). `verify` runs before the block's
 * changes are applied; it throws SYNC_INVALID unless `header`, the block after `parent`, is final
 * on this chain by `proof`. It may advance its own state on success: the light client halts for
 * good on any later failure of the same block, so that state is never used after a failure.
 */
export interface FinalityVerifier {
  readonly kind: FinalityKind;
  verify(header: Header, parent: Header, proof: FinalityProof, verifiedState: StateReader): void;
  /** What a sealed checkpoint keeps to resume verifying. */
  checkpoint(): FinalityCheckpoint;
}

/** What a sealed checkpoint keeps of a light client's finality: the engine, and CometBFT's trust root and progress. */
export type FinalityCheckpoint =
  | { readonly tag: 'AuthoritySeal'; readonly value: null }
  | {
      readonly tag: 'Cometbft';
      readonly value: { readonly genesisValidators: cometbft.CometbftValidator[]; readonly snapshot: Uint8Array };
    };
export const FinalityCheckpoint: Codec<FinalityCheckpoint> = enumOf('FinalityCheckpoint', {
  AuthoritySeal: unit,
  Cometbft: struct('CometbftCheckpoint', {
    genesisValidators: cometbft.CometbftValidatorSetCodec,
    snapshot: bytes(64 * 1024),
  }),
}) as Codec<FinalityCheckpoint>;
