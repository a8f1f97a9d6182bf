// The pRuntime's enclave entry point: a worker thread the host starts on ENCLAVE_ENTRY, reachable
// only through ecall bytes. It builds the trusted parts itself: the `sim` TEE (its measurement
// computed here, from this module's whole graph, never taken from the host), the PRuntime, and the
// fetcher of ctx.http.fetch. A real TEE runs the same pRuntime inside SGX/TDX, with the hardware
// measuring what it loads; the host side of the boundary does not change.
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { cryptoReady } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { networkFetcher } from '../contracts/fetcher.js';
import { SimTee } from '../tee/sim.js';
import type { EcallMessage, EnclaveMessage, EnclaveStartOptions } from './ecall-api.js';
import { enclaveBuildHash } from './module-graph.js';
import { PRuntime } from './pruntime.js';

const port = parentPort;
if (port === null) throw new PhalanxError('INVALID_INPUT', 'the enclave entry runs as a worker thread (see ENCLAVE_ENTRY)');
const post = (message: EnclaveMessage) => port.postMessage(message);

async function start(options: Partial<EnclaveStartOptions> | undefined): Promise<PRuntime> {
  await cryptoReady();
  const buildHash = enclaveBuildHash(fileURLToPath(import.meta.url));
  const tee = SimTee.create({ machineSecret: options?.machineSecret as Uint8Array, buildHash });
  // ctx.http.fetch leaves from inside the enclave (in a real TEE the TLS session ends there too).
  return new PRuntime(tee, { fetcher: networkFetcher({ allowPrivate: options?.allowPrivateFetch === true }) });
}

try {
  const pruntime = await start(workerData as Partial<EnclaveStartOptions> | undefined);
  port.on('message', async (message: Partial<EcallMessage>) => {
    if (typeof message?.id !== 'number') return; // not an ecall: nothing to answer
    post({ kind: 'response', id: message.id, response: await pruntime.handle(message.request as Uint8Array) });
  });
  post({ kind: 'ready' });
} catch (error) {
  // Only the code and message leave (they never hold secrets); the thread then ends.
  post(
    isPhalanxError(error)
      ? { kind: 'failed', code: error.code, message: error.message.slice(0, 1000) }
      : { kind: 'failed', code: 'INTERNAL', message: 'the pRuntime failed to start' },
  );
}
