import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PhalanxError } from '@phalanx/errors';
import { type WebSocket, WebSocketServer } from 'ws';
import { errorResponse, type JsonValue, parseRequest, RPC_ERRORS, resultResponse, toRpcError } from './json-rpc.js';
import type { Connection, Handler } from './methods.js';

export interface RpcLimits {
  /** Largest request body or WebSocket message. */
  readonly maxRequestBytes: number;
  /** Requests in one batch. */
  readonly maxBatch: number;
  /** Live subscriptions per WebSocket connection. */
  readonly maxSubscriptionsPerConnection: number;
  /** Open WebSocket connections. */
  readonly maxConnections: number;
  /** Unsent bytes queued to a slow WebSocket client before it is disconnected. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_RPC_LIMITS: RpcLimits = {
  maxRequestBytes: 4 * 1024 * 1024,
  maxBatch: 100,
  maxSubscriptionsPerConnection: 128,
  maxConnections: 1000,
  maxBufferedBytes: 16 * 1024 * 1024,
};

export interface RpcServer {
  readonly port: number;
  close(): Promise<void>;
}

/** JSON-RPC 2.0 over WebSocket and plain HTTP POST on the same port. */
export async function startRpcServer(options: {
  host: string;
  port: number;
  methods: Record<string, Handler>;
  limits?: Partial<RpcLimits>;
}): Promise<RpcServer> {
  const limits = { ...DEFAULT_RPC_LIMITS, ...options.limits };
  const methods = options.methods;
  let nextSubscription = 1;

  const handleOne = async (raw: unknown, connection: Connection): Promise<JsonValue | undefined> => {
    let id: string | number | null = null;
    try {
      const request = parseRequest(raw);
      id = request.id;
      const handler = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
      if (handler === undefined) {
        return request.notification
          ? undefined
          : errorResponse(id, { code: RPC_ERRORS.methodNotFound, message: `method ${request.method} does not exist` });
      }
      const result = await handler(request.params, connection);
      return request.notification ? undefined : resultResponse(id, result);
    } catch (error) {
      return errorResponse(id, toRpcError(error));
    }
  };

  const handleText = async (text: string, connection: Connection): Promise<JsonValue | undefined> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return errorResponse(null, { code: RPC_ERRORS.parse, message: 'request is not valid JSON' });
    }
    if (!Array.isArray(parsed)) return handleOne(parsed, connection);
    if (parsed.length === 0 || parsed.length > limits.maxBatch) {
      return errorResponse(null, {
        code: RPC_ERRORS.invalidRequest,
        message: `a batch must hold 1..${limits.maxBatch} requests`,
      });
    }
    const responses = (await Promise.all(parsed.map((item) => handleOne(item, connection)))).filter((r) => r !== undefined);
    return responses.length === 0 ? undefined : responses;
  };

  const noSubscriptions = (): never => {
    throw new PhalanxError('RPC_INVALID_REQUEST', 'subscriptions need a WebSocket connection');
  };
  const httpConnection: Connection = {
    subscribe: noSubscriptions,
    unsubscribe: () => false,
    assertCanSubscribe: noSubscriptions,
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: JsonValue | undefined) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (request.method !== 'POST')
      return reply(
        405,
        errorResponse(null, { code: RPC_ERRORS.invalidRequest, message: 'use POST with a JSON-RPC body, or a WebSocket' }),
      );
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        // Drain (without keeping) what the client is still sending so it reads the 413 instead of a
        // reset connection; a client that keeps sending far beyond the cap is cut off.
        if (size > 2 * limits.maxRequestBytes) request.destroy();
        return;
      }
      if (size > limits.maxRequestBytes) {
        refused = true;
        chunks.length = 0;
        reply(
          413,
          errorResponse(null, {
            code: RPC_ERRORS.invalidRequest,
            message: `request larger than ${limits.maxRequestBytes} bytes`,
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      handleText(Buffer.concat(chunks).toString('utf8'), httpConnection).then(
        (body) => reply(200, body),
        () => reply(500, errorResponse(null, { code: RPC_ERRORS.internal, message: 'internal error' })),
      );
    });
  });

  const wss = new WebSocketServer({ server, maxPayload: limits.maxRequestBytes });
  // ws re-emits the HTTP server's errors (e.g. EADDRINUSE); those are handled on the server below,
  // and without a listener here they would crash the process instead of rejecting with CONNECTION.
  wss.on('error', () => undefined);
  wss.on('connection', (socket: WebSocket) => {
    if (wss.clients.size > limits.maxConnections) {
      socket.close(1013, 'too many connections');
      return;
    }
    const subscriptions = new Map<string, () => void>();
    let corked = false;
    const send = (message: JsonValue) => {
      if (socket.readyState !== socket.OPEN) return;
      // Judged at the first message of a tick: what is still buffered then was not read by the client.
      if (!corked && socket.bufferedAmount > limits.maxBufferedBytes) {
        socket.terminate(); // a client that does not read its notifications is cut off, not buffered forever
        return;
      }
      // Messages sent in one tick leave in one write (notifications come in bursts: a block's worth).
      const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      if (raw !== undefined && !corked) {
        corked = true;
        raw.cork();
        process.nextTick(() => {
          corked = false;
          raw.uncork();
        });
      }
      socket.send(JSON.stringify(message));
    };
    const connection: Connection = {
      assertCanSubscribe() {
        if (subscriptions.size >= limits.maxSubscriptionsPerConnection) {
          throw new PhalanxError(
            'RPC_INVALID_REQUEST',
            `at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`,
          );
        }
      },
      subscribe(notification, start) {
        connection.assertCanSubscribe();
        const id = `0x${(nextSubscription++).toString(16).padStart(16, '0')}`;
        // Notifications start after the subscription id has been returned to the client.
        const pending: JsonValue[] = [];
        let live = false;
        const emit = (result: JsonValue) => {
          const message = { jsonrpc: '2.0', method: notification, params: { subscription: id, result } };
          if (live) send(message);
          else pending.push(message);
        };
        subscriptions.set(id, start(emit));
        setImmediate(() => {
          live = true;
          for (const message of pending.splice(0)) send(message);
        });
        return id;
      },
      unsubscribe(id) {
        const stop = subscriptions.get(id);
        if (stop === undefined) return false;
        subscriptions.delete(id);
        stop();
        return true;
      },
    };
    socket.on('message', (data, isBinary) => {
      if (isBinary) return send(errorResponse(null, { code: RPC_ERRORS.invalidRequest, message: 'send JSON text frames' }));
      handleText(data.toString(), connection).then((response) => response !== undefined && send(response));
    });
    socket.on('close', () => {
      for (const stop of subscriptions.values()) stop();
      subscriptions.clear();
    });
    socket.on('error', () => socket.terminate());
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
