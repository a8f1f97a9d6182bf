#!/usr/bin/env node
// The phalanx command. Sources are TypeScript compiled by `npm ci` (the root `prepare` script runs `tsc -b`).
import { main } from '../dist/src/main.js';

process.exitCode = await main(process.argv.slice(2));
