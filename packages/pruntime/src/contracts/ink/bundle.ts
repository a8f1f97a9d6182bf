import { blake2_256, equalBytes, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { INK_LIMITS } from './limits.js';

/** A `.contract` bundle as cargo-contract writes it: the metadata (ABI) and the wasm. */
export interface InkBundle {
  readonly wasm: Uint8Array;
  /** blake2_256 of the wasm (checked against the bundle's `source.hash`). */
  readonly codeHash: Uint8Array;
  /** ink! major version: 4 or 5. */
  readonly ink: 4 | 5;
  readonly name: string;
  /** The whole bundle JSON (the ABI reads `spec`, `types`, `storage`, `version`). */
  readonly metadata: Record<string, unknown>;
}

const bad = (message: string) => new PhalanxError('INVALID_INPUT', `ink! bundle refused: ${message}`);
const HEX = /^0x(?:[0-9a-fA-F]{2})+$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and checks a `.contract` bundle (JSON): `source.wasm` as hex within the code size limit,
 * `source.hash` equal to its blake2_256, an ink! 4 or 5 language and metadata version, and a
 * `spec` to call it by. ink! 6 (PolkaVM, `source.contract_binary`) is out of scope and named so.
 */
export function parseBundle(text: string): InkBundle {
  if (text.length > INK_LIMITS.bundleBytes)
    throw bad(`it is ${text.length} characters, more than the ${INK_LIMITS.bundleBytes} allowed`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('it is not JSON (a .contract file from cargo-contract is)');
  }
  if (!isObject(json) || !isObject(json.source)) throw bad('it has no "source" object');
  const { source } = json;
  const language = typeof source.language === 'string' ? source.language : '';
  const major = /^ink!\s+(\d+)\./.exec(language)?.[1];
  if (major === '6' || source.contract_binary !== undefined)
    throw bad('it is an ink! 6 (PolkaVM) contract; Phalanx runs ink! 4 and 5 (wasm)');
  if (major !== '4' && major !== '5') throw bad(`its language is "${language}", not ink! 4 or 5`);
  if (json.version !== 4 && json.version !== 5 && json.version !== '4' && json.version !== '5')
    throw bad(`its metadata version is ${JSON.stringify(json.version)}, not 4 or 5`);
  if (typeof source.wasm !== 'string' || !HEX.test(source.wasm))
    throw bad('"source.wasm" is not 0x-hex (a bundle built without the wasm cannot be deployed)');
  if ((source.wasm.length - 2) / 2 > INK_LIMITS.codeBytes)
    throw bad(`its wasm is ${(source.wasm.length - 2) / 2} bytes, more than the ${INK_LIMITS.codeBytes} allowed`);
  const wasm = new Uint8Array(Buffer.from(source.wasm.slice(2), 'hex'));
  const codeHash = blake2_256(wasm);
  if (typeof source.hash !== 'string' || !HEX.test(source.hash) || source.hash.length !== 66)
    throw bad('"source.hash" is not a 32-byte 0x-hex hash');
  if (!equalBytes(new Uint8Array(Buffer.from(source.hash.slice(2), 'hex')), codeHash))
    throw bad(`"source.hash" does not match the wasm (its blake2_256 is ${toHex(codeHash)})`);
  if (!isObject(json.spec)) throw bad('it has no "spec" (constructors and messages)');
  const contract = isObject(json.contract) && typeof json.contract.name === 'string' ? json.contract.name : 'contract';
  return { wasm, codeHash, ink: major === '4' ? 4 : 5, name: contract, metadata: json };
}
