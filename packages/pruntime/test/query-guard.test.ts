// The query replay guard and the per-caller rate limit (issue 10 items 9 and 3). Before: a query
// dated far ahead was admitted, and once evicted from the nonce cache it raised the watermark to its
// date, so every honest query was refused until restart; and an evicted nonce could be replayed once
// (`<` where `<=` was meant). Queries were free without any limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueryRequest } from '@phalanx/primitives';
import {
  MAX_REMEMBERED_NONCES,
  QUERY_FRESHNESS_MS,
  QUERY_MAX_AHEAD_MS,
  QUERY_RATE,
  QueryGuard,
  QueryRateLimit,
} from '../src/index.js';

const CHAIN_TIME = 1_700_000_000_000n;
let counter = 0;

function request(timestamp: bigint, caller = 1, nonce = ++counter): QueryRequest {
  const id = new Uint8Array(16);
  new DataView(id.buffer).setUint32(0, nonce);
  return {
    caller: { tag: 'Sr25519', value: new Uint8Array(32).fill(caller) },
    nonce: id,
    timestamp,
    target: { tag: 'Worker', value: null },
    method: 'ping',
    args: new Uint8Array(),
  };
}

const refused = (fn: () => void, pattern: RegExp) => assert.throws(fn, (e: Error & { code?: string }) => pattern.test(e.message));

describe('query guard: timestamps bounded by verified chain time', () => {
  it('refuses a query dated after the chain time plus the allowed skew, and one older than the window', () => {
    const guard = new QueryGuard();
    guard.admit(request(CHAIN_TIME + QUERY_MAX_AHEAD_MS), CHAIN_TIME);
    refused(() => guard.admit(request(CHAIN_TIME + QUERY_MAX_AHEAD_MS + 1n), CHAIN_TIME), /after the chain time/);
    refused(() => guard.admit(request(CHAIN_TIME + 10n ** 9n), CHAIN_TIME), /after the chain time/);
    refused(() => guard.admit(request(CHAIN_TIME - QUERY_FRESHNESS_MS - 1n), CHAIN_TIME), /too old/);
  });

  it('a query dated far ahead followed by a flood cannot shut out honest queries', () => {
    const guard = new QueryGuard();
    refused(() => guard.admit(request(CHAIN_TIME + 10n ** 9n, 9), CHAIN_TIME), /after the chain time/);
    for (let i = 0; i <= MAX_REMEMBERED_NONCES; i++)
      guard.admit(request(CHAIN_TIME - 30_000n + BigInt(i % 20_000), 2), CHAIN_TIME);
    assert.ok(guard.size <= MAX_REMEMBERED_NONCES);
    guard.admit(request(CHAIN_TIME + 1_000n), CHAIN_TIME); // an honest query right after the flood
  });

  it('a nonce forgotten under load cannot be replayed: its whole second is refused from then on', () => {
    const guard = new QueryGuard();
    const first = request(CHAIN_TIME - 50_000n);
    guard.admit(first, CHAIN_TIME);
    refused(() => guard.admit(first, CHAIN_TIME), /replayed/);
    for (let i = 0; i < MAX_REMEMBERED_NONCES; i++) guard.admit(request(CHAIN_TIME - 20_000n + BigInt(i % 1000), 3), CHAIN_TIME);
    refused(() => guard.admit(first, CHAIN_TIME), /forget under load/);
    refused(() => guard.admit(request(first.timestamp), CHAIN_TIME), /forget under load/);
  });

  it('forgets nonces that fell out of the window as chain time advances, and still refuses their replays', () => {
    const guard = new QueryGuard();
    const old = request(CHAIN_TIME);
    guard.admit(old, CHAIN_TIME);
    for (let i = 0; i < 100; i++) guard.admit(request(CHAIN_TIME + BigInt(i)), CHAIN_TIME);
    assert.equal(guard.size, 101);
    const later = CHAIN_TIME + QUERY_FRESHNESS_MS + 2_000n;
    guard.admit(request(later), later);
    assert.equal(guard.size, 1, 'the old second is gone');
    refused(() => guard.admit(old, later), /too old/);
  });
});

describe('query rate limit: per caller, in the enclave', () => {
  it('admits a burst, then refuses with RATE_LIMITED and a retry time, refills over time, per caller', () => {
    let now = 0;
    const rate = new QueryRateLimit(() => now);
    const alice = new Uint8Array(32).fill(1);
    const bob = new Uint8Array(32).fill(2);
    for (let i = 0; i < QUERY_RATE.burst; i++) rate.take(alice);
    assert.throws(
      () => rate.take(alice),
      (e: Error & { code?: string; details?: { retryAfterMs?: number } }) =>
        e.code === 'RATE_LIMITED' && e.details?.retryAfterMs === 1000 / QUERY_RATE.perSecond,
    );
    rate.take(bob); // another caller is not affected
    now += 1000;
    for (let i = 0; i < QUERY_RATE.perSecond; i++) rate.take(alice);
    assert.throws(() => rate.take(alice), /too many queries/);
  });

  it('tracks a bounded number of callers', () => {
    const rate = new QueryRateLimit(() => 0);
    for (let i = 0; i < QUERY_RATE.trackedCallers + 10; i++) {
      const caller = new Uint8Array(32);
      new DataView(caller.buffer).setUint32(0, i);
      rate.take(caller);
    }
    assert.equal((rate as unknown as { callers: Map<string, unknown> }).callers.size, QUERY_RATE.trackedCallers);
  });
});
