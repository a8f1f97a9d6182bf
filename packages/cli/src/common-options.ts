import { isScheme, type Keypair, keypairFromUri } from '@phalanx/crypto';
import { usageError } from './args.js';

export const DEFAULT_RPC = 'ws://127.0.0.1:9944';
export const DEFAULT_SURI = '//Alice';

/** Flags shared by commands that talk to a node and sign. */
export const CLIENT_OPTIONS = {
  rpc: { type: 'string', default: DEFAULT_RPC },
  suri: { type: 'string', default: DEFAULT_SURI },
  scheme: { type: 'string', default: 'sr25519' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function signerFrom(values: { suri: string; scheme: string }): Keypair {
  if (!isScheme(values.scheme)) throw usageError(`--scheme must be sr25519 or ed25519, got "${values.scheme}"`);
  return keypairFromUri(values.suri, values.scheme);
}

const UNIT = 1_000_000_000_000n;

/** An amount in the smallest unit ("1500") or in PHA with a suffix ("1.5PHA"). */
export function parseAmount(text: string): bigint {
  const pha = /^(\d+)(?:\.(\d{1,12}))?PHA$/i.exec(text);
  if (pha !== null) return BigInt(pha[1] as string) * UNIT + BigInt((pha[2] ?? '').padEnd(12, '0'));
  if (/^\d+$/.test(text)) return BigInt(text);
  throw usageError(`amount must be an integer of the smallest unit or a PHA amount like 1.5PHA, got "${text}"`);
}
