import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PhalanxError } from '@phalanx/errors';
import type { VerifyRequest, VerifyResponse, VerifyResult } from './protocol.js';

interface Pending {
  resolve(results: VerifyResult[]): void;
  reject(error: unknown): void;
}

/**
 * A pool of signature-check threads. `verifyMany` splits a batch across threads; `verify` queues a
 * single extrinsic and flushes the queue as one batch on the next turn, so many concurrent RPC
 * submissions are checked in parallel without a thread hop per transaction.
 */
export class SignatureVerifier {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly genesisHash: Uint8Array;
  private nextId = 0;
  private queue: { bytes: Uint8Array; resolve(result: VerifyResult): void; reject(error: unknown): void }[] = [];
  private flushScheduled = false;
  private closed = false;

  private constructor(genesisHash: Uint8Array) {
    this.genesisHash = genesisHash;
  }

  static async start(genesisHash: Uint8Array, threads = Math.max(1, cpus().length)): Promise<SignatureVerifier> {
    const verifier = new SignatureVerifier(genesisHash);
    await Promise.all(Array.from({ length: threads }, () => verifier.spawn()));
    return verifier;
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      worker.unref();
      worker.once('error', reject);
      worker.on('message', (message: VerifyResponse | { ready: true }) => {
        if ('ready' in message) {
          this.workers.push(worker);
          resolve();
          return;
        }
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message.results);
      });
      worker.on('exit', () => {
        if (this.closed) return;
        for (const pending of this.pending.values())
          pending.reject(new PhalanxError('INTERNAL', 'a signature-check thread stopped'));
        this.pending.clear();
      });
    });
  }

  /** Checks many extrinsics in parallel; results in the same order. */
  async verifyMany(items: readonly Uint8Array[]): Promise<VerifyResult[]> {
    if (items.length === 0) return [];
    const chunks = this.workers.length;
    const size = Math.ceil(items.length / chunks);
    const parts = await Promise.all(
      this.workers.map((worker, i) => {
        const slice = items.slice(i * size, (i + 1) * size);
        return slice.length === 0 ? Promise.resolve([]) : this.send(worker, slice);
      }),
    );
    return parts.flat();
  }

  /** Checks one extrinsic (batched with others submitted in the same turn). */
  verify(bytes: Uint8Array): Promise<VerifyResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.verifyMany(batch.map((item) => item.bytes)).then(
      (results) => {
        for (const [i, item] of batch.entries()) item.resolve(results[i] ?? null);
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  private send(worker: Worker, items: Uint8Array[]): Promise<VerifyResult[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: VerifyRequest = { id, genesisHash: this.genesisHash, items };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
