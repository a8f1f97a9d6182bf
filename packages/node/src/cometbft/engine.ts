import type { Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { Header } from '@phalanx/primitives';
import type { Consensus } from '../authoring/consensus.js';

/**
 * CometBFT orders the blocks; this node is its ABCI application. Blocks arrive only through
 * ABCI (FinalizeBlock, then Commit), never as sealed blocks to import, and a block CometBFT
 * decided is final: it has a commit signed by more than 2/3 of the voting power.
 */
export class CometbftConsensus implements Consensus {
  readonly name = 'cometbft';
  readonly authorKey: Keypair | undefined = undefined;

  verifySeal(header: Header): void {
    throw new PhalanxError(
      'BLOCK_INVALID',
      `block ${header.number}: a CometBFT chain takes blocks only from CometBFT (over ABCI), not sealed blocks`,
    );
  }

  isFinalOnImport(): boolean {
    return true;
  }
}
