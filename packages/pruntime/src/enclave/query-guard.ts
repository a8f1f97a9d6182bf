import { PhalanxError } from '@phalanx/errors';
import type { QueryRequest } from '@phalanx/primitives';

/** How far a query's timestamp may lag the verified chain time. */
export const QUERY_FRESHNESS_MS = 60_000n;
/**
 * How far a query's timestamp may run ahead of the verified chain time: clock skew plus the worker's
 * lag behind the chain head (the SDK dates a query by the chain when the chain is idle).
 */
export const QUERY_MAX_AHEAD_MS = 30_000n;
/** Nonces remembered for replay protection; past that the oldest second is forgotten and refused from then on. */
export const MAX_REMEMBERED_NONCES = 100_000;
const BUCKET_MS = 1000n;

/**
 * Freshness and replay protection without a clock inside the enclave: a query must be dated within
 * [verified chain time − QUERY_FRESHNESS_MS, verified chain time + QUERY_MAX_AHEAD_MS], later than
 * any second whose nonces were forgotten, and its nonce new. Nonces are kept per second of their
 * query's timestamp: seconds that fall out of the freshness window are dropped (their queries are
 * refused as too old anyway); under a flood the oldest second goes first and its queries are then
 * refused as a whole, so a forgotten nonce can never be replayed and a query dated in the future
 * cannot shut out honest ones (it is refused, and would be forgotten last).
 */
export class QueryGuard {
  private readonly seconds = new Map<bigint, Set<string>>();
  private remembered = 0;
  /** Queries dated at or before this are refused: a nonce of theirs may have been forgotten. */
  private watermark = -1n;

  admit(request: QueryRequest, chainTimeMs: bigint): void {
    const timestamp = request.timestamp;
    if (timestamp < chainTimeMs - QUERY_FRESHNESS_MS)
      throw new PhalanxError('INVALID_INPUT', 'the query is too old (outside the freshness window): make a new one');
    if (timestamp > chainTimeMs + QUERY_MAX_AHEAD_MS)
      throw new PhalanxError(
        'INVALID_INPUT',
        `the query is dated ${timestamp - chainTimeMs} ms after the chain time this worker has verified ` +
          `(at most ${QUERY_MAX_AHEAD_MS} ms): check the clock, or the worker is behind the chain`,
      );
    if (timestamp <= this.watermark)
      throw new PhalanxError(
        'INVALID_INPUT',
        'the query is older than queries this worker had to forget under load: make a new one',
      );
    const id = `${Buffer.from(request.caller.value).toString('hex')}:${Buffer.from(request.nonce).toString('hex')}`;
    const second = timestamp / BUCKET_MS;
    let nonces = this.seconds.get(second);
    if (nonces?.has(id)) throw new PhalanxError('INVALID_INPUT', 'the query was replayed (nonce already used)');
    this.forgetOlderThan(chainTimeMs - QUERY_FRESHNESS_MS);
    if (nonces === undefined) {
      nonces = new Set();
      this.seconds.set(second, nonces);
    }
    nonces.add(id);
    this.remembered++;
    while (this.remembered > MAX_REMEMBERED_NONCES) this.forgetOldestSecond();
  }

  /** How many nonces are remembered now (for tests and the info a worker reports). */
  get size(): number {
    return this.remembered;
  }

  private forgetOlderThan(floorMs: bigint): void {
    for (const [second, nonces] of this.seconds) {
      if ((second + 1n) * BUCKET_MS > floorMs) continue;
      this.seconds.delete(second);
      this.remembered -= nonces.size;
    }
  }

  private forgetOldestSecond(): void {
    let oldest: bigint | undefined;
    for (const second of this.seconds.keys()) if (oldest === undefined || second < oldest) oldest = second;
    if (oldest === undefined) return;
    this.remembered -= this.seconds.get(oldest)?.size ?? 0;
    this.seconds.delete(oldest);
    const end = (oldest + 1n) * BUCKET_MS - 1n;
    if (end > this.watermark) this.watermark = end;
  }
}
