import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  blake2_256,
  contractUserKey,
  derive,
  deriveIv,
  randomBytes,
  randomIv,
  type Sr25519Keypair,
  verifySignature,
} from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { ContractCache } from './cache.js';
import type { CallableContract } from './cross-call.js';
import type { CallBroker, CallEnv, ContractHost, FetchOptions, FetchResponse, RawStorage } from './engine.js';
import { CONTRACT_LIMITS } from './limits.js';
import type { RawWrites } from './state.js';

export interface EmittedEvent {
  readonly name: string;
  readonly data: string;
}

/** Where randomness comes from: derived (commands, replicas agree) or the CSPRNG (queries). */
export type RandomSource =
  | { readonly kind: 'derived'; readonly key: Uint8Array; readonly position: bigint; readonly label?: string }
  | { readonly kind: 'real' };

/** What a call reads its contract's state through: the ContractState, or the pending writes of a cross call over it. */
export interface StateView {
  get(name: string): string | undefined;
  has(name: string): boolean;
  getBytes(key: Uint8Array): Uint8Array | undefined;
}

/** Writes a call's successful cross calls made to another contract: applied with the top-level call, or not at all. */
export interface ForeignWrites {
  readonly instance: CallableContract;
  readonly writes: Map<string, string | undefined>;
  readonly rawWrites: Map<string, { key: Uint8Array; value: Uint8Array | undefined }>;
}

/**
 * The host side of one call: reads see the call's own writes over the contract state, writes stay
 * buffered until the call succeeds (a thrown error rolls them back), events are collected, and
 * keys come from the contract's seed.
 */
export class CallHost implements ContractHost {
  readonly writes = new Map<string, string | undefined>();
  /** Byte-level writes (ink!), by hex key; queries may make them, and they are never applied. */
  readonly rawWrites: RawWrites & Map<string, { key: Uint8Array; value: Uint8Array | undefined }> = new Map();
  readonly raw: RawStorage = {
    get: (key) => {
      const written = this.rawWrites.get(Buffer.from(key).toString('hex'));
      return written === undefined ? this.state.getBytes(key) : written.value;
    },
    set: (key, value) => {
      if (value !== undefined && value.length > CONTRACT_LIMITS.valueBytes)
        throw new PhalanxError('INVALID_INPUT', `a stored value is at most ${CONTRACT_LIMITS.valueBytes} bytes`);
      this.state.getBytes(key); // validates the key size before buffering
      this.rawWrites.set(Buffer.from(key).toString('hex'), { key: key.slice(), value: value?.slice() });
    },
  };
  readonly events: EmittedEvent[] = [];
  /** Writes to other contracts by this call's successful cross calls, by contract id (hex). */
  readonly foreign = new Map<string, ForeignWrites>();
  /** Cross-contract calls (set by the instance when a directory of callees exists). */
  calls?: CallBroker;
  cache?: ContractCache;
  workerPublicKey?: Uint8Array;
  private readonly userKeys = new Map<string, Sr25519Keypair>();
  private randomCounter = 0;
  private eventBytes = 0;
  readonly fetch?: (url: string, options: FetchOptions) => Promise<FetchResponse>;

  constructor(
    readonly env: CallEnv,
    private readonly state: StateView,
    private readonly seed: Uint8Array,
    private readonly randomness: RandomSource,
    fetcher?: (url: string, options: FetchOptions) => Promise<FetchResponse>,
  ) {
    if (fetcher !== undefined) {
      let fetches = 0;
      this.fetch = (url, options) => {
        if (++fetches > CONTRACT_LIMITS.fetchesPerQuery) {
          return Promise.reject(
            new PhalanxError(
              'INVALID_INPUT',
              `a query may make at most ${CONTRACT_LIMITS.fetchesPerQuery} ctx.http.fetch requests`,
            ),
          );
        }
        return fetcher(url, options);
      };
    }
  }

  storageGet(key: string): string | undefined {
    if (this.writes.has(key)) return this.writes.get(key);
    return this.state.get(key);
  }

