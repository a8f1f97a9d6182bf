import { PhalanxError } from '@phalanx/errors';

/** How long one CometBFT RPC call may take (a broadcast waits for our own CheckTx). */
const TIMEOUT_MS = 30_000;
/** CometBFT's answers we relay are small (a commit of ≤ 150 signatures, a validator page): cap them anyway. */
const MAX_RESPONSE_BYTES = 4 << 20;
/** Calls sent in one JSON-RPC batch at most: CometBFT's default `rpc.max_request_batch_size`. */
const MAX_BATCH = 10;

type Reply = { id?: number; result?: unknown; error?: { message?: string; data?: string } };
interface Queued {
  readonly method: string;
  readonly params: Record<string, unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export class CometbftRpcError extends PhalanxError {}

/**
 * A client of CometBFT's JSON-RPC (its `rpc.laddr`, HTTP POST). The node uses it to forward
 * submissions into the mempool and to fetch what light clients need (commits, validator sets).
 */
export class CometbftRpc {
  readonly url: URL;
  private queue: Queued[] = [];

  constructor(url: string) {
    this.url = new URL(url);
  }

  /** Calls `method`; resolves with `result`, or throws with CometBFT's error text. */
  async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const [reply, status] = await this.post({ jsonrpc: '2.0', id: 1, method, params }, method);
    return resultOf(reply as Reply | undefined, method, status) as T;
  }

  /**
   * Like `call`, but calls made in the same turn of the event loop go to CometBFT as one JSON-RPC
   * batch (one HTTP request): a burst of submissions costs one round trip, not one each.
   */
  batched<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ method, params, resolve: resolve as (result: unknown) => void, reject });
    });
  }

  private flush(): void {
    const all = this.queue;
    this.queue = [];
    for (let start = 0; start < all.length; start += MAX_BATCH) {
      const batch = all.slice(start, start + MAX_BATCH);
      const body = batch.map((item, id) => ({ jsonrpc: '2.0', id, method: item.method, params: item.params }));
      this.post(body, batch[0]?.method ?? 'batch').then(
        ([replies, status]) => {
          // CometBFT answers a batch of one with a bare object, not an array of one.
          const list = Array.isArray(replies) ? (replies as Reply[]) : replies === undefined ? [] : [replies as Reply];
          const byId = new Map(list.map((reply) => [reply.id, reply]));
          // A refusal of the whole batch comes as one reply without an id: it answers every call.
          const whole = list.length === 1 && list[0]?.id === undefined ? list[0] : undefined;
          batch.forEach((item, id) => {
            try {
              item.resolve(resultOf(whole ?? byId.get(id), item.method, status));
            } catch (error) {
              item.reject(error);
            }
          });
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      );
    }
  }

  private async post(body: unknown, what: string): Promise<[unknown, number]> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (cause) {
      throw new CometbftRpcError('CONNECTION', `CometBFT's RPC at ${this.url.origin} does not answer; is its node running?`, {
        cause,
      });
    }
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw new CometbftRpcError('CONNECTION', `CometBFT's answer to ${what} is too large`);
    try {
      return [JSON.parse(text), response.status];
    } catch {
      return [undefined, response.status];
    }
  }
}

function resultOf(reply: Reply | undefined, method: string, status: number): unknown {
  if (reply?.result === undefined) {
    const reason = reply?.error?.data ?? reply?.error?.message ?? `HTTP ${status}`;
    throw new CometbftRpcError('CONNECTION', `CometBFT's ${method} failed: ${reason}`);
  }
  return reply.result;
}
