import { PhalanxError } from '@phalanx/errors';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { isReady as wasmIsReady, waitReady as wasmWaitReady } from '@polkadot/wasm-crypto';

let ready: Promise<void> | undefined;

/**
 * Initialises the WebAssembly backends (sr25519, blake2). Await once at start-up, before any
 * other call of this package; calling it again is free.
 */
export function cryptoReady(): Promise<void> {
  ready ??= (async () => {
    const [wasm] = await Promise.all([wasmWaitReady(), cryptoWaitReady()]);
    if (!wasm) throw new PhalanxError('CRYPTO_NOT_READY', 'the sr25519 WebAssembly backend failed to initialise');
  })();
  return ready;
}

export function assertCryptoReady(): void {
  if (!wasmIsReady()) {
    throw new PhalanxError('CRYPTO_NOT_READY', 'crypto is not initialised: await cryptoReady() once at start-up');
  }
}
