// The enclave thread: a pRuntime with the `sim` TEE, reachable only through ecall bytes. (A real
// TEE runs the same pRuntime inside SGX/TDX; the host side of the boundary does not change.)
import { parentPort, workerData } from 'node:worker_threads';
import { cryptoReady } from '@phalanx/crypto';
import { networkFetcher, PRuntime, SimTee } from '@phalanx/pruntime';

await cryptoReady();
const { machineSecret, buildHash, allowPrivateFetch } = workerData as {
  machineSecret: Uint8Array;
  buildHash: Uint8Array;
  allowPrivateFetch?: boolean;
};
// ctx.http.fetch leaves from inside the enclave (in a real TEE the TLS session ends there too).
const pruntime = new PRuntime(SimTee.create({ machineSecret, buildHash }), {
  fetcher: networkFetcher({ allowPrivate: allowPrivateFetch === true }),
});
const port = parentPort;
port?.on('message', async ({ id, request }: { id: number; request: Uint8Array }) => {
  port.postMessage({ id, response: await pruntime.handle(request) });
});
port?.postMessage({ ready: true });