  storageSet(key: string, json: string): void {
    if (this.env.kind === 'query') throw new PhalanxError('INVALID_INPUT', 'queries are read-only: ctx.storage.set is refused');
    if (Buffer.byteLength(json) > CONTRACT_LIMITS.valueBytes) {
      throw new PhalanxError('INVALID_INPUT', `a stored value is at most ${CONTRACT_LIMITS.valueBytes} bytes of JSON`);
    }
    this.state.has(key); // validates the key size before buffering
    this.writes.set(key, json);
  }

  storageDelete(key: string): boolean {
    if (this.env.kind === 'query')
      throw new PhalanxError('INVALID_INPUT', 'queries are read-only: ctx.storage.delete is refused');
    const existed = this.storageHas(key);
    this.writes.set(key, undefined);
    return existed;
  }

  storageHas(key: string): boolean {
    if (this.writes.has(key)) return this.writes.get(key) !== undefined;
    return this.state.has(key);
  }

  emit(name: string, json: string): void {
    if (this.events.length >= CONTRACT_LIMITS.events) {
      throw new PhalanxError('INVALID_INPUT', `a call emits at most ${CONTRACT_LIMITS.events} events`);
    }
    if (name.length > 64 || Buffer.byteLength(json) > CONTRACT_LIMITS.eventBytes) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `an event name is at most 64 characters and its data ${CONTRACT_LIMITS.eventBytes} bytes`,
      );
    }
    this.eventBytes += Buffer.byteLength(name) + Buffer.byteLength(json);
    if (this.eventBytes > CONTRACT_LIMITS.eventsTotalBytes) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `the events of a call are at most ${CONTRACT_LIMITS.eventsTotalBytes} bytes together`,
      );
    }
    this.events.push({ name, data: json });
  }

  random(length: number): Uint8Array {
    if (this.randomness.kind === 'real') return randomBytes(length);
    // derive(contract random key, position, counter): unpredictable without the contract key, equal on every replica.
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const { key, position, label } = this.randomness;
      const counter = String(this.randomCounter++);
      const block =
        label === undefined
          ? derive(key, 'random', position.toString(), counter)
          : derive(key, 'random', label, position.toString(), counter);
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  }

  private userKey(salt: string): Sr25519Keypair {
    if (salt.length > 256) throw new PhalanxError('INVALID_INPUT', 'a key salt is at most 256 characters');
    let key = this.userKeys.get(salt);
    if (key === undefined) {
      key = contractUserKey(this.seed, salt);
      this.userKeys.set(salt, key);
    }
    return key;
  }

  keyPublic(salt: string): Uint8Array {
    return this.userKey(salt).publicKey;
  }

  keySecret(salt: string): Uint8Array {
    return this.userKey(salt).exportSecret();
  }

  keySign(salt: string, message: Uint8Array): Uint8Array {
    return this.userKey(salt).sign(message);
  }

  keyAgree(salt: string, peer: Uint8Array): Uint8Array {
    return this.userKey(salt).agree(peer);
  }

  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    if (signature.length !== 64) return false;
    try {
      return verifySignature('sr25519', publicKey, message, signature);
    } catch {
      return false;
    }
  }

  blake2(data: Uint8Array): Uint8Array {
    return blake2_256(data);
  }

  /** AES-256-GCM under a 32-byte key; the IV is derived from ctx.random in commands (replicas agree). */
  encrypt(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (key.length !== 32) throw new PhalanxError('INVALID_INPUT', 'ctx.crypto.encrypt: the key must be 32 bytes');
    const iv = this.randomness.kind === 'real' ? randomIv() : deriveIv(blake2_256(this.random(32)), 0, 0);
    const sealed = aesGcmEncrypt(key, iv, plaintext);
    const out = new Uint8Array(iv.length + sealed.length);
    out.set(iv, 0);
    out.set(sealed, iv.length);
    return out;
  }

  decrypt(key: Uint8Array, sealed: Uint8Array): Uint8Array {
    if (key.length !== 32) throw new PhalanxError('INVALID_INPUT', 'ctx.crypto.decrypt: the key must be 32 bytes');
    if (sealed.length < 28) throw new PhalanxError('DECRYPTION_FAILED', 'ctx.crypto.decrypt: the input is too short');
    return aesGcmDecrypt(key, sealed.subarray(0, 12), sealed.subarray(12));
  }
}
