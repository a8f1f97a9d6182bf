import type { Socket } from 'node:net';
import { PhalanxError } from '@phalanx/errors';
import type { WebSocket } from 'ws';
import type { RequestBudget } from './budget.js';
import { type Dispatcher, serialiseAnswer } from './dispatch.js';
import { errorResponse, type JsonValue, RPC_ERRORS } from './json-rpc.js';
import type { RpcAccounting, RpcLimits } from './limits.js';
import type { Connection } from './methods.js';

/** The most framing `ws` adds to a text message a server sends (no mask). */
const FRAME_OVERHEAD = 10;
/** Close code for a client that broke a limit (RFC 6455: policy violation). */
const CLOSE_POLICY = 1008;

interface Queue {
  readonly socket: WebSocket;
  cutOff(reason: string): void;
}

/**
 * The unsent bytes of every WebSocket connection, for the node-wide cap. Each send records the
 * connection's queue; queues only shrink between sends, so the sum is an upper bound, made exact
 * (and the worst queue cut off) only when it nears the cap.
 */
export class SendQueues {
  private readonly queued = new Map<Queue, number>();
  private sum = 0;

  record(queue: Queue, bytes: number): void {
    this.sum += bytes - (this.queued.get(queue) ?? 0);
    this.queued.set(queue, bytes);
  }

  remove(queue: Queue): void {
    this.sum -= this.queued.get(queue) ?? 0;
    this.queued.delete(queue);
  }

  get estimatedTotal(): number {
    return this.sum;
  }

  exactTotal(): number {
    for (const queue of this.queued.keys()) this.record(queue, queue.socket.bufferedAmount);
    return this.sum;
  }

  /** The connection with the most unsent bytes (as of the last `exactTotal`). */
  largest(): [Queue, number] | undefined {
    let worst: [Queue, number] | undefined;
    for (const entry of this.queued) if (worst === undefined || entry[1] > worst[1]) worst = entry;
    return worst;
  }
}

export interface WebSocketContext {
  readonly limits: RpcLimits;
  readonly accounting: RpcAccounting;
  readonly dispatcher: Dispatcher;
  readonly budget: RequestBudget;
  readonly queues: SendQueues;
  readonly subscriptionId: () => string;
  /** Throttled warning (a client can make these happen at will). */
  readonly warn: (message: string) => void;
}

/**
 * Serves one WebSocket connection within its limits. Requests: at most `maxInFlightPerConnection`
 * handled at once; past that the node stops reading the socket (TCP pushes back on the client)
 * until some finish, and a client that still piles up requests is closed (1008). Answers and
 * notifications: every message is checked against the bytes the client has not read yet
 * (`bufferedAmount`, which includes what is corked); past `maxBufferedBytes` the connection is cut
 * off at once, since a close frame would wait behind the data the client does not read.
 */
