// What the `sim` TEE measures: every file the enclave entry can load. A real TEE's hardware hashes
// the enclave image as it loads it; the simulator stands in for that by walking the module graph of
// its own entry module (static and literal dynamic imports, `require` calls, and assets named by
// `new URL('…', import.meta.url)` such as the QuickJS WebAssembly file) across package boundaries,
// and hashing each file under a name that does not depend on where the build is installed.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { blake2_256, concatBytes, utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { encode, fixedBytes, str, tuple, vec } from '@phalanx/scale';

/** One measured file: its install-independent name (`package@version/path`) and where it is here. */
export interface MeasuredFile {
  readonly name: string;
  readonly path: string;
}

const ESM_CONDITIONS = ['node', 'import', 'default'];
const CJS_CONDITIONS = ['node', 'require', 'default'];
const CJS_EXTENSIONS = ['', '.js', '.json', '.node'];
const PARSED = new Set(['.js', '.mjs', '.cjs']);
const MAX_FILES = 100_000;
const BUILD_DOMAIN = 'phalanx/sim-build/v1';
const Manifest = vec(tuple(str(4096), fixedBytes(32)), MAX_FILES);

/** Where a module asks for other code: the specifier and whether it is resolved as ESM, CJS, or an asset. */
type Edge = { spec: string; kind: 'esm' | 'cjs' | 'asset' };

const PATTERNS: [RegExp, Edge['kind']][] = [
  [/\b(?:import|export)\b[^'"`;()]*?\bfrom\s*['"]([^'"\n]+)['"]/g, 'esm'],
  [/\bimport\s*['"]([^'"\n]+)['"]/g, 'esm'],
  [/\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g, 'esm'],
  [/\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g, 'cjs'],
  [/\bnew\s+URL\s*\(\s*['"]([^'"\n]+)['"]\s*,\s*import\.meta\.url\s*\)/g, 'asset'],
];

/** The specifiers a JavaScript source names (a superset: a match inside a string is harmless if it resolves). */
export function moduleEdges(source: string): Edge[] {
  const edges: Edge[] = [];
  for (const [pattern, kind] of PATTERNS)
    for (const match of source.matchAll(pattern)) edges.push({ spec: match[1] as string, kind });
  return edges;
}

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] as string) || builtinModules.includes(spec);
}

// Package manifests are read many times while walking one graph; the build does not change meanwhile.
const fileCache = new Map<string, boolean>();
const jsonCache = new Map<string, Record<string, unknown> | undefined>();

function isFile(path: string): boolean {
  let known = fileCache.get(path);
  if (known === undefined) {
    try {
      known = statSync(path).isFile();
    } catch {
      known = false;
    }
    fileCache.set(path, known);
  }
  return known;
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (jsonCache.has(path)) return jsonCache.get(path);
  let value: Record<string, unknown> | undefined;
  if (isFile(path)) {
    try {
      value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new PhalanxError('STORE', `${path} is not valid JSON: the enclave build is damaged`);
    }
  }
  jsonCache.set(path, value);
  return value;
}

