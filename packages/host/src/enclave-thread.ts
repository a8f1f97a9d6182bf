import { Worker } from 'node:worker_threads';
import { PhalanxError } from '@phalanx/errors';
import { EcallRequest, EcallResponse } from '@phalanx/pruntime';
import { decode, encode } from '@phalanx/scale';

/** The host's handle on its pRuntime: ecalls as SCALE bytes over a thread boundary. */
export class EnclaveThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (response: Uint8Array) => void>();
  private nextId = 0;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: { id: number; response: Uint8Array }) => {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.response);
    });
  }

  static start(options: {
    machineSecret: Uint8Array;
    buildHash: Uint8Array;
    allowPrivateFetch?: boolean;
  }): Promise<EnclaveThread> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./enclave-main.js', import.meta.url), { workerData: options });
      worker.once('error', (cause) => reject(new PhalanxError('INTERNAL', 'the pRuntime thread failed to start', { cause })));
      worker.once('message', () => resolve(new EnclaveThread(worker)));
    });
  }

  /** One ecall; an `Error` response becomes a PhalanxError with the enclave's code. */
  async call(request: EcallRequest): Promise<Exclude<EcallResponse, { tag: 'Error' }>> {
    const id = this.nextId++;
    const bytes = await new Promise<Uint8Array>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, request: encode(EcallRequest, request) });
    });
    const response = decode(EcallResponse, bytes);
    if (response.tag === 'Error')
      throw new PhalanxError(response.value.code as 'INTERNAL', `pRuntime: ${response.value.message}`);
    return response;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
