import { Worker } from 'node:worker_threads';
import { isErrorCode, PhalanxError } from '@phalanx/errors';
import {
  EcallRequest,
  EcallResponse,
  ENCLAVE_ENTRY,
  type EnclaveMessage,
  type EnclaveStartOptions,
} from '@phalanx/pruntime/ecall';
import { decode, encode } from '@phalanx/scale';

/**
 * The enclave thread's V8 stack, set explicitly: contract engines count their own stack depth
 * (deterministic limits that must trip before V8 overflows, which would differ between machines);
 * the ink! limit needs about 750 KiB in the worst case measured.
 */
export const ENCLAVE_STACK_MB = 4;

type Pending = { resolve(response: Uint8Array): void; reject(error: PhalanxError): void };

/** A code from the other side of the boundary, checked against the code table (an unknown one is a bug). */
function checkedError(code: string, message: string, reason?: string): PhalanxError {
  if (isErrorCode(code)) return new PhalanxError(code, message, reason === undefined ? {} : { details: { reason } });
  return new PhalanxError('INTERNAL', `${message} (the pRuntime sent an unknown error code)`, {
    details: { enclaveCode: code.slice(0, 32) },
  });
}

/**
 * The host's handle on its pRuntime: ecalls as SCALE bytes over a thread boundary. When the thread
 * stops on its own (it exited, or crashed with an uncaught error), every pending ecall and every later
 * one fails with ENCLAVE_LOST, and `lost` resolves with that error so the host can stop loudly.
 */
export class EnclaveThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private stopping = false;
  private lostError: PhalanxError | undefined;
  private announceLost: (error: PhalanxError) => void = () => undefined;
  /** Resolves once the thread has stopped by itself (never when `stop()` ends it). */
  readonly lost: Promise<PhalanxError>;

  private constructor(worker: Worker) {
    this.worker = worker;
    this.lost = new Promise((resolve) => {
      this.announceLost = resolve;
    });
    worker.on('message', (message: EnclaveMessage) => {
      if (message?.kind !== 'response') return;
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.response instanceof Uint8Array) call?.resolve(message.response);
      else call?.reject(new PhalanxError('INTERNAL', 'the pRuntime answered an ecall without response bytes'));
    });
    // An uncaught error in the thread: its message may come from anywhere in the enclave, so only its kind is told.
    worker.on('error', (cause) =>
      this.loseEnclave(`the pRuntime thread crashed (uncaught ${cause instanceof Error ? cause.name : typeof cause})`),
    );
    worker.on('exit', (code) => this.loseEnclave(`the pRuntime thread exited with code ${code}`));
  }

  /**
   * Starts the enclave thread on the pRuntime's entry point (`entry` only for tests: a stand-in
   * speaking the same protocol) and resolves once it is ready for ecalls.
   */
  static start(options: EnclaveStartOptions, entry: URL = ENCLAVE_ENTRY): Promise<EnclaveThread> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(entry, { workerData: options, resourceLimits: { stackSizeMb: ENCLAVE_STACK_MB } });
      // Only our own listeners are removed: a Worker keeps internal ones (removeAllListeners breaks it).
      const settle = () => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.off('message', onMessage);
      };
      const fail = (error: PhalanxError) => {
        settle();
        void worker.terminate();
        reject(error);
      };
      const onError = (cause: Error) =>
        fail(new PhalanxError('ENCLAVE_LOST', `the pRuntime thread failed to start (uncaught ${cause.name})`));
      const onExit = (code: number) =>
        fail(new PhalanxError('ENCLAVE_LOST', `the pRuntime thread exited with code ${code} at start`));
      const onMessage = (message: EnclaveMessage) => {
        if (message?.kind === 'ready') {
          settle();
          resolve(new EnclaveThread(worker));
        } else if (message?.kind === 'failed') {
          fail(checkedError(String(message.code), `the pRuntime could not start: ${String(message.message).slice(0, 1000)}`));
        } else {
          fail(new PhalanxError('INTERNAL', 'the pRuntime thread sent something else than ready or failed at start'));
        }
      };
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.on('message', onMessage);
    });
  }

  /** One ecall; an `Error` response becomes a PhalanxError with the enclave's (checked) code and reason. */
  async call(request: EcallRequest): Promise<Exclude<EcallResponse, { tag: 'Error' }>> {
    if (this.lostError !== undefined) throw this.lostError;
    const id = this.nextId++;
    const bytes = await new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request: encode(EcallRequest, request) });
    });
    const response = decode(EcallResponse, bytes);
    if (response.tag === 'Error') {
      throw checkedError(response.value.code, `pRuntime: ${response.value.message}`, response.value.reason);
    }
    return response;
  }

  /** Ends the thread on purpose (not a loss); pending ecalls fail with ENCLAVE_LOST. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
    this.failPending(new PhalanxError('ENCLAVE_LOST', 'the pRuntime thread was stopped'));
  }

  private loseEnclave(what: string): void {
    if (this.lostError !== undefined) return;
    this.lostError = new PhalanxError('ENCLAVE_LOST', `${what}: the worker must restart`);
    this.failPending(this.lostError);
    if (!this.stopping) this.announceLost(this.lostError);
  }

  private failPending(error: PhalanxError): void {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}
