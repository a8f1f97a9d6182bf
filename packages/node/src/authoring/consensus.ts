import type { Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type Header, verifyHeaderSeal } from '@phalanx/primitives';

/**
 * Block authorship and finality, behind one interface so a multi-validator engine can replace
 * the single authority without touching the runtime: the runtime only stores the authority set.
 */
export interface Consensus {
  readonly name: string;
  /** The key this node authors with, if it is an authority. */
  readonly authorKey: Keypair | undefined;
  /** Throws BLOCK_INVALID unless `header` is sealed by one of `authorities` for this chain. */
  verifySeal(header: Header, authorities: readonly Uint8Array[], genesisHash: Uint8Array): void;
  /** Whether an imported or produced block is final at once (single authority: yes). */
  isFinalOnImport(header: Header): boolean;
}

/** One authority seals every block; its blocks are final immediately (no forks can exist). */
export class SingleAuthority implements Consensus {
  readonly name = 'single-authority';
  readonly authorKey: Keypair | undefined;

  constructor(authorKey?: Keypair) {
    this.authorKey = authorKey;
  }

  verifySeal(header: Header, authorities: readonly Uint8Array[], genesisHash: Uint8Array): void {
    if (!authorities.some((key) => Buffer.compare(key, header.author) === 0)) {
      throw new PhalanxError('BLOCK_INVALID', `block ${header.number} is authored by a key that is not an authority`);
    }
    if (!verifyHeaderSeal(header, genesisHash)) {
      throw new PhalanxError('BLOCK_INVALID', `block ${header.number} has an invalid seal`);
    }
  }

  isFinalOnImport(): boolean {
    return true;
  }
}