export function serveWebSocket(socket: WebSocket, remote: string, context: WebSocketContext): void {
  const { limits, accounting, dispatcher, budget, queues } = context;
  const subscriptions = new Map<string, () => void>();
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  let open = true; // false once closed or cut off: nothing more is handled or sent
  let corked = false;
  let inFlight = 0;
  let paused = false;
  const waiting: { value: unknown; weight: number; bytes: number }[] = [];
  let waitingBytes = 0;

  const cutOff = (reason: string, closeCode?: number) => {
    if (!open) return;
    open = false;
    queues.remove(queue);
    waiting.length = 0;
    accounting.webSocketConnectionsDropped++;
    context.warn(`cut off the WebSocket connection from ${remote}: ${reason}`);
    if (closeCode === undefined) socket.terminate();
    else socket.close(closeCode, 'too many requests in flight');
  };
  const queue: Queue = { socket, cutOff: (reason) => cutOff(reason) };
  accounting.webSocketConnections++;

  /** Cuts off the connections holding the most unsent data until `bytes` more fit the node-wide cap. */
  const makeRoom = (bytes: number): boolean => {
    if (queues.estimatedTotal + bytes <= limits.maxBufferedBytesTotal) return true;
    for (;;) {
      const total = queues.exactTotal();
      const worst = queues.largest();
      if (total + bytes <= limits.maxBufferedBytesTotal || worst === undefined || worst[1] === 0) return true;
      worst[0].cutOff(
        `WebSocket clients have ${total} unsent bytes together (limit ${limits.maxBufferedBytesTotal}) and this one the most (${worst[1]})`,
      );
      if (worst[0] === queue) return false;
    }
  };

  const send = (message: JsonValue, isAnswer: boolean) => {
    if (!open || socket.readyState !== socket.OPEN) return;
    const data = isAnswer
      ? serialiseAnswer(message, limits.maxBufferedBytes - FRAME_OVERHEAD)
      : Buffer.from(JSON.stringify(message));
    const unsent = socket.bufferedAmount;
    if (unsent + data.length + FRAME_OVERHEAD > limits.maxBufferedBytes) {
      cutOff(
        `it does not read: ${unsent} bytes unsent and a ${data.length}-byte message more would pass the limit of ${limits.maxBufferedBytes}`,
      );
      return;
    }
    if (!makeRoom(data.length + FRAME_OVERHEAD)) return;
    // Messages sent in one tick leave in one write (notifications come in bursts: a block's worth).
    if (raw !== undefined && !corked) {
      corked = true;
      raw.cork();
      process.nextTick(() => {
        corked = false;
        raw.uncork();
      });
    }
    socket.send(data, { binary: false });
    const queued = socket.bufferedAmount; // what is corked counts: it is held in the socket's buffer
    accounting.peakWebSocketQueuedBytes = Math.max(accounting.peakWebSocketQueuedBytes, queued);
    queues.record(queue, queued);
    accounting.peakWebSocketQueuedBytesTotal = Math.max(accounting.peakWebSocketQueuedBytesTotal, queues.estimatedTotal);
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
      const id = context.subscriptionId();
      // Notifications start after the subscription id has been returned to the client.
      const pending: JsonValue[] = [];
      let live = false;
      const emit = (result: JsonValue) => {
        const message = { jsonrpc: '2.0', method: notification, params: { subscription: id, result } };
        if (live) send(message, false);
        else pending.push(message);
      };
      subscriptions.set(id, start(emit));
      setImmediate(() => {
        live = true;
        for (const message of pending.splice(0)) send(message, false);
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

  const canStart = (weight: number) => inFlight === 0 || inFlight + weight <= limits.maxInFlightPerConnection;
  /** Takes a message in: it counts against this connection until answered, and waits for the node-wide budget. */
  const start = (value: unknown, weight: number) => {
    inFlight += weight;
    accounting.peakRequestsPerConnection = Math.max(accounting.peakRequestsPerConnection, inFlight);
    budget
      .acquire(weight)
      .then(async () => {
        try {
          // A connection cut off while this waited gets no answer: do not do the work.
          const response = open ? await dispatcher.handle(value, connection) : undefined;
          if (response !== undefined) send(response, true);
        } finally {
          budget.release(weight);
        }
      })
      .finally(() => {
        inFlight -= weight;
        startWaiting();
      });
  };
  const startWaiting = () => {
    for (let next = waiting[0]; open && next !== undefined && canStart(next.weight); next = waiting[0]) {
      waiting.shift();
      waitingBytes -= next.bytes;
      start(next.value, next.weight);
    }
    if (paused && open && waiting.length === 0) {
      paused = false;
      socket.resume();
    }
  };

  socket.on('message', (data, isBinary) => {
    if (!open) return;
    if (isBinary) {
      send(errorResponse(null, { code: RPC_ERRORS.invalidRequest, message: 'send JSON text frames' }), true);
      return;
    }
    const text = data.toString();
    const parsed = dispatcher.parse(text);
    if (parsed.kind === 'answer') return send(parsed.response, true);
    if (waiting.length === 0 && canStart(parsed.weight)) return start(parsed.value, parsed.weight);
    // Full: stop reading. What `ws` had already read still arrives and waits here, bounded below.
    waiting.push({ value: parsed.value, weight: parsed.weight, bytes: text.length });
    waitingBytes += text.length;
    if (!paused) {
      paused = true;
      socket.pause();
    }
    if (waitingBytes > 2 * limits.maxRequestBytes) {
      cutOff(`it sent ${waitingBytes} bytes of requests beyond ${limits.maxInFlightPerConnection} in flight`, CLOSE_POLICY);
    }
  });
  socket.on('close', () => {
    open = false;
    queues.remove(queue);
    waiting.length = 0;
    accounting.webSocketConnections--;
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
  socket.on('error', () => socket.terminate());
}
