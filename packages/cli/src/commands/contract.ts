import { readFileSync, writeFileSync } from 'node:fs';
import { blake2_256, cryptoReady, toHex, utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Contract, connect, deploy } from '@phalanx/sdk';
import { build } from 'esbuild';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, signerFrom } from '../common-options.js';
import { type Io, printJson } from '../output.js';

export const CONTRACT_HELP = `phalanx contract — build, deploy, call and query confidential contracts

Usage:
  phalanx contract build FILE.ts [--out FILE.js] [--json]
      Bundles a TypeScript/JavaScript contract into one ES module (esbuild) ready to deploy.
  phalanx contract deploy FILE [--args JSON_ARRAY] [--salt S] [--cluster ID] [--json]
      Deploys FILE (.js, or .ts built on the fly); waits for the constructor. Prints {address, codeHash}.
  phalanx contract call ADDRESS METHOD [--args JSON_ARRAY] [--json]
      Sends an encrypted command and waits for its receipt: {ok, result | error, block, gasUsed}.
  phalanx contract query ADDRESS METHOD [--args JSON_ARRAY] [--json]
      Asks a worker (signed, encrypted, read-only): {ok, result | error}.

Common: --rpc URL (ws://127.0.0.1:9944), --suri URI (//Alice), --scheme sr25519|ed25519.
The contract module format and ctx API: docs/contracts.md.`;

const OPTIONS = {
  ...CLIENT_OPTIONS,
  args: { type: 'string', default: '[]' },
  salt: { type: 'string' },
  cluster: { type: 'string' },
  out: { type: 'string' },
} as const;

/** Bundles a contract source into one ES module string. */
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
    const first = (cause as { errors?: { text?: string }[] }).errors?.[0]?.text;
    throw new PhalanxError('INVALID_INPUT', `cannot build ${file}: ${first ?? 'esbuild failed'}`, { cause });
  }
}

function parseArgs(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('--args must be a JSON array, e.g. --args \'["5Grw…", 10]\'');
  }
  if (!Array.isArray(value)) throw usageError('--args must be a JSON array');
  return value;
}

async function codeOf(file: string): Promise<string> {
  return file.endsWith('.ts') || file.endsWith('.mts') ? bundleContract(file) : readFileSync(file, 'utf8');
}

export async function contractCommand(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommandArgs('contract', rest, OPTIONS);
  if (values.help || sub === undefined || sub === 'help') {
    io.out(CONTRACT_HELP);
    return sub === undefined ? 2 : 0;
  }
  const show = (view: Record<string, unknown>, text: string) => (values.json ? printJson(io, view) : io.out(text));
  if (sub === 'build') {
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw usageError('contract build takes one FILE');
    const code = await bundleContract(file);
    const out = values.out ?? file.replace(/\.(m?ts|m?js)$/, '') + '.bundle.js';
    writeFileSync(out, code);
    show({ out, bytes: code.length, codeHash: toHex(blake2_256(utf8(code))) }, `wrote ${out} (${code.length} bytes)`);
    return 0;
  }
  await cryptoReady();
  const signer = signerFrom(values);
  const args = parseArgs(values.args);
  const client = await connect(values.rpc);
  try {
    if (sub === 'deploy') {
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0) throw usageError('contract deploy takes one FILE');
      const code = await codeOf(file);
      const contract = await deploy(client, signer, code, args, {
        ...(values.salt === undefined ? {} : { salt: values.salt }),
        ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      });
      const view = { address: contract.address, id: toHex(contract.id), codeHash: toHex(blake2_256(utf8(code))) };
      show(view, `deployed at ${view.address}`);
      return 0;
    }
    const [address, method, ...extra] = positionals;
    if (address === undefined || method === undefined || extra.length > 0)
      throw usageError(`contract ${sub} takes ADDRESS and METHOD`);
    const contract = await Contract.at(client, address, signer);
    if (sub === 'call') {
      const outcome = await contract.call(method, args);
      const view = outcome.ok
        ? { ok: true, result: outcome.result, block: outcome.block, gasUsed: outcome.gasUsed, events: outcome.events }
        : { ok: false, error: outcome.error, block: outcome.block, gasUsed: outcome.gasUsed };
      show(
        view,
        outcome.ok
          ? `ok in block #${outcome.block}: ${JSON.stringify(outcome.result)}`
          : `failed in block #${outcome.block}: ${outcome.error}`,
      );
      return outcome.ok ? 0 : 1;
    }
    if (sub === 'query') {
      try {
        const result = await contract.read(method, args);
        show({ ok: true, result }, JSON.stringify(result));
        return 0;
      } catch (error) {
        if (!(error instanceof PhalanxError) || error.code !== 'CONTRACT_FAILED') throw error;
        show({ ok: false, error: error.message }, `failed: ${error.message}`);
        return 1;
      }
    }
    throw usageError(`unknown contract command "${sub}" (try build, deploy, call or query)`);
  } finally {
    await client.close();
  }
}
