import { readFileSync, statSync } from 'node:fs';
import { utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import {
  CONTRACT_LIMITS,
  type ContractHost,
  DEFAULT_GAS_LIMIT,
  InkEngine,
  inkConstructorLabels,
  QuickJsEngine,
} from '@phalanx/pruntime';
import { build, transform } from 'esbuild';
import { newQuickJSWASMModuleFromVariant, RELEASE_SYNC } from 'quickjs-emscripten';

/** ink! bundles as cargo-contract writes them (`.contract`; polkadot-js names its copies `.contract.json`). */
const INK_BUNDLE = /\.contract(\.json)?$/i;
/** Extensions esbuild reads as TypeScript: such a file is bundled, never uploaded as it is. */
const TYPESCRIPT = /\.(ts|tsx|mts|cts)$/i;
/** Made once per process, on first use (instrumenting the engine's build takes a moment). */
let parser: ReturnType<typeof newQuickJSWASMModuleFromVariant> | undefined;
let engine: Promise<QuickJsEngine> | undefined;
const TS_HINT =
  'this is TypeScript, not JavaScript: give it a .ts extension (deploy and `phalanx contract build` bundle TypeScript)';

/** Bundles a contract source into one ES module string; a syntax error names file:line:column. */
export async function bundleContract(file: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (cause) {
    const first = (cause as { errors?: { text?: string; location?: { file: string; line: number; column: number } | null }[] })
      .errors?.[0];
    const where = first?.location;
    if (where === undefined || where === null)
      throw new PhalanxError('INVALID_INPUT', `cannot build ${file}: ${first?.text ?? 'esbuild failed'}`, { cause });
    // esbuild counts columns from 0; editors and QuickJS from 1.
    const at = { file: where.file, line: where.line, column: where.column + 1 };
    throw new PhalanxError('INVALID_INPUT', `cannot build ${file}: ${at.file}:${at.line}:${at.column}: ${first?.text}`, {
      cause,
      details: at,
    });
  }
}

/**
 * The code `contract deploy` uploads for FILE, checked here first so that code the workers cannot
 * load is refused before any fee is paid: TypeScript is bundled (by extension), and the result must
 * parse and load in the contract engine the workers run (the pinned QuickJS build, with its prelude
 * and load limits). A syntax error is reported as file:line:column.
 */
export async function deployableCode(file: string, inkConstructor?: string): Promise<string> {
  if (INK_BUNDLE.test(file)) return inkBundle(file, inkConstructor);
  if (inkConstructor !== undefined)
    throw new PhalanxError(
      'INVALID_INPUT',
      `--constructor chooses an ink! constructor; ${file} is not an ink! .contract bundle`,
      {
        details: { file },
      },
    );
  const typescript = TYPESCRIPT.test(file);
  const code = typescript ? await bundleContract(file) : readSource(file);
  const label = typescript ? `the bundle of ${file}` : file;
  assertSize(code, label, file);
  await assertParses(code, label, !typescript);
  await assertLoads(code, label);
  return code;
}

function assertSize(code: string, label: string, file: string): void {
  const bytes = utf8(code).length;
  if (bytes > CONTRACT_LIMITS.codeBytes)
    throw new PhalanxError(
      'INVALID_INPUT',
      `${label} is ${bytes} bytes, over the contract code limit of ${CONTRACT_LIMITS.codeBytes}`,
      {
        details: { file, bytes, limit: CONTRACT_LIMITS.codeBytes },
      },
    );
}

/**
 * An ink! bundle is uploaded as it is (its JSON text: the workers' engine router sends it to the
 * ink! engine), after the checks the workers make: the bundle, its hash, the wasm's validation
 * and instrumentation, the metadata.
 */
async function inkBundle(file: string, inkConstructor: string | undefined): Promise<string> {
  const code = readSource(file);
  assertSize(code, file, file);
  let labels: string[];
  try {
    (await new InkEngine().open(code)).dispose();
    labels = inkConstructorLabels(code);
  } catch (cause) {
    if (!(cause instanceof PhalanxError)) throw cause;
    throw new PhalanxError(cause.code, `${file}: ${cause.message}`, { cause, details: { file } });
  }
  if (inkConstructor !== undefined && !labels.includes(inkConstructor))
    throw new PhalanxError('INVALID_INPUT', `${file} has no constructor "${inkConstructor}"; it has ${labels.join(', ')}`, {
      details: { file, constructors: labels.join(', ') },
    });
  return code;
}

function readSource(file: string): string {
  try {
    // A file far over the limit is refused before it is read into memory.
    const size = statSync(file).size;
    if (size > 4 * CONTRACT_LIMITS.codeBytes)
      throw new PhalanxError(
        'INVALID_INPUT',
        `${file} is ${size} bytes, over the contract code limit of ${CONTRACT_LIMITS.codeBytes}`,
        {
          details: { file, bytes: size, limit: CONTRACT_LIMITS.codeBytes },
        },
      );
    return readFileSync(file, 'utf8');
  } catch (cause) {
    if (cause instanceof PhalanxError) throw cause;
    throw new PhalanxError('INVALID_INPUT', `cannot read ${file}`, { cause, details: { file } });
  }
}

/**
 * Compiles the module (without running it) in the same QuickJS build, only to find where a syntax
 * error is: the engine's own load error names no position.
 */
async function assertParses(code: string, label: string, mayBeTypeScript: boolean): Promise<void> {
  parser ??= newQuickJSWASMModuleFromVariant(RELEASE_SYNC);
  const quickjs = await parser;
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(64 * 1024 * 1024);
  runtime.setMaxStackSize(CONTRACT_LIMITS.stackBytes);
  const context = runtime.newContext();
  let failure: { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  try {
    const compiled = context.evalCode(code, 'contract.js', { type: 'module', compileOnly: true });
    if (compiled.error === undefined) compiled.value.dispose();
    else {
      failure = context.dump(compiled.error) as typeof failure;
      compiled.error.dispose();
    }
  } finally {
    context.dispose();
    runtime.dispose();
  }
  // Only the parse is this check's to report; a module that does not link is the engine's (below).
  if (failure === undefined || failure.name !== 'SyntaxError') return;
  const position = /contract\.js:(\d+):(\d+)/.exec(String(failure.stack ?? ''));
  const line = position === null ? null : Number(position[1]);
  const column = position === null ? null : Number(position[2]);
  const where = line === null ? label : `${label}:${line}:${column}`;
  const what = `SyntaxError: ${String(failure.message ?? 'the module does not compile')}`;
  const hint = mayBeTypeScript && (await isTypeScript(code)) ? ` — ${TS_HINT}` : '';
  throw new PhalanxError('INVALID_INPUT', `${where}: ${what}${hint}`, { details: { file: label, line, column } });
}

/** Source QuickJS refuses but esbuild accepts as TypeScript: type annotations in a .js file. */
async function isTypeScript(code: string): Promise<boolean> {
  try {
    await transform(code, { loader: 'ts', format: 'esm', logLevel: 'silent' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the module as a worker does (the engine evaluates its top level under the load gas limit),
 * then asks for a method no call can name (the empty one): the engine answers with its load error,
 * a missing `export default`, or "no such method" when the module is sound. The top level gets no
 * host: it never may touch one.
 */
async function assertLoads(code: string, label: string): Promise<void> {
  engine ??= QuickJsEngine.create();
  const session = await (await engine).openForQueries(code);
  try {
    const outcome = await session.call({ method: '', args: '[]', gasLimit: DEFAULT_GAS_LIMIT }, noHost());
    const error = outcome.error;
    if (error.startsWith('the contract failed to load: ')) {
      const reason = error.slice('the contract failed to load: '.length);
      const hint = /could not load module/.test(reason)
        ? ` (a contract is one module: bundle its imports with \`phalanx contract build\`)`
        : '';
      throw new PhalanxError('INVALID_INPUT', `${label} fails to load in the contract engine: ${reason}${hint}`, {
        details: { file: label },
      });
    }
    if (/must export default/.test(error))
      throw new PhalanxError('INVALID_INPUT', `${label}: the contract module must export default { init, tx, query }`, {
        details: { file: label },
      });
  } finally {
    session.dispose();
  }
}

function noHost(): ContractHost {
  const none = (): never => {
    throw new PhalanxError('INVALID_INPUT', 'the load check runs no contract method');
  };
  return {
    env: { kind: 'query', caller: '', self: '', block: { number: 0, timestamp: 0 } },
    storageGet: none,
    storageSet: none,
    storageDelete: none,
    storageHas: none,
    emit: none,
    random: none,
    keyPublic: none,
    keySecret: none,
    keySign: none,
    keyAgree: none,
    verify: none,
    blake2: none,
    encrypt: none,
    decrypt: none,
  };
}
