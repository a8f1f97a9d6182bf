#!/usr/bin/env node
// The phalanx command. Sources are TypeScript compiled by `npm ci` (the root `prepare` script runs `tsc -b`).
import { EXIT_WITH_PARENT_ENV, exitWithParent } from '../dist/src/exit-with-parent.js';
import { main } from '../dist/src/main.js';

const releaseStdin = process.env[EXIT_WITH_PARENT_ENV] === '1' ? exitWithParent() : () => {};
// `phalanx chain dump-state | head -2`: the reader has gone, which is no failure; stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
releaseStdin(); // a worker stopped by SIGTERM from the devnet exits now, not when it is killed 10 s later
