import { ristretto255 } from '@noble/curves/ed25519.js';
import { assertBytes, PhalanxError } from '@phalanx/errors';
import { vrfSign as wasmVrfSign, vrfVerify as wasmVrfVerify } from '@polkadot/wasm-crypto';
import { utf8 } from './bytes.js';
import { DOMAIN } from './domains.js';
import { assertCryptoReady } from './ready.js';
import { SR25519_PUBLIC_LENGTH, SR25519_SECRET_LENGTH, type Sr25519Pair } from './sr25519.js';

/**
 * schnorrkel's VRF over sr25519 keys (through @polkadot/wasm-crypto, as Substrate's BABE uses
 * it). `vrfSign` gives pre-output (32 bytes) ‖ proof (64 bytes). The pre-output is a function of
 * the key, the context and the input alone: no one, the key holder included, can pick another
 * one that verifies, so the holder can only reveal its output or withhold it. The proof is
 * randomised (two signatures of one input differ), so consumers hash pre-outputs, never proofs.
 */
export const VRF_PRE_OUTPUT_LENGTH = 32;
export const VRF_PROOF_LENGTH = 64;
export const VRF_LENGTH = VRF_PRE_OUTPUT_LENGTH + VRF_PROOF_LENGTH;
/** Inputs are short protocol messages (a height and a hash); anything longer is a caller's bug. */
export const MAX_VRF_INPUT = 1024;

/** The contexts a VRF may be made in: each protocol purpose has its own (see `DOMAIN`). */
export type VrfContext = typeof DOMAIN.vrfBeacon;
const CONTEXTS = new Set<string>([DOMAIN.vrfBeacon]);

function checkContext(context: string): Uint8Array {
  if (!CONTEXTS.has(context)) throw new PhalanxError('INVALID_INPUT', `"${context}" is not a VRF context of Phalanx`);
  return utf8(context);
}

const NO_EXTRA = new Uint8Array();

/** This key's VRF of `input` in `context`: pre-output ‖ proof (`VRF_LENGTH` bytes). */
export function vrfSign(pair: Sr25519Pair, context: VrfContext, input: Uint8Array): Uint8Array {
  assertBytes(pair.secretKey, 'secretKey', SR25519_SECRET_LENGTH);
  assertBytes(input, 'input');
  if (input.length > MAX_VRF_INPUT) throw new PhalanxError('INVALID_INPUT', `a VRF input is at most ${MAX_VRF_INPUT} bytes`);
  const ctx = checkContext(context);
  assertCryptoReady();
  return wasmVrfSign(pair.secretKey, ctx, input, NO_EXTRA);
}

/**
 * Whether `vrf` (pre-output ‖ proof) is `publicKey`'s VRF of `input` in `context`. Anything
 * malformed (wrong length, not a curve point) is simply not valid: this checks untrusted input.
 */
export function vrfVerify(publicKey: Uint8Array, context: VrfContext, input: Uint8Array, vrf: Uint8Array): boolean {
  assertBytes(publicKey, 'publicKey');
  assertBytes(input, 'input');
  assertBytes(vrf, 'vrf');
  const ctx = checkContext(context);
  // The WebAssembly side slices the proof without checking its length (it would trap): check here.
  if (publicKey.length !== SR25519_PUBLIC_LENGTH || vrf.length !== VRF_LENGTH || input.length > MAX_VRF_INPUT) return false;
  assertCryptoReady();
  return wasmVrfVerify(publicKey, ctx, input, NO_EXTRA, vrf);
}

/** The unique part of a VRF (what randomness is made from). */
export function vrfPreOutput(vrf: Uint8Array): Uint8Array {
  assertBytes(vrf, 'vrf', VRF_LENGTH);
  return vrf.slice(0, VRF_PRE_OUTPUT_LENGTH);
}

/** Whether `bytes` is an sr25519 (ristretto255) public key other than the identity: a usable VRF key. */
export function isSr25519PublicKey(bytes: Uint8Array): boolean {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SR25519_PUBLIC_LENGTH) return false;
  try {
    return !ristretto255.Point.fromBytes(bytes).equals(ristretto255.Point.ZERO);
  } catch {
    return false;
  }
}
