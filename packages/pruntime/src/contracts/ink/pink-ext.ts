import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  blake2_256,
  concatBytes,
  equalBytes,
  keypairFromSeed,
  Sr25519Keypair,
  sr25519PublicFromSecret,
  verifySignature,
} from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { bool, bytes, type Codec, decode, encode, fixedBytes, option, tuple, u8, u32, u64 } from '@phalanx/scale';
import { GAS } from '../gas.js';
import { INK_GAS } from './gas.js';
import type { InkContext } from './host-context.js';
import { ecdsaRecover } from './host-crypto.js';
import { INK_LIMITS } from './limits.js';
import { inkTrap } from './sandbox.js';

/**
 * Phala's chain extension (pink, `call_chain_extension` with extension id 0 and the function ids
 * of pink-extension's `PinkExt`): what a confidential worker can offer without new
 * infrastructure. Inputs and outputs are SCALE, as pink encodes them; the status is 0 but for
 * `cache_set` (1: StorageQuotaExceeded). In commands the answers are deterministic as pink's
 * `CallInCommand` makes them (no sr25519 signature, empty cache reads, no worker key); getrandom is
 * the command's derived randomness (Phala gives nothing). Functions needing what Phalanx lacks
 * trap with a "not supported" message naming them.
 */
const Bytes = bytes(INK_LIMITS.inputBytes);
const SIG = { ed25519: 0, sr25519: 1, ecdsa: 2 } as const;
/** pink's `sign`, `get_public_key`: `derive_sr25519_key` salts are at most this many bytes. */
const SALT_BYTES = 120;

interface Answer {
  readonly status: number;
  readonly output: Uint8Array;
}

const ok = <T>(codec: Codec<T>, value: T): Answer => ({ status: 0, output: encode(codec, value) });
const notSupported = (what: string) =>
  inkTrap('unsupported', `pink's ${what} is not supported by Phalanx's chain extension (see docs/contracts.md)`);

function read<T>(codec: Codec<T>, input: Uint8Array, what: string): T {
  try {
    return decode(codec, input);
  } catch (error) {
    if (isPhalanxError(error)) throw inkTrap('trap', `pink ${what}: the input is not SCALE of its arguments`);
    throw error;
  }
}

/** The sr25519 pair of a 64-byte secret (what `derive_sr25519_key` returns, as pink's `dump_secret_key`). */
function sr25519Pair(secret: Uint8Array): Sr25519Keypair {
  if (secret.length !== 64) throw inkTrap('trap', 'pink: an sr25519 key is 64 bytes');
  return Sr25519Keypair.fromSecret(concatBytes(secret, sr25519PublicFromSecret(secret)));
}

function publicKeyOf(type: number, key: Uint8Array): Uint8Array {
  if (type === SIG.sr25519) return sr25519Pair(key).publicKey;
  if (type === SIG.ed25519) return keypairFromSeed('ed25519', seed32(key)).publicKey;
  if (type === SIG.ecdsa) return secp256k1.getPublicKey(seed32(key), true);
  throw inkTrap('trap', `pink: unknown signature type ${type}`);
}

function seed32(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw inkTrap('trap', 'pink: an ed25519 or ecdsa key is 32 bytes');
  return key;
}

/** sp_core's ecdsa: sign blake2_256(message), 65 bytes r ‖ s ‖ v. */
function ecdsaSign(key: Uint8Array, hash: Uint8Array): Uint8Array {
  const signature = secp256k1.sign(hash, seed32(key), { prehash: false, format: 'recovered' });
  return concatBytes(signature.subarray(1), signature.subarray(0, 1)); // @noble: v ‖ r ‖ s
}

function ecdsaVerify(signature: Uint8Array, hash: Uint8Array, publicKey: Uint8Array): boolean {
  const recovered = signature.length === 65 ? ecdsaRecover(signature, hash) : undefined;
  return recovered !== undefined && equalBytes(recovered, publicKey);
}

function verify(ctx: InkContext, type: number, key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (type === SIG.sr25519) return ctx.verifySr25519(key, message, signature);
    if (type === SIG.ed25519) return signature.length === 64 && verifySignature('ed25519', key, message, signature);
    if (type === SIG.ecdsa) return ecdsaVerify(signature, blake2_256(message), key);
  } catch {
    return false;
  }
  throw inkTrap('trap', `pink: unknown signature type ${type}`);
}

