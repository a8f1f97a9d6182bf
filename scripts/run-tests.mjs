#!/usr/bin/env node
// Runs every test of the workspace with node's test runner: the compiled package tests
// (packages/*/dist/test/**/*.test.js, built by `tsc -b`) and the repository checks in test/.
// Usage: node scripts/run-tests.mjs [path-fragment …]   (fragments filter the files run)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function collect(dir, suffixes, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, suffixes, out);
    else if (suffixes.some((suffix) => name.endsWith(suffix))) out.push(path);
  }
  return out;
}

const files = [collect(join(root, 'test'), ['.test.mjs'])];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  files.push(collect(join(root, 'packages', pkg, 'dist', 'test'), ['.test.js']));
}
const filters = process.argv.slice(2);
const selected = files
  .flat()
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (selected.length === 0) {
  console.error('no test files found: run `tsc -b` first, or check the filter');
  process.exit(1);
}
const reporter = process.env.CI ? ['--test-reporter=spec'] : [];
const result = spawnSync(process.execPath, ['--test', ...reporter, '--test-concurrency=2', ...selected], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
