import type { CallBroker } from '../cross-call.js';
import type { ContractHost, RawStorage } from '../engine.js';
import { INK_LIMITS } from './limits.js';
import type { Sandbox } from './sandbox.js';
import { inkTrap } from './sandbox.js';

/** What an ink! call knows of its environment, as pallet-contracts' `Ext` offers it. */
export interface InkEnv {
  /** The caller's AccountId (32 bytes) and the contract's own. */
  readonly caller: Uint8Array;
  readonly address: Uint8Array;
  /** blake2_256 of the contract's wasm. */
  readonly codeHash: Uint8Array;
  readonly blockNumber: number;
  /** Milliseconds (the block's timestamp). */
  readonly timestamp: number;
  /** The price of one gas unit, for `weight_to_fee` (the command's gas price; 0 in queries). */
  readonly gasPrice: bigint;
  /** A query: writes are allowed and then discarded (Phala's queries run any message). */
  readonly query: boolean;
}

export interface InkEvent {
  readonly topics: readonly Uint8Array[];
  readonly data: Uint8Array;
}

/** One call's host state: its memory, input, environment, storage, and what it emitted. */
export interface InkContext {
  readonly sandbox: Sandbox;
  readonly input: Uint8Array;
  readonly env: InkEnv;
  readonly storage: RawStorage;
  readonly events: InkEvent[];
  /** Debug messages: for the caller's eyes only (returned in the outcome, never logged). */
  debug: string;
  gasLeft(): bigint;
  verifySr25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Cross-contract calls (absent: every callee is not callable). */
  readonly calls?: CallBroker;
  /** The contract host, for Phala's chain extension (keys, randomness, cache). */
  readonly host?: ContractHost;
}

/** The namespace byte of a storage key: pallet-contracts hashes fixed 32-byte keys and variable keys apart. */
export const FIX_KEY = 0;
export const VAR_KEY = 1;

/** Reads a storage key from memory: fixed (32 bytes, seal0 style) or of `len` bytes (at most MaxStorageKeyLen). */
export function readKey(ctx: InkContext, ptr: number, len: number | undefined): Uint8Array {
  const size = len === undefined ? 32 : len >>> 0;
  if (size > INK_LIMITS.storageKeyBytes)
    throw inkTrap('limit', `a storage key is at most ${INK_LIMITS.storageKeyBytes} bytes; the contract passed ${size}`);
  const key = ctx.sandbox.read(ptr, size, INK_LIMITS.storageKeyBytes);
  const out = new Uint8Array(size + 1);
  out[0] = len === undefined ? FIX_KEY : VAR_KEY;
  out.set(key, 1);
  return out;
}

/** Little-endian encodings of the fixed-width values the host hands out. */
export function le(value: bigint | number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let rest = BigInt(value);
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}
