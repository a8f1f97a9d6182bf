#!/usr/bin/env node
// Builds the explorer's static bundle into dist/web: the page (Vite: TypeScript, the SDK and its
// lower packages from their compiled dist/, uPlot) and the example contracts bundled as
// `phalanx contract build` bundles them (its own `bundleContract`, one ES module each). Skips when nothing it
// reads changed since the last build; `--force` builds anyway. Run after `tsc -b`.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
// The CLI's bundler (compiled by `tsc -b`, which runs first): the page deploys exactly what
// `phalanx contract deploy` would.
const { bundleContract } = await import(join(here, '..', '..', 'cli', 'dist', 'src', 'commands', 'contract-check.js'));
const pkg = join(here, '..');
const root = join(pkg, '..', '..');
const out = join(pkg, 'dist', 'web');
const stamp = join(out, '.built');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'node_modules') latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

const inputs = [
  join(pkg, 'index.html'),
  join(pkg, 'src'),
  join(here, 'build.mjs'),
  join(root, 'examples', 'contracts'),
  ...['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime', 'sdk'].map((p) =>
    join(root, 'packages', p, 'dist', 'src'),
  ),
];
const force = process.argv.includes('--force');
if (!force && existsSync(stamp) && Math.max(...inputs.map(newest)) <= statSync(stamp).mtimeMs) {
  process.stdout.write('explorer bundle is up to date (dist/web)\n');
  process.exit(0);
}

const shim = (name) => join(pkg, 'src', 'shims', name);
await build({
  root: pkg,
  base: './',
  logLevel: 'warn',
  // Node built-ins the lower packages import, replaced for the browser (see src/shims/).
  resolve: {
    alias: [
      { find: /^(node:)?crypto$/, replacement: shim('node-crypto.ts') },
      { find: /^(node:)?https?$/, replacement: shim('node-http.ts') },
      { find: /^buffer$/, replacement: join(root, 'node_modules', 'buffer', 'index.js') },
    ],
  },
  build: { outDir: out, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false },
});

// The example contracts, bundled for "Deploy" on a dev chain.
const contractsDir = join(root, 'examples', 'contracts');
const defaults = { erc20: '[1000000]' };
const examples = [];
mkdirSync(join(out, 'contracts'), { recursive: true });
for (const file of readdirSync(contractsDir)
  .filter((f) => /\.(ts|js)$/.test(f))
  .sort()) {
  const name = basename(file).replace(/\.(ts|js)$/, '');
  writeFileSync(join(out, 'contracts', `${name}.js`), await bundleContract(join(contractsDir, file)));
  examples.push({ name, file: `contracts/${name}.js`, args: defaults[name] ?? '[]' });
}
writeFileSync(join(out, 'contracts', 'index.json'), `${JSON.stringify(examples, null, 2)}\n`);
writeFileSync(stamp, new Date().toISOString());
const size = readdirSync(join(out, 'assets')).reduce((n, f) => n + statSync(join(out, 'assets', f)).size, 0);
process.stdout.write(
  `explorer bundle built: dist/web (${Math.round(size / 1024)} KiB of assets, ${examples.length} example contracts)\n`,
);
