import { PhalanxError } from '@phalanx/errors';

/** How long one CometBFT RPC call may take (a broadcast waits for our own CheckTx). */
const TIMEOUT_MS = 30_000;
/** CometBFT's answers we relay are small (a commit of ≤ 150 signatures, a validator page): cap them anyway. */
const MAX_RESPONSE_BYTES = 4 << 20;

export class CometbftRpcError extends PhalanxError {}

/**
 * A client of CometBFT's JSON-RPC (its `rpc.laddr`, HTTP POST). The node uses it to forward
 * submissions into the mempool and to fetch what light clients need (commits, validator sets).
 */
export class CometbftRpc {
  readonly url: URL;

  constructor(url: string) {
    this.url = new URL(url);
  }

  /** Calls `method`; resolves with `result`, or throws with CometBFT's error text. */
  async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (cause) {
      throw new CometbftRpcError('CONNECTION', `CometBFT's RPC at ${this.url.origin} does not answer; is its node running?`, {
        cause,
      });
    }
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw new CometbftRpcError('CONNECTION', `CometBFT's answer to ${method} is too large`);
    let body: { result?: T; error?: { message?: string; data?: string } } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body?.result === undefined) {
      const reason = body?.error?.data ?? body?.error?.message ?? `HTTP ${response.status}`;
      throw new CometbftRpcError('CONNECTION', `CometBFT's ${method} failed: ${reason}`);
    }
    return body.result;
  }
}
