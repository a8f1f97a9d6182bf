#!/usr/bin/env node
// The phalanx command. Sources are TypeScript compiled by `npm ci` (the root `prepare` script runs `tsc -b`).
import { EXIT_WITH_PARENT_ENV, exitWithParent } from '../dist/src/exit-with-parent.js';
import { main } from '../dist/src/main.js';

if (process.env[EXIT_WITH_PARENT_ENV] === '1') exitWithParent();
process.exitCode = await main(process.argv.slice(2));
