import { writeFileSync } from 'node:fs';
import { blake2_256, cryptoReady, toHex, utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Contract, connect, deploy, receiptKeyFromUri } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, signerFrom } from '../common-options.js';
import { type Io, printJson } from '../output.js';
import { bundleContract, deployableCode } from './contract-check.js';

export { bundleContract };

export const CONTRACT_HELP = `phalanx contract — build, deploy, call and query confidential contracts

Usage:
  phalanx contract build FILE.ts [--out FILE.js] [--json]
      Bundles a TypeScript/JavaScript contract into one ES module (esbuild) ready to deploy.
  phalanx contract deploy FILE [--args JSON_ARRAY] [--constructor NAME] [--salt S] [--cluster ID] [--json]
      Deploys FILE (.js, TypeScript .ts/.tsx/.mts/.cts bundled on the fly, or an ink! 4/5 bundle
      .contract, whose constructor NAME — by its metadata label; default: the one marked default,
      else new — runs with --args); waits for the constructor. Prints {address, codeHash}. The code is first loaded locally in the workers'
      engine: a syntax error (file:line:column) or a module that cannot load costs no fee.
  phalanx contract call ADDRESS METHOD [--args JSON_ARRAY] [--gas-limit N] [--gas-price P] [--json]
      Sends an encrypted command and waits for its receipt: {ok, result, block, gasUsed, events}.
      The signer reserves gas limit × price (default 100000000 × 100 planck) and pays gasUsed × price.
  phalanx contract query ADDRESS METHOD [--args JSON_ARRAY] [--json]
      Asks a worker (signed, encrypted, read-only): {ok, result}.

A failure (the contract threw, a limit, the chain refused) prints {ok: false, error: {code, message,
…fields}} with --json (CONTRACT_FAILED: the contract's message, block, gasUsed), else error[CODE] on stderr.

Common: --rpc URL (ws://127.0.0.1:9944), --suri URI (//Alice), --scheme sr25519|ed25519.
The contract module format and ctx API: docs/contracts.md.`;

const OPTIONS = {
  ...CLIENT_OPTIONS,
  args: { type: 'string', default: '[]' },
  salt: { type: 'string' },
  constructor: { type: 'string' },
  cluster: { type: 'string' },
  out: { type: 'string' },
  'gas-limit': { type: 'string' },
  'gas-price': { type: 'string' },
} as const;

/** A whole number flag (the SDK checks its range against the chain's rules). */
function wholeNumber(text: string | undefined, flag: string): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(`${flag} must be a whole number, e.g. ${flag} 200000000`);
  return BigInt(text);
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
    const out = values.out ?? `${file.replace(/\.([mc]?ts|tsx|[mc]?js)$/, '')}.bundle.js`;
    writeFileSync(out, code);
    show({ out, bytes: code.length, codeHash: toHex(blake2_256(utf8(code))) }, `wrote ${out} (${code.length} bytes)`);
    return 0;
  }
  if (sub !== 'deploy' && sub !== 'call' && sub !== 'query')
    throw usageError(`unknown contract command "${sub}" (try build, deploy, call or query)`);
  await cryptoReady();
  const signer = signerFrom(values);
  const args = parseArgs(values.args);
  const [file, ...extraFiles] = positionals;
  if (sub === 'deploy' && (file === undefined || extraFiles.length > 0)) throw usageError('contract deploy takes one FILE');
  // Checked before connecting: code the workers cannot load is refused before any fee is paid.
  const code = sub === 'deploy' ? await deployableCode(file as string, values.constructor) : '';
  const client = await connect(values.rpc);
  try {
    if (sub === 'deploy') {
      const contract = await deploy(client, signer, code, args, {
        // Sealed to a key derived from --suri: the same URI opens them later (the explorer too).
        receiptKey: receiptKeyFromUri(values.suri),
        ...(values.salt === undefined ? {} : { salt: values.salt }),
        ...(values.constructor === undefined ? {} : { inkConstructor: values.constructor }),
        ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      });
      const view = { address: contract.address, id: toHex(contract.id), codeHash: toHex(blake2_256(utf8(code))) };
      show(view, `deployed at ${view.address}`);
      return 0;
    }
    const [address, method, ...extra] = positionals;
    if (address === undefined || method === undefined || extra.length > 0)
      throw usageError(`contract ${sub} takes ADDRESS and METHOD`);
    const contract = (await Contract.at(client, address, signer)).withReceiptKey(receiptKeyFromUri(values.suri));
    if (sub === 'call') {
      const gasLimit = wholeNumber(values['gas-limit'], '--gas-limit');
      const gasPrice = wholeNumber(values['gas-price'], '--gas-price');
      const outcome = await contract.call(method, args, {
        ...(gasLimit === undefined ? {} : { gasLimit }),
        ...(gasPrice === undefined ? {} : { gasPrice }),
      });
      // The contract threw or broke a limit: CONTRACT_FAILED with its own message (the one error shape).
      if (!outcome.ok)
        throw new PhalanxError('CONTRACT_FAILED', outcome.error ?? 'the command failed', {
          details: { block: outcome.block, gasUsed: outcome.gasUsed },
        });
      const view = { ok: true, result: outcome.result, block: outcome.block, gasUsed: outcome.gasUsed, events: outcome.events };
      show(view, `ok in block #${outcome.block}: ${JSON.stringify(outcome.result)}`);
      return 0;
    }
    // A failed query throws CONTRACT_FAILED with the contract's message; main reports it.
    const result = await contract.read(method, args);
    show({ ok: true, result }, JSON.stringify(result));
    return 0;
  } finally {
    await client.close();
  }
}