/** One pink function: its gas is charged before it runs. */
export function pinkCall(ctx: InkContext, funcId: number, input: Uint8Array): Answer {
  const host = ctx.host;
  if (host === undefined) throw notSupported('chain extension outside a contract call');
  const inQuery = host.env.kind === 'query';
  const now = host.env.block.timestamp;
  const charge = (gas: number) => ctx.sandbox.charge(gas + INK_GAS.hostCall);
  switch (funcId) {
    case 1: // http_request: needs the call to suspend on the fetcher; a command gets pink's 523 too
      throw notSupported('http_request (an ink! call cannot wait for the fetcher yet; use a JS contract for HTTP)');
    case 2: {
      const [type, key, message] = read(tuple(u8, Bytes, Bytes), input, 'sign');
      charge(GAS.sign + GAS.perByte * message.length);
      // sr25519 signatures are randomized: pink gives none in a command, so replicas agree.
      if (type === SIG.sr25519) return ok(Bytes, inQuery ? sr25519Pair(key).sign(message) : new Uint8Array());
      if (type === SIG.ed25519) return ok(Bytes, keypairFromSeed('ed25519', seed32(key)).sign(message));
      if (type === SIG.ecdsa) return ok(Bytes, ecdsaSign(key, blake2_256(message)));
      throw inkTrap('trap', `pink sign: unknown signature type ${type}`);
    }
    case 3: {
      const [type, key, message, signature] = read(tuple(u8, Bytes, Bytes, Bytes), input, 'verify');
      charge(GAS.verify + GAS.perByte * message.length);
      return ok(bool, verify(ctx, type, key, message, signature));
    }
    case 4: {
      const salt = read(Bytes, input, 'derive_sr25519_key');
      if (salt.length > SALT_BYTES) throw inkTrap('limit', `pink derive_sr25519_key: a salt is at most ${SALT_BYTES} bytes`);
      charge(GAS.keyDerive);
      // The contract's own key for this salt (contractUserKey), the same on every worker.
      return ok(Bytes, host.keySecret(`0x${Buffer.from(salt).toString('hex')}`).slice(0, 64));
    }
    case 5: {
      const [type, key] = read(tuple(u8, Bytes), input, 'get_public_key');
      charge(GAS.keyDerive);
      return ok(Bytes, publicKeyOf(type, key));
    }
    case 6: {
      const [key, value] = read(tuple(Bytes, Bytes), input, 'cache_set');
      charge(GAS.storageWrite + GAS.perByte * (key.length + value.length));
      const stored = host.cache?.set(key, value, now) ?? false;
      return stored ? { status: 0, output: new Uint8Array() } : { status: 1, output: new Uint8Array() };
    }
    case 7: {
      const [key, seconds] = read(tuple(Bytes, u64), input, 'cache_set_expiration');
      charge(GAS.storageWrite);
      host.cache?.setExpiration(key, seconds, now);
      return { status: 0, output: new Uint8Array() };
    }
    case 8: {
      const key = read(Bytes, input, 'cache_get');
      charge(GAS.storageRead + GAS.perByte * key.length);
      return ok(option(Bytes), inQuery ? host.cache?.get(key, now) : undefined);
    }
    case 9: {
      const key = read(Bytes, input, 'cache_remove');
      charge(GAS.storageWrite);
      const removed = host.cache?.remove(key, now);
      return ok(option(Bytes), inQuery ? removed : undefined);
    }
    case 10: {
      const [, message] = read(tuple(u8, bytes(INK_LIMITS.debugBytes)), input, 'log');
      charge(INK_GAS.debugByte * message.length);
      // Logs go where debug messages go: to the caller only, never to the worker's log.
      const text = Buffer.from(message).toString('utf8');
      ctx.debug = (ctx.debug + text).slice(0, INK_LIMITS.debugBytes);
      return { status: 0, output: new Uint8Array() };
    }
    case 11: {
      const length = read(u8, input, 'getrandom');
      charge(GAS.random + GAS.perByte * length);
      return ok(Bytes, length === 0 ? new Uint8Array() : host.random(length));
    }
    case 12:
      charge(0);
      return ok(bool, !inQuery);
    case 13: {
      const [key, hash] = read(tuple(Bytes, fixedBytes(32)), input, 'ecdsa_sign_prehashed');
      charge(GAS.sign);
      return ok(fixedBytes(65), ecdsaSign(key, hash));
    }
    case 14: {
      const [signature, hash, key] = read(tuple(fixedBytes(65), fixedBytes(32), fixedBytes(33)), input, 'ecdsa_verify_prehashed');
      charge(GAS.verify);
      return ok(bool, ecdsaVerify(signature, hash, key));
    }
    case 17: // worker_pubkey: the worker's identity key in queries, zero in commands (as pink)
      charge(0);
      return ok(fixedBytes(32), inQuery && host.workerPublicKey !== undefined ? host.workerPublicKey : new Uint8Array(32));
    case 18: // untrusted_millis_since_unix_epoch: the block's time (the enclave offers no other), 0 in commands
      charge(0);
      return ok(u64, inQuery ? BigInt(now) : 0n);
    case 19: {
      const [hash, sidevm] = read(tuple(fixedBytes(32), bool), input, 'code_exists');
      charge(GAS.storageRead);
      return ok(bool, !sidevm && host.calls?.codeExists(hash) === true);
    }
    case 21:
      charge(0);
      return ok(tuple(u32, u32), [1, 0]);
    case 25: // worker_sgx_quote: none to hand out
      charge(0);
      return ok(option(Bytes), undefined);
    case 15:
      throw notSupported('system_contract_id (Phalanx clusters have no system contract)');
    case 16:
      throw notSupported('balance_of (chain balances do not exist inside a confidential contract)');
    case 20:
      throw notSupported('import_latest_system_code (Phalanx clusters have no system contract)');
    case 22:
      throw notSupported('batch_http_request');
    case 23:
      throw notSupported('current_event_chain_head');
    case 24:
      throw notSupported('js_eval (deploy a JS contract instead)');
    default:
      throw inkTrap('trap', `pink: unknown chain extension function ${funcId}`);
  }
}
