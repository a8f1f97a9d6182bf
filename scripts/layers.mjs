// The package layering of DESIGN.md §2, checked by test/layering.test.mjs.
// Lower layers never import higher ones; inside-enclave code (pruntime) never imports host or
// node code, and the host imports only pruntime's ecall API; pure packages (no clock, disk or
// network) import no I/O modules; the runtime reads no clock, randomness or network; every
// import is a string literal; no import cycles.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Which @phalanx packages each package may import. A package not listed here may not exist. */
export const ALLOWED = {
  errors: [],
  scale: ['errors'],
  crypto: ['errors', 'scale'],
  primitives: ['errors', 'scale', 'crypto'],
  attestation: ['errors', 'scale', 'crypto'],
  runtime: ['errors', 'scale', 'crypto', 'primitives', 'attestation'],
  node: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime'],
  pruntime: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime'],
  host: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime', 'pruntime', 'sdk'],
  sdk: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime'],
  // The browser explorer (and its small static server): the SDK and what the SDK uses, never node or pruntime.
  explorer: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime', 'sdk'],
  cli: ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime', 'node', 'pruntime', 'host', 'sdk', 'explorer'],
};

/** Packages that must stay pure: no disk, network, processes, threads or clock. */
export const PURE = ['errors', 'scale', 'crypto', 'primitives', 'attestation', 'runtime'];
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|os)$|^(ws|classic-level|level)$/;
/** Inside the enclave: no host or node code, no database, no sockets of its own. */
const ENCLAVE_FORBIDDEN = /^(@phalanx\/(node|host|cli|sdk)|ws|classic-level|level)(\/|$)/;
/** Sources of nondeterminism a pure state transition must not touch: the clock, randomness, the network. */
const CLOCK_OR_RANDOM =
  /\b(Date\.now|new Date\(|performance\.now|Math\.random|setTimeout|setInterval|setImmediate|process\.hrtime)\b/;
const RANDOMNESS =
  /\b(randomBytes|randomIv|randomInt|randomUUID|getRandomValues|generateKeypair|generateMnemonic|mnemonicGenerate|generateMachineSecret)\b|Keypair\s*\.\s*(generate|random)\w*/;
const NETWORK = /\b(globalThis|global|self|window)\s*(\.\s*fetch\b|\[)|(^|[^.\w$])fetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b/m;
/** Modules that hand out randomness or the network under another name. */
const RUNTIME_FORBIDDEN_MODULES = /^(node:)?(crypto|undici)$/;
/** `import(x)` with anything but a string literal: an import the layering check cannot see. */
const DYNAMIC_IMPORT = /\bimport\s*\((?!\s*(['"])[^'"`]*\1\s*\))/;
/** Enclave code that must be as deterministic as the runtime: the ink! engine and the wasm instrumentation. */
const DETERMINISTIC_ENGINE = /^packages\/pruntime\/src\/(contracts\/ink|wasm)\//;
/** The only part of the pRuntime its untrusted host may import: the ecall API (no code that runs inside). */
const HOST_PRUNTIME_API = '@phalanx/pruntime/ecall';

export function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importsOf(source) {
  const found = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const text = stripComments(source);
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

function sourceFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Reads the workspace into `{ pkg: { files: { path: source }, deps: [...] } }`. */
export function readWorkspace(root) {
  const packages = {};
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', pkg);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = {};
    for (const file of [...sourceFiles(join(dir, 'src')), ...sourceFiles(join(dir, 'bin'))]) {
      files[relative(root, file)] = readFileSync(file, 'utf8');
    }
    packages[pkg] = { files, deps: Object.keys(manifest.dependencies ?? {}) };
  }
  return packages;
}

/** Every layering violation and import cycle in a workspace, as readable strings (empty = clean). */
export function checkWorkspace(packages) {
  const problems = [];
  const graph = new Map(); // file -> files it imports (relative imports inside packages)
  const packageGraph = new Map(Object.keys(packages).map((pkg) => [pkg, new Set()]));
  for (const [pkg, { files, deps }] of Object.entries(packages)) {
    const allowed = ALLOWED[pkg];
    if (allowed === undefined) {
      problems.push(`packages/${pkg}: not in the layering table of scripts/layers.mjs (add it with its allowed imports)`);
      continue;
    }
    for (const dep of deps) {
      const name = dep.startsWith('@phalanx/') ? dep.slice(9) : null;
      if (name !== null && !allowed.includes(name))
        problems.push(`packages/${pkg}/package.json depends on @phalanx/${name}, which it must not`);
    }
    for (const [file, source] of Object.entries(files)) {
      const isTest = /\.test\.[mc]?[jt]s$/.test(file) || file.includes('/test/');
      const edges = [];
      for (const spec of importsOf(source)) {
        if (spec.startsWith('@phalanx/')) {
          const target = spec.slice(9).split('/')[0];
          packageGraph.get(pkg)?.add(target);
          if (target !== pkg && !allowed.includes(target))
            problems.push(`${file} imports @phalanx/${target}: ${pkg} must not depend on ${target}`);
          else if (!deps.includes(`@phalanx/${target}`) && target !== pkg)
            problems.push(`${file} imports @phalanx/${target} but packages/${pkg}/package.json does not declare it`);
        }
        if (PURE.includes(pkg) && !isTest && IO_MODULES.test(spec))
          problems.push(`${file} imports ${spec}: ${pkg} is pure and must not do I/O`);
        if (pkg === 'pruntime' && ENCLAVE_FORBIDDEN.test(spec))
          problems.push(`${file} imports ${spec}: enclave code must not import host or node code`);
        if (pkg === 'host' && spec.startsWith('@phalanx/pruntime') && spec !== HOST_PRUNTIME_API)
          problems.push(
            `${file} imports ${spec}: the host may import only ${HOST_PRUNTIME_API} (trusted code stays in the enclave)`,
          );
        if (pkg === 'runtime' && !isTest && RUNTIME_FORBIDDEN_MODULES.test(spec))
          problems.push(`${file} imports ${spec}: the runtime must not reach randomness or the network`);
        if (spec.startsWith('.')) edges.push(resolveRelative(file, spec));
      }
      graph.set(file, edges);
      const code = stripComments(source);
      if (pkg === 'runtime' && !isTest && CLOCK_OR_RANDOM.test(code)) {
        problems.push(`${file} reads the clock or randomness: the runtime must be deterministic`);
      }
      if (pkg === 'runtime' && !isTest && RANDOMNESS.test(code)) {
        problems.push(`${file} makes randomness or keys: the runtime must be deterministic`);
      }
      if (pkg === 'runtime' && !isTest && NETWORK.test(code)) {
        problems.push(`${file} reaches the network (fetch, globalThis): the runtime must be deterministic`);
      }
      // The ink! engine and the wasm tools decide gas and outcomes every replica must agree on.
      if (DETERMINISTIC_ENGINE.test(file) && (CLOCK_OR_RANDOM.test(code) || RANDOMNESS.test(code) || NETWORK.test(code))) {
        problems.push(`${file} reads the clock, randomness or the network: the contract engine must be deterministic`);
      }
      if (!isTest && DYNAMIC_IMPORT.test(code)) {
        problems.push(
          `${file} has an import() of a computed specifier: imports must be string literals the layering check can see`,
        );
      }
    }
  }
  for (const cycle of findCycles(packageGraph)) problems.push(`package import cycle: ${cycle.join(' -> ')}`);
  for (const cycle of findCycles(graph)) problems.push(`module import cycle: ${cycle.join(' -> ')}`);
  return problems;
}

function resolveRelative(file, spec) {
  const base = resolve('/', dirname(file), spec).slice(1);
  return base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
}

/** Cycles in a directed graph (each reported once, from its first node found). */
export function findCycles(graph) {
  const cycles = [];
  const state = new Map(); // 1 = on stack, 2 = done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next) || next === node) continue;
      if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
