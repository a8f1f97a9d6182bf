// Signature-check thread: decodes extrinsics and verifies their signatures for the node's main
// thread, so both cores share the most expensive part of admission and import.
import { parentPort } from 'node:worker_threads';
import { cryptoReady } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { verifyExtrinsicBytes } from '@phalanx/runtime';
import type { VerifyRequest, VerifyResult } from './protocol.js';

await cryptoReady();
const port = parentPort;
port?.on('message', (request: VerifyRequest) => {
  const results: VerifyResult[] = request.items.map((bytes) => {
    try {
      // Decode and signature only: hashing and the rest happen once, on the main thread.
      verifyExtrinsicBytes(bytes, request.genesisHash);
      return null;
    } catch (error) {
      return isPhalanxError(error)
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: 'signature check failed unexpectedly' };
    }
  });
  port.postMessage({ id: request.id, results });
});
port?.postMessage({ ready: true });
