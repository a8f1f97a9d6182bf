import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhalanxError } from '@phalanx/errors';

/** Where `npm run setup:cometbft` links the pinned build (git-ignored). */
const PROJECT_BINARY = fileURLToPath(new URL('../../../../../.cometbft/bin/cometbft', import.meta.url));

/**
 * The CometBFT binary: `PHALANX_COMETBFT` if set, else the project's pinned build. There is no
 * fallback to a `cometbft` on PATH: a validator must run the version the project pins.
 */
export function cometbftBinary(): string {
  const path = process.env.PHALANX_COMETBFT ?? PROJECT_BINARY;
  if (!existsSync(path)) {
    throw new PhalanxError(
      'NOT_FOUND',
      `CometBFT is not installed at ${path}: run "npm run setup:cometbft" (needs Go), or set PHALANX_COMETBFT`,
    );
  }
  return path;
}
