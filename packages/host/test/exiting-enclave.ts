// The real enclave entry, except that a Query ecall makes the thread exit mid-call (before the
// pRuntime sees it): a crash of the enclave while the host runs.
import { parentPort } from 'node:worker_threads';
import { type EcallMessage, EcallRequest, ENCLAVE_ENTRY } from '@phalanx/pruntime/ecall';
import { decode } from '@phalanx/scale';

parentPort?.on('message', ({ request }: EcallMessage) => {
  if (decode(EcallRequest, request).tag === 'Query') process.exit(9);
});
await import(ENCLAVE_ENTRY.href);
