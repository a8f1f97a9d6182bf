import { createServer, type Server, type Socket } from 'node:net';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { Request, Response } from 'cosmjs-types/tendermint/abci/types';
import { AbciFrameReader, frameMessage } from './abci-framing.js';

/** The ABCI 2.0 methods an application answers (Echo and Flush are the server's own). */
type Method = Exclude<keyof Request, 'echo' | 'flush'>;
type RequestOf<M extends Method> = NonNullable<Request[M]>;
type ResponseOf<M extends keyof Response> = NonNullable<Response[M]>;

/** An ABCI application: one handler per request kind it takes, each answering that kind's response. */
export type AbciApplication = {
  [M in Method]?: (request: RequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

/** Requests read from one connection and not yet answered before the server stops reading it. */
const MAX_WAITING_REQUESTS = 1024;

/**
 * Methods whose handlers may run while earlier requests on the same connection are still being
 * answered: they read the committed state and change nothing a later answer depends on in order
 * (CheckTx admits into the pool, which orders by nonce itself). Their responses still go out in
 * request order. So CometBFT's stream of CheckTx on the mempool connection is verified in batches
 * (the signature threads take every transaction of a socket read at once) instead of one by one.
 */
const CONCURRENT: ReadonlySet<string> = new Set(['checkTx', 'query', 'echo', 'flush']);

/** What a connection's peer asked, by method name, for logs and tests. */
export type AbciObserver = (method: keyof Request, connection: number) => void;

/**
 * The ABCI socket server (CometBFT's `proxy_app = tcp://…`). CometBFT opens four connections
 * (consensus, mempool, query, snapshot), sends length-prefixed `Request`s on each and expects the
 * `Response`s strictly in the same order: so each connection is served one request at a time, in
 * order, even when a handler is asynchronous. Flush is answered after every earlier response on
 * its connection has been written (responses are written as they are made, so there is nothing
 * left to flush). A handler that throws answers `exception`, which makes CometBFT stop: an
 * application must never answer one block two ways, so it must not guess.
 */
export class AbciServer {
  private connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async listen(app: AbciApplication, options: { port?: number; host?: string; observe?: AbciObserver } = {}) {
    const holder: { self?: AbciServer } = {};
    const server = createServer((socket) => holder.self?.serve(socket, app, options.observe));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new PhalanxError('INTERNAL', 'the ABCI server has no TCP port');
    holder.self = new AbciServer(server, address.port);
    return holder.self;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket, app: AbciApplication, observe: AbciObserver | undefined): void {
    const id = ++this.connections;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new AbciFrameReader();
    let queue = Promise.resolve();
    let waiting = 0; // requests read but not yet answered: past the cap, stop reading (CometBFT waits)
    socket.on('data', (chunk: Buffer) => {
      let messages: Uint8Array[];
      try {
        messages = reader.push(new Uint8Array(chunk));
      } catch {
        socket.destroy(); // not CometBFT speaking: nothing sensible to answer
        return;
      }
      for (const bytes of messages) {
        waiting++;
        const request = decodeRequest(bytes);
        // A concurrent method starts now; any other starts once every earlier answer is written.
        const early = request.ok && CONCURRENT.has(request.method) ? answer(app, request, id, observe) : undefined;
        queue = queue.then(async () => {
          const response = await (early ?? answer(app, request, id, observe));
          if (!socket.destroyed) write(socket, frameMessage(Response.encode(response).finish()));
          if (--waiting < MAX_WAITING_REQUESTS / 2 && socket.isPaused()) socket.resume();
        });
      }
      if (waiting >= MAX_WAITING_REQUESTS) socket.pause();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }
}

/**
 * Writes a response, coalescing the writes of one turn into one syscall (cork until the next
 * tick): answers to a burst of pipelined requests leave together, still in order.
 */
function write(socket: Socket, frame: Uint8Array): void {
  if (socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(frame);
}

type Decoded =
  | { readonly ok: true; readonly request: Request; readonly method: keyof Request }
  | { readonly ok: false; readonly error: string };

function decodeRequest(bytes: Uint8Array): Decoded {
  let request: Request;
  try {
    request = Request.decode(bytes);
  } catch {
    return { ok: false, error: 'the request could not be decoded as an ABCI Request' };
  }
  const method = (Object.keys(request) as (keyof Request)[]).find((key) => request[key] !== undefined);
  return method === undefined ? { ok: false, error: 'an empty ABCI Request' } : { ok: true, request, method };
}

async function answer(
  app: AbciApplication,
  decoded: Decoded,
  connection: number,
  observe: AbciObserver | undefined,
): Promise<Response> {
  if (!decoded.ok) return { exception: { error: decoded.error } };
  const { request, method } = decoded;
  observe?.(method, connection);
  if (method === 'echo') return { echo: { message: request.echo?.message ?? '' } };
  if (method === 'flush') return { flush: {} };
  const handler = app[method] as ((value: unknown) => unknown) | undefined;
  if (handler === undefined) return { exception: { error: `this application does not answer ${method}` } };
  try {
    return { [method]: await handler.call(app, request[method]) } as Response;
  } catch (error) {
    const reason = isPhalanxError(error) ? `${error.code}: ${error.message}` : 'an unexpected error in the application';
    return { exception: { error: `${method} failed: ${reason}` } };
  }
}
