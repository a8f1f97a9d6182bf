import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PhalanxError } from '@phalanx/errors';
import { WebSocketServer } from 'ws';
import { type Logger, silentLogger, throttledWarning } from '../log.js';
import { RequestBudget } from './budget.js';
import { Dispatcher } from './dispatch.js';
import { handleHttpRequest } from './http.js';
import { DEFAULT_RPC_LIMITS, RpcAccounting, type RpcLimits, type RpcStats } from './limits.js';
import type { Handler } from './methods.js';
import { SendQueues, serveWebSocket } from './ws-connection.js';

export { DEFAULT_RPC_LIMITS, type RpcLimits, type RpcStats } from './limits.js';

export interface RpcServer {
  readonly port: number;
  /** The node's own accounting of what clients hold in its memory now (and the peaks so far). */
  stats(): RpcStats;
  close(): Promise<void>;
}

/** JSON-RPC 2.0 over WebSocket and plain HTTP POST on the same port, within `limits` (see limits.ts). */
export async function startRpcServer(options: {
  host: string;
  port: number;
  methods: Record<string, Handler>;
  limits?: Partial<RpcLimits>;
  log?: Logger;
}): Promise<RpcServer> {
  const limits: RpcLimits = { ...DEFAULT_RPC_LIMITS, ...options.limits };
  const log = options.log ?? silentLogger;
  const accounting = new RpcAccounting();
  const dispatcher = new Dispatcher(options.methods, limits.maxBatch);
  const budget = new RequestBudget(limits.maxRequestsInFlight);
  const queues = new SendQueues();
  let nextSubscription = 1;
  const httpContext = { limits, accounting, dispatcher, budget, warn: throttledWarning(log) };
  const wsContext = {
    limits,
    accounting,
    dispatcher,
    budget,
    queues,
    subscriptionId: () => `0x${(nextSubscription++).toString(16).padStart(16, '0')}`,
    warn: throttledWarning(log),
  };

  const server: Server = createServer(
    {
      // Slowloris: headers and the whole request must arrive in time (checked every interval).
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    },
    (request, response) => handleHttpRequest(request, response, httpContext),
  );
  // An HTTP connection silent this long (e.g. an answer its client does not read) is closed;
  // WebSocket connections are exempt (ws clears the timeout on upgrade).
  server.setTimeout(limits.idleSocketTimeoutMs);
  server.maxConnections = limits.maxConnections + limits.maxHttpRequests;

  const wss = new WebSocketServer({ server, maxPayload: limits.maxRequestBytes });
  // ws re-emits the HTTP server's errors (e.g. EADDRINUSE); those are handled on the server below,
  // and without a listener here they would crash the process instead of rejecting with CONNECTION.
  wss.on('error', () => undefined);
  wss.on('connection', (socket, request) => {
    if (wss.clients.size > limits.maxConnections) {
      socket.close(1013, 'too many connections');
      return;
    }
    serveWebSocket(socket, `${request.socket.remoteAddress ?? 'unknown'}:${request.socket.remotePort ?? 0}`, wsContext);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(
        new PhalanxError(
          'CONNECTION',
          cause.code === 'EADDRINUSE'
            ? `RPC port ${options.port} is already in use`
            : `cannot listen on ${options.host}:${options.port}`,
          { cause },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    stats: () => accounting.snapshot(queues.exactTotal(), budget),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
