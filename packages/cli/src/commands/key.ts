import { cryptoReady, fromSs58, isScheme, keypairFromUri, type Scheme, toHex, toSs58 } from '@phalanx/crypto';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { parseCommandArgs, usageError } from '../args.js';
import { type Io, printJson } from '../output.js';

export const KEY_HELP = `phalanx key — key pairs and addresses (like Substrate's subkey)

Usage:
  phalanx key generate [--scheme sr25519|ed25519] [--words 12|24] [--prefix 42] [--json]
      A new key pair from a fresh BIP-39 mnemonic. Prints the mnemonic: keep it secret.
  phalanx key inspect URI|ADDRESS [--scheme sr25519|ed25519] [--prefix 42] [--json]
      The public key and SS58 address of a secret URI ("//Alice", "MNEMONIC//hard/soft",
      "0xSEED") or of an SS58 address.`;

const options = {
  scheme: { type: 'string', default: 'sr25519' },
  words: { type: 'string', default: '12' },
  prefix: { type: 'string', default: '42' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface KeyView {
  ss58: string;
  publicKey: string;
  scheme: Scheme;
}

function parseScheme(value: string): Scheme {
  if (!isScheme(value)) throw usageError(`--scheme must be sr25519 or ed25519, got "${value}"`);
  return value;
}

function parsePrefix(value: string): number {
  const prefix = Number(value);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383) throw usageError('--prefix must be an integer in [0, 16383]');
  return prefix;
}

function show(io: Io, json: boolean, view: KeyView & { secretPhrase?: string }): void {
  if (json) {
    printJson(io, view);
    return;
  }
  if (view.secretPhrase !== undefined) io.out(`Secret phrase:  ${view.secretPhrase}`);
  io.out(`Scheme:         ${view.scheme}`);
  io.out(`Public key:     ${view.publicKey}`);
  io.out(`SS58 address:   ${view.ss58}`);
}

export async function keyCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('key', rest, options);
  if (values.help || sub === undefined || sub === 'help') {
    io.out(KEY_HELP);
    return sub === undefined ? 2 : 0;
  }
  const scheme = parseScheme(values.scheme);
  const prefix = parsePrefix(values.prefix);
  await cryptoReady();
  if (sub === 'generate') {
    if (positionals.length > 0) throw usageError('key generate takes no positional arguments');
    const words = Number(values.words);
    if (words !== 12 && words !== 24) throw usageError('--words must be 12 or 24');
    const secretPhrase = mnemonicGenerate(words);
    const pair = keypairFromUri(secretPhrase, scheme);
    show(io, values.json, { ss58: toSs58(pair.publicKey, prefix), publicKey: toHex(pair.publicKey), scheme, secretPhrase });
    return 0;
  }
  if (sub === 'inspect') {
    const [target, ...extra] = positionals;
    if (target === undefined || extra.length > 0) throw usageError('key inspect takes exactly one URI or address');
    const publicKey = looksLikeAddress(target) ? fromSs58(target, null) : keypairFromUri(target, scheme).publicKey;
    show(io, values.json, { ss58: toSs58(publicKey, prefix), publicKey: toHex(publicKey), scheme });
    return 0;
  }
  throw usageError(`unknown key command "${sub}" (try generate or inspect)`);
}

/** An SS58 address: base58 only, no spaces, no "//" and not a 0x seed. */
function looksLikeAddress(value: string): boolean {
  return /^[1-9A-HJ-NP-Za-km-z]{40,60}$/.test(value);
}
