#!/usr/bin/env node
// Runs one benchmark and prints its JSON: `npm run bench -- NAME` (NAME = a file bench/NAME.mjs).
// Benchmarks are not tests: they measure and report, they never pass or fail on a number.
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.mjs') && !['run.mjs', 'harness.mjs'].includes(file))
  .map((file) => file.slice(0, -4));
const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(', ')})`);
  process.exit(2);
}
const { run } = await import(`./${name}.mjs`);
const started = new Date().toISOString();
const results = await run(process.argv.slice(3));
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
console.log(JSON.stringify({ bench: name, started, machine, results }, null, 2));