/** Node's `exports`/`imports` target resolution: strings, arrays (first that resolves), condition objects in key order. */
function resolveTarget(target: unknown, star: string, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target.replaceAll('*', star);
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = resolveTarget(item, star, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [key, value] of Object.entries(target)) {
      if (key !== 'default' && !conditions.includes(key)) continue;
      const found = resolveTarget(value, star, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function resolveMap(map: unknown, subpath: string, conditions: readonly string[]): string | undefined {
  const isSugar =
    typeof map === 'string' ||
    Array.isArray(map) ||
    (typeof map === 'object' && map !== null && !Object.keys(map).some((key) => key.startsWith('.') || key.startsWith('#')));
  const entries = (isSugar ? { '.': map } : (map ?? {})) as Record<string, unknown>;
  if (Object.hasOwn(entries, subpath) && !subpath.includes('*')) return resolveTarget(entries[subpath], '', conditions);
  let best: { key: string; star: string } | undefined;
  for (const key of Object.keys(entries)) {
    const at = key.indexOf('*');
    if (at < 0) continue;
    const [prefix, suffix] = [key.slice(0, at), key.slice(at + 1)];
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length - 1) continue;
    if (best === undefined || prefix.length > best.key.indexOf('*')) {
      best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best === undefined ? undefined : resolveTarget(entries[best.key], best.star, conditions);
}

/** The directory of the nearest package.json above `dir` that has a name (a package root). */
function packageRoot(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (typeof readJson(join(at, 'package.json'))?.name === 'string') return at;
    if (dirname(at) === at) return undefined;
  }
}

function resolveCjsFile(path: string): string | undefined {
  for (const extension of CJS_EXTENSIONS) if (isFile(path + extension)) return path + extension;
  const main = readJson(join(path, 'package.json'))?.main;
  if (typeof main === 'string') {
    const found = resolveCjsFile(join(path, main));
    if (found !== undefined) return found;
  }
  return isFile(join(path, 'index.js')) ? join(path, 'index.js') : undefined;
}

function resolveBare(spec: string, fromDir: string, kind: 'esm' | 'cjs'): string | undefined {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  const subpath = `.${spec.slice(name.length)}`;
  const conditions = kind === 'esm' ? ESM_CONDITIONS : CJS_CONDITIONS;
  for (let at = fromDir; ; at = dirname(at)) {
    const dir = join(at, 'node_modules', name);
    const manifest = readJson(join(dir, 'package.json'));
    if (manifest !== undefined) {
      if (manifest.exports !== undefined) {
        const target = resolveMap(manifest.exports, subpath, conditions);
        return target === undefined ? undefined : join(dir, target);
      }
      if (subpath !== '.') return kind === 'esm' ? join(dir, subpath) : resolveCjsFile(join(dir, subpath));
      return resolveCjsFile(dir);
    }
    if (dirname(at) === at) return undefined;
  }
}

function resolveSpec(edge: Edge, from: string): string | undefined {
  const { spec, kind } = edge;
  const fromDir = dirname(from);
  if (kind === 'asset') return resolve(fromDir, spec);
  if (spec.startsWith('file:')) return new URL(spec).pathname;
  if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) {
    const path = resolve(fromDir, spec);
    return kind === 'esm' ? path : resolveCjsFile(path);
  }
  if (spec.startsWith('#')) {
    const root = packageRoot(fromDir);
    const target =
      root && resolveMap(readJson(join(root, 'package.json'))?.imports, spec, kind === 'esm' ? ESM_CONDITIONS : CJS_CONDITIONS);
    if (root === undefined || target === undefined) return undefined;
    return target.startsWith('.') ? join(root, target) : resolveBare(target, root, kind);
  }
  return resolveBare(spec, fromDir, kind);
}

/** The install-independent name of a file: `package@version/path inside the package`. */
function canonicalName(path: string): string {
  const root = packageRoot(dirname(path));
  if (root === undefined) throw new PhalanxError('STORE', `${path} belongs to no package: cannot measure the enclave build`);
  const manifest = readJson(join(root, 'package.json')) as { name: string; version?: unknown };
  return `${manifest.name}@${String(manifest.version ?? '0.0.0')}/${relative(root, path).split(sep).join('/')}`;
}

/** The package.json files that decide how `path` is loaded (its package, and any nested `type` marker). */
function manifestsOf(path: string): string[] {
  const found: string[] = [];
  for (let at = dirname(path); ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (isFile(manifest)) {
      found.push(manifest);
      if (typeof readJson(manifest)?.name === 'string') return found;
    }
    if (dirname(at) === at) return found;
  }
}

export interface ModuleGraph {
  /** Every file reachable from the entry, each once, sorted by canonical name. */
  readonly files: readonly MeasuredFile[];
  /**
   * Specifiers that name no file (`kind:spec <- importer`), e.g. an optional `require('encoding')`
   * in a try block. They are measured by name, so installing such a package changes the measurement.
   */
  readonly unresolved: readonly string[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The module graph of `entry` (an absolute path). Built-in modules (`node:*`) are part of the
 * runtime, not of the build, and are skipped.
 */
export function enclaveModuleGraph(entry: string): ModuleGraph {
  fileCache.clear();
  jsonCache.clear();
  const seen = new Map<string, string>(); // real path -> canonical name
  const queue = [realpathSync(entry)];
  const unresolved = new Set<string>();
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    if (seen.size >= MAX_FILES) throw new PhalanxError('STORE', `the enclave build has more than ${MAX_FILES} files`);
    seen.set(path, canonicalName(path));
    for (const manifest of manifestsOf(path)) if (!seen.has(manifest)) queue.push(manifest);
    if (!PARSED.has(extname(path))) continue;
    for (const edge of moduleEdges(readFileSync(path, 'utf8'))) {
      if (edge.kind !== 'asset' && isBuiltin(edge.spec)) continue;
      const target = resolveSpec(edge, path);
      if (target === undefined || !isFile(target)) {
        unresolved.add(`${edge.kind}:${edge.spec} <- ${seen.get(path)}`);
        continue;
      }
      queue.push(realpathSync(target));
    }
  }
  fileCache.clear();
  jsonCache.clear();
  return {
    files: [...seen].map(([path, name]) => ({ name, path })).sort((a, b) => compare(a.name, b.name)),
    unresolved: [...unresolved].sort(compare),
  };
}

/**
 * The simulated measurement's input: blake2_256 over the (name, blake2_256(content)) of every file
 * and the (unresolved specifier, zero hash) of every name that resolved to none, sorted and without
 * repeats (one package version installed twice in node_modules counts once when the bytes match).
 */
export function enclaveBuildHash(entry: string): Uint8Array {
  const graph = enclaveModuleGraph(entry);
  const entries = new Map<string, [string, Uint8Array]>();
  for (const { name, path } of graph.files) {
    const hash = blake2_256(new Uint8Array(readFileSync(path)));
    entries.set(`${name}\0${toHexKey(hash)}`, [name, hash]);
  }
  for (const spec of graph.unresolved) entries.set(`?${spec}`, [`?${spec}`, new Uint8Array(32)]);
  const manifest = [...entries].sort(([a], [b]) => compare(a, b)).map(([, entry]) => entry);
  return blake2_256(concatBytes(utf8(BUILD_DOMAIN), encode(Manifest, manifest)));
}

const toHexKey = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
