import { PhalanxError } from '@phalanx/errors';
import { type Header, verifyHeaderSeal } from '@phalanx/primitives';
import { Consensus, type StateReader } from '@phalanx/runtime';
import type { FinalityCheckpoint, FinalityProof, FinalityVerifier } from './finality.js';

/**
 * The dev engine's finality: a block is final when sealed by an authority named in the verified
 * state of its parent (a single authority cannot fork what it sealed once the enclave saw it).
 */
export class AuthoritySealFinality implements FinalityVerifier {
  readonly kind = 'authority-seal';
  readonly #genesisHash: Uint8Array;

  constructor(genesisHash: Uint8Array) {
    this.#genesisHash = genesisHash;
  }

  verify(header: Header, _parent: Header, proof: FinalityProof, verifiedState: StateReader): void {
    if (proof.tag !== 'AuthoritySeal') {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number}: a ${proof.tag} proof for a chain of authority seals`);
    }
    const authorities = Consensus.Authorities.getOr(verifiedState, []);
    if (!authorities.some((key) => Buffer.compare(key, header.author) === 0)) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number} is authored by a key that is not an authority`);
    }
    if (!verifyHeaderSeal(header, this.#genesisHash)) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number} has an invalid seal`);
    }
  }

  checkpoint(): FinalityCheckpoint {
    return { tag: 'AuthoritySeal', value: null };
  }
}
