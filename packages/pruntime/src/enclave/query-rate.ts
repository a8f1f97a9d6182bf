import { PhalanxError } from '@phalanx/errors';

/** Queries are free: each account may make this many per second, with a burst allowance. */
export const QUERY_RATE = { perSecond: 50, burst: 100, trackedCallers: 10_000 } as const;

/**
 * Per-caller token buckets for queries (issue 10 item 3: queries stay free but are rate-limited per
 * caller at the worker). The caller is the query's verified signer, which the host cannot see or
 * forge. The clock is the enclave's monotonic clock; it only decides admission, never a result.
 * The least recently seen callers are forgotten past `trackedCallers` (they start again with a full
 * burst, as a new account would).
 */
export class QueryRateLimit {
  private readonly callers = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(caller: Uint8Array): void {
    const key = Buffer.from(caller).toString('hex');
    const at = this.now();
    const entry = this.callers.get(key);
    let tokens: number = QUERY_RATE.burst;
    if (entry !== undefined) {
      this.callers.delete(key); // re-inserted below: the map stays in least-recently-seen order
      tokens = Math.min(QUERY_RATE.burst, entry.tokens + (Math.max(0, at - entry.at) / 1000) * QUERY_RATE.perSecond);
    }
    const admitted = tokens >= 1;
    this.callers.set(key, { tokens: admitted ? tokens - 1 : tokens, at });
    if (this.callers.size > QUERY_RATE.trackedCallers) {
      const [least] = this.callers.keys();
      if (least !== undefined) this.callers.delete(least);
    }
    if (!admitted) {
      const retryAfterMs = Math.ceil(((1 - tokens) / QUERY_RATE.perSecond) * 1000);
      throw new PhalanxError(
        'RATE_LIMITED',
        `too many queries from this account: at most ${QUERY_RATE.perSecond} per second (bursts of ${QUERY_RATE.burst}); retry in ${retryAfterMs} ms`,
        { details: { retryAfterMs } },
      );
    }
  }
}
