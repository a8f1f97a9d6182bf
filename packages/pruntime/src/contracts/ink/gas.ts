import { GAS } from '../gas.js';

/**
 * The gas schedule of ink! contracts. Code is metered by the same instrumentation as the QuickJS
 * build (`../../wasm`: about one unit per WebAssembly instruction, per straight-line segment), so
 * an ink! contract and a JS contract pay in the same unit; host functions are priced here, before
 * they run, at the rate of the JS engine's host operations (`../gas.ts`) where one has an equivalent.
 */
export const INK_GAS = {
  /** Every call: a fresh memory and instance, input encoding, output and event decoding. */
  call: 100_000,
  /** Every host function call: leaving and re-entering the WebAssembly code, argument checks. */
  hostCall: 2_000,
  /** Per byte copied between linear memory and the host (input, output, values, keys). */
  copyByte: 2,
  storageRead: GAS.storageRead,
  storageWrite: GAS.storageWrite,
  /** Per byte of a storage key or value (the value is encrypted once per commit). */
  storageByte: GAS.perByte,
  event: GAS.emit,
  eventTopic: 10_000,
  eventByte: GAS.perByte,
  hash: GAS.hash,
  hashByte: 4,
  ecdsaRecover: GAS.verify,
  ecdsaToEthAddress: GAS.verify / 4,
  sr25519Verify: GAS.verify,
  debugByte: 2,
  /** A cross-contract call, on top of what the callee itself uses (its own `call` charge included). */
  crossCall: 20_000,
} as const;
