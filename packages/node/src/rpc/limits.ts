import type { RequestBudget } from './budget.js';

/**
 * What the RPC server lets a client hold in the node's memory, and the node's own count of it.
 * Every cap is enforced where the memory is spent: request bodies as they are buffered, answers as
 * they are queued to a socket (including while it is corked), requests while they are handled.
 */
export interface RpcLimits {
  /** Largest request body or WebSocket message. */
  readonly maxRequestBytes: number;
  /** Requests in one batch. */
  readonly maxBatch: number;
  /** Live subscriptions per WebSocket connection. */
  readonly maxSubscriptionsPerConnection: number;
  /** Open WebSocket connections. */
  readonly maxConnections: number;
  /**
   * Unsent bytes queued to one WebSocket client (answers and notifications it has not read);
   * a message that would go past it cuts the connection off. Also the largest single answer.
   */
  readonly maxBufferedBytes: number;
  /** Unsent bytes queued to all WebSocket clients together; past it the worst queue is cut off. */
  readonly maxBufferedBytesTotal: number;
  /** Requests of one WebSocket connection taken in at once; past it the node stops reading it. */
  readonly maxInFlightPerConnection: number;
  /** Requests handled at once by the whole node (WebSocket and HTTP); more wait their turn. */
  readonly maxRequestsInFlight: number;
  /** HTTP requests being received, handled or answered at once; more get 503. */
  readonly maxHttpRequests: number;
  /** Request body bytes buffered for all HTTP requests together; past it a request gets 503. */
  readonly maxHttpBodyBytesTotal: number;
  /** Milliseconds a client has to send its request headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole HTTP request. */
  readonly requestTimeoutMs: number;
  /** Milliseconds an HTTP request body may stall between two chunks before it gets 408. */
  readonly bodyIdleTimeoutMs: number;
  /** Milliseconds an HTTP connection may sit without any traffic (an answer its client does not read). */
  readonly idleSocketTimeoutMs: number;
}

export const DEFAULT_RPC_LIMITS: RpcLimits = {
  maxRequestBytes: 4 * 1024 * 1024,
  maxBatch: 100,
  maxSubscriptionsPerConnection: 128,
  maxConnections: 1000,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxBufferedBytesTotal: 256 * 1024 * 1024,
  maxInFlightPerConnection: 32,
  maxRequestsInFlight: 128,
  maxHttpRequests: 64,
  maxHttpBodyBytesTotal: 64 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 10_000,
  idleSocketTimeoutMs: 60_000,
};

/** The node's own accounting of what clients hold (`RpcServer.stats()`). */
export interface RpcStats {
  readonly webSocketConnections: number;
  /** Unsent bytes queued to WebSocket clients now (exact). */
  readonly webSocketQueuedBytes: number;
  /** The most unsent bytes one connection ever had queued right after a send. */
  readonly peakWebSocketQueuedBytes: number;
  /** The most unsent bytes all connections had queued together, as counted after a send. */
  readonly peakWebSocketQueuedBytesTotal: number;
  /** Requests being handled now (WebSocket and HTTP), the most ever at once, and how many wait their turn. */
  readonly requestsInFlight: number;
  readonly peakRequestsInFlight: number;
  readonly requestsWaiting: number;
  /** The most requests one WebSocket connection ever had taken in (handled or waiting their turn). */
  readonly peakRequestsPerConnection: number;
  /** Connections cut off for not reading (unsent bytes) or for sending while they were paused. */
  readonly webSocketConnectionsDropped: number;
  readonly httpRequests: number;
  /** Request body bytes held for HTTP requests now, and the most ever held together. */
  readonly httpBodyBytes: number;
  readonly peakHttpBodyBytes: number;
  /** HTTP requests refused: 413 (too large), 503 (busy: requests or body bytes), 408 (stalled body). */
  readonly httpRefused: { readonly tooLarge: number; readonly busy: number; readonly timedOut: number };
}

/** Mutable counters behind `RpcStats`; the server parts update them, `snapshot` reads them. */
export class RpcAccounting {
  webSocketConnections = 0;
  peakWebSocketQueuedBytes = 0;
  peakWebSocketQueuedBytesTotal = 0;
  peakRequestsPerConnection = 0;
  webSocketConnectionsDropped = 0;
  httpRequests = 0;
  httpBodyBytes = 0;
  peakHttpBodyBytes = 0;
  readonly httpRefused = { tooLarge: 0, busy: 0, timedOut: 0 };

  holdHttpBody(bytes: number): void {
    this.httpBodyBytes += bytes;
    this.peakHttpBodyBytes = Math.max(this.peakHttpBodyBytes, this.httpBodyBytes);
  }

  snapshot(webSocketQueuedBytes: number, budget: RequestBudget): RpcStats {
    return {
      webSocketConnections: this.webSocketConnections,
      webSocketQueuedBytes,
      peakWebSocketQueuedBytes: this.peakWebSocketQueuedBytes,
      peakWebSocketQueuedBytesTotal: this.peakWebSocketQueuedBytesTotal,
      requestsInFlight: budget.inFlight,
      peakRequestsInFlight: budget.peak,
      requestsWaiting: budget.waiting,
      peakRequestsPerConnection: this.peakRequestsPerConnection,
      webSocketConnectionsDropped: this.webSocketConnectionsDropped,
      httpRequests: this.httpRequests,
      httpBodyBytes: this.httpBodyBytes,
      peakHttpBodyBytes: this.peakHttpBodyBytes,
      httpRefused: { ...this.httpRefused },
    };
  }
}
