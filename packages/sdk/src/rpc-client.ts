import { type ErrorCode, isErrorCode, PhalanxError } from '@phalanx/errors';
import NodeWebSocket from 'ws';

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The part of the standard WebSocket API the client uses: what a browser's `WebSocket` and the
 * `ws` package (the default, for Node.js) both provide, so the same client runs in either.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void, options?: { once?: boolean }): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface RpcClientOptions {
  /** Milliseconds to wait for one answer. */
  readonly timeoutMs?: number;
  /** The WebSocket implementation: in a browser pass `globalThis.WebSocket`; default `ws` (Node.js). */
  readonly webSocket?: WebSocketConstructor;
}

const CLOSED = 3;
/** Node.js sockets from `ws` take a payload cap (a state page can be large) and can be cut at once. */
function openSocket(url: string, options: RpcClientOptions): WebSocketLike {
  if (options.webSocket !== undefined) return new options.webSocket(url);
  return new NodeWebSocket(url, { maxPayload: 64 * 1024 * 1024 }) as unknown as WebSocketLike;
}

/**
 * An error answer from the node, carrying the node's Phalanx error code when it sent one; plain
 * JSON-RPC errors (no `data.code`) map to the nearest code instead of looking like a network failure.
 */
function rpcFailure(error: { code?: number; message?: string; data?: { code?: string } }): PhalanxError {
  const sent = error.data?.code;
  const code: ErrorCode = isErrorCode(sent)
    ? sent
    : error.code === -32602
      ? 'INVALID_INPUT'
      : error.code === -32601
        ? 'NOT_FOUND'
        : error.code === -32600 || error.code === -32700
          ? 'RPC_INVALID_REQUEST'
          : 'CONNECTION';
  return new PhalanxError(code, error.message ?? 'the node returned an error', { details: { rpcCode: error.code ?? null } });
}

/** A JSON-RPC 2.0 client over one WebSocket, with subscriptions. */
export class RpcClient {
  private readonly socket: WebSocketLike;
  private readonly timeoutMs: number;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<string, (result: unknown) => void>();
  /** Notifications that arrive before their subscription id is known to us. */
  private readonly early = new Map<string, unknown[]>();
  private nextId = 1;
  private closed = false;
  private readonly ends = new Map<string, (error: PhalanxError) => void>();

  private constructor(socket: WebSocketLike, options: RpcClientOptions) {
    this.socket = socket;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    socket.addEventListener('message', (event) => this.onMessage(String(event.data)));
    socket.addEventListener('close', () => this.failAll('the connection to the node closed'));
    socket.addEventListener('error', () => this.failAll('the connection to the node failed'));
  }

  static connect(url: string, options: RpcClientOptions = {}): Promise<RpcClient> {
    if (!/^wss?:\/\//.test(url)) throw new PhalanxError('INVALID_INPUT', `RPC URL must start with ws:// or wss://, got "${url}"`);
    return new Promise((resolve, reject) => {
      const socket = openSocket(url, options);
      let opened = false;
      socket.addEventListener(
        'open',
        () => {
          opened = true;
          resolve(new RpcClient(socket, options));
        },
        { once: true },
      );
      socket.addEventListener(
        'error',
        () => opened || reject(new PhalanxError('CONNECTION', `cannot connect to ${url}: is a node running there?`)),
        { once: true },
      );
    });
  }

  request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new PhalanxError('CONNECTION', 'the RPC client is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PhalanxError('CONNECTION', `${method} got no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /**
   * Subscribes; `onResult` gets each notification's result, `onEnd` the error if the connection
   * ends first (no more notifications will come). Resolves to an unsubscribe function.
   */
  async subscribe(
    method: string,
    params: unknown[],
    unsubscribeMethod: string,
    onResult: (result: unknown) => void,
    onEnd?: (error: PhalanxError) => void,
  ): Promise<() => Promise<void>> {
    const id = await this.request<string>(method, params);
    this.subscriptions.set(id, onResult);
    if (onEnd !== undefined) this.ends.set(id, onEnd);
    for (const result of this.early.get(id) ?? []) onResult(result);
    this.early.delete(id);
    return async () => {
      this.subscriptions.delete(id);
      this.ends.delete(id);
      if (!this.closed) await this.request(unsubscribeMethod, [id]).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.socket.readyState === CLOSED) return;
    await new Promise<void>((resolve) => {
      // A node that died never answers the closing handshake: give it a moment, then cut the socket
      // (`ws` can; a browser's socket gives up by itself) and stop waiting.
      const timer = setTimeout(() => {
        (this.socket as { terminate?: () => void }).terminate?.();
        resolve();
      }, 1000);
      this.socket.addEventListener(
        'close',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
      this.socket.close();
    });
  }

  private onMessage(text: string): void {
    let message: {
      id?: number;
      result?: unknown;
      error?: object;
      method?: string;
      params?: { subscription?: string; result?: unknown };
    };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const call = this.pending.get(message.id);
      if (call === undefined) return;
      this.pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.error !== undefined) call.reject(rpcFailure(message.error));
      else call.resolve(message.result);
      return;
    }
    const subscription = message.params?.subscription;
    if (typeof subscription !== 'string') return;
    const handler = this.subscriptions.get(subscription);
    if (handler !== undefined) handler(message.params?.result);
    else this.early.set(subscription, [...(this.early.get(subscription) ?? []), message.params?.result]);
  }

  private failAll(reason: string): void {
    this.closed = true;
    for (const end of this.ends.values()) end(new PhalanxError('CONNECTION', reason));
    this.ends.clear();
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(new PhalanxError('CONNECTION', reason));
    }
    this.pending.clear();
  }
}
