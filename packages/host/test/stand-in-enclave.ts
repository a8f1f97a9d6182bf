// A stand-in enclave for the thread tests: speaks the real thread protocol, and by the ecall it gets
// stays silent (GetInfo: the call stays pending), exits (TakeEgress), crashes with an uncaught error
// (Checkpoint), or answers an error code outside the code table (Query).
import { parentPort } from 'node:worker_threads';
import { type EcallMessage, EcallRequest, EcallResponse } from '@phalanx/pruntime/ecall';
import { decode, encode } from '@phalanx/scale';

const port = parentPort;
port?.on('message', ({ id, request }: EcallMessage) => {
  const { tag } = decode(EcallRequest, request);
  if (tag === 'TakeEgress') process.exit(3);
  if (tag === 'Checkpoint') {
    setImmediate(() => {
      throw new RangeError('a message from inside the enclave that must not reach the host');
    });
  }
  if (tag === 'Query') {
    const response = encode(EcallResponse, { tag: 'Error', value: { code: 'NOT_A_CODE', message: 'bogus', reason: undefined } });
    port.postMessage({ kind: 'response', id, response });
  }
});
port?.postMessage({ kind: 'ready' });
