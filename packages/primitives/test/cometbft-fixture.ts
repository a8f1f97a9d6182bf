// The recorded 4-validator CometBFT v0.38.26 network (pruntime/test/vectors/cometbft/four-validators.json,
// recorded by scripts/record-cometbft-vectors.mjs), shared by the CometBFT tests of this package.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface RecordedHeight {
  height: number;
  signed_header: {
    header: Record<string, unknown> & {
      validators_hash: string;
      next_validators_hash: string;
      app_hash: string;
      last_block_id: { hash: string };
    };
    commit: Record<string, unknown> & { block_id: { hash: string }; signatures: Record<string, unknown>[] };
  };
  validators: Record<string, unknown>[];
}

export const recorded = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../pruntime/test/vectors/cometbft/four-validators.json', import.meta.url)), 'utf8'),
) as { chain_id: string; genesis_validators: Record<string, unknown>[]; heights: RecordedHeight[] };

export const upperHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
