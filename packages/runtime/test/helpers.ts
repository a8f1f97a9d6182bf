// A tiny harness for runtime tests: the dev genesis, signed extrinsics, and blocks run over a
// MapState (changes applied, so blocks chain), plus accessors for what tests look at.
import assert from 'node:assert/strict';
import { blake2_256, devKeypair, type Keypair } from '@phalanx/crypto';
import { type ErrorCode, PhalanxError } from '@phalanx/errors';
import { signExtrinsic } from '@phalanx/primitives';
import { decode, encode, u32 } from '@phalanx/scale';
import {
  AccountInfo,
  type ApplyOutcome,
  BlockExecutor,
  buildGenesisState,
  type CheckedExtrinsic,
  checkExtrinsic,
  devGenesisConfig,
  type EventRecord,
  Extrinsic,
  MapState,
  RuntimeCall,
  readAccount,
  type StateChange,
  type StateReader,
  System,
} from '../src/index.js';

/** A fixed stand-in for the genesis block's hash: extrinsics are signed for this chain. */
export const GENESIS_HASH = new Uint8Array(32).fill(0x47);
export const GENESIS_TIME = 1_700_000_000_000n;
export const BLOCK_TIME = 6_000n;

export type AccountInfoValue = ReturnType<typeof readAccount>;

const keyCache = new Map<string, Keypair>();
/** Dev key pairs (cached: URI derivation is slow). Call after `cryptoReady()`. */
export function key(
  name: 'Alice' | 'Bob' | 'Charlie' | 'Dave' | 'Eve' | 'Ferdie',
  scheme: 'sr25519' | 'ed25519' = 'sr25519',
): Keypair {
  const id = `${name}/${scheme}`;
  let kp = keyCache.get(id);
  if (kp === undefined) {
    kp = devKeypair(name, scheme);
    keyCache.set(id, kp);
  }
  return kp;
}

export const keys = {
  get alice() {
    return key('Alice');
  },
  get bob() {
    return key('Bob');
  },
  get charlie() {
    return key('Charlie');
  },
  get dave() {
    return key('Dave');
  },
  get eve() {
    return key('Eve');
  },
  get ferdie() {
    return key('Ferdie');
  },
};

let genesisCache: MapState | undefined;
/** A fresh copy of the dev genesis state (built once). */
export function genesis(): MapState {
  genesisCache ??= buildGenesisState(devGenesisConfig(GENESIS_TIME));
  return cloneState(genesisCache);
}

export function cloneState(state: MapState): MapState {
  const copy = new MapState();
  for (const [k, v] of state.map) copy.map.set(k, v);
  return copy;
}

/** Snapshot of a MapState as hex → hex, for equality checks. */
export function snapshot(state: MapState): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of state.map) out.set(Buffer.from(k, 'latin1').toString('hex'), Buffer.from(v).toString('hex'));
  return out;
}

/** A signed, encoded extrinsic for GENESIS_HASH (or another chain). */
export function tx(keypair: Keypair, nonce: number, call: RuntimeCall, tip = 0n, genesisHash = GENESIS_HASH): Uint8Array {
  return encode(Extrinsic, signExtrinsic(RuntimeCall, keypair, genesisHash, { nonce, tip, call }));
}

export function check(bytes: Uint8Array): CheckedExtrinsic {
  return checkExtrinsic(bytes, GENESIS_HASH);
}

// Call builders.
export const calls = {
  transfer: (dest: Uint8Array, value: bigint): RuntimeCall => ({
    tag: 'Balances',
    value: { tag: 'transfer', value: { dest, value } },
  }),
  reserve: (value: bigint): RuntimeCall => ({ tag: 'Balances', value: { tag: 'reserve', value: { value } } }),
  unreserve: (value: bigint): RuntimeCall => ({ tag: 'Balances', value: { tag: 'unreserve', value: { value } } }),
  remark: (remark: Uint8Array): RuntimeCall => ({ tag: 'System', value: { tag: 'remark', value: { remark } } }),
  sudo: (call: RuntimeCall): RuntimeCall => ({ tag: 'Sudo', value: { tag: 'sudo', value: { call } } }),
  setKey: (next: Uint8Array): RuntimeCall => ({ tag: 'Sudo', value: { tag: 'setKey', value: { new: next } } }),
};

/** A deterministic stand-in for block `n`'s hash. */
export function fakeBlockHash(n: number): Uint8Array {
  return blake2_256(encode(u32, n));
}

export interface BlockOptions {
  readonly timestamp?: bigint;
  readonly author?: Uint8Array;
  readonly parentHash?: Uint8Array;
  readonly parentSeal?: Uint8Array;
}

export interface BlockResult {
  readonly outcomes: ApplyOutcome[];
  readonly events: EventRecord[];
  readonly changes: StateChange[];
}

export function envFor(number: number, options: BlockOptions = {}) {
  return {
    number,
    timestamp: options.timestamp ?? GENESIS_TIME + BigInt(number) * BLOCK_TIME,
    author: options.author ?? keys.alice.publicKey,
    parentHash: options.parentHash ?? fakeBlockHash(number - 1),
  };
}

/**
 * Runs block `number` over `state` (every extrinsic must check and apply, or this throws) and
 * applies its changes to `state`, so successive calls chain.
 */
export function runBlock(state: MapState, number: number, txs: readonly Uint8Array[], options: BlockOptions = {}): BlockResult {
  const executor = new BlockExecutor(state, envFor(number, options), options.parentSeal ?? new Uint8Array(64));
  const outcomes = txs.map((bytes) => executor.apply(check(bytes)));
  const { changes, events } = executor.finalize();
  state.apply(changes);
  return { outcomes, events, changes };
}

// Accessors.
export function account(state: StateReader, who: Keypair | Uint8Array): AccountInfoValue {
  return readAccount(state, who instanceof Uint8Array ? who : who.publicKey);
}
export const free = (state: StateReader, who: Keypair | Uint8Array): bigint => account(state, who).free;
export const nonceOf = (state: StateReader, who: Keypair | Uint8Array): number => account(state, who).nonce;

/** Every account in state, decoded. */
export function allAccounts(state: MapState): Array<[Uint8Array, AccountInfoValue]> {
  const prefix = Buffer.from(System.Account.prefix);
  const out: Array<[Uint8Array, AccountInfoValue]> = [];
  for (const [k, v] of state.entries()) {
    if (k.length > prefix.length && Buffer.from(k.subarray(0, prefix.length)).equals(prefix)) {
      out.push([System.Account.mapKeyOf(k), decode(AccountInfo, v)]);
    }
  }
  return out;
}

/** Sum of free + reserved over every account. */
export function totalIssuance(state: MapState): bigint {
  return allAccounts(state).reduce((sum, [, info]) => sum + info.free + info.reserved, 0n);
}

/** The events of a block, as `Pallet.Event` names in order (phases dropped). */
export function eventNames(events: readonly EventRecord[]): string[] {
  return events.map((record) => `${record.event.tag}.${(record.event.value as { tag: string }).tag}`);
}

/** The payloads of every `pallet.name` event. */
export function eventsOf(events: readonly EventRecord[], pallet: string, name: string): unknown[] {
  return events
    .filter((record) => record.event.tag === pallet && (record.event.value as { tag: string }).tag === name)
    .map((record) => (record.event.value as { value: unknown }).value);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Asserts `fn` throws a PhalanxError with `code`, and returns it. */
export function expectCode(fn: () => unknown, code: ErrorCode, message?: RegExp): PhalanxError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected a PhalanxError ${code}, but nothing was thrown`);
  assert.ok(caught instanceof PhalanxError, `expected a PhalanxError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}
