// A node that lies: a WebSocket JSON-RPC proxy in front of a real node that forwards everything
// and rewrites chosen answers (a worker's host relaying from it must halt, never believe it).
import { WebSocket, WebSocketServer } from 'ws';

/** Rewrites the result of one answered call, or returns it unchanged. */
export type Lie = (method: string, params: unknown[], result: unknown) => unknown;

export async function startLyingNode(upstream: string, lie: Lie): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (client) => {
    const node = new WebSocket(upstream);
    const asked = new Map<unknown, { method: string; params: unknown[] }>();
    const pending: string[] = [];
    node.once('open', () => {
      for (const text of pending.splice(0)) node.send(text);
    });
    client.on('message', (data) => {
      const text = data.toString();
      const request = JSON.parse(text) as { id?: unknown; method?: string; params?: unknown[] };
      if (request.id !== undefined && request.method !== undefined)
        asked.set(request.id, { method: request.method, params: request.params ?? [] });
      if (node.readyState === WebSocket.OPEN) node.send(text);
      else pending.push(text);
    });
    node.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: unknown; result?: unknown };
      const call = message.id === undefined ? undefined : asked.get(message.id);
      if (call !== undefined && 'result' in message) {
        asked.delete(message.id);
        message.result = lie(call.method, call.params, message.result);
      }
      client.send(JSON.stringify(message));
    });
    const close = () => {
      client.close();
      node.close();
    };
    client.on('close', close);
    node.on('close', close);
    node.on('error', close);
    client.on('error', close);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}

/** Block `number`'s state changes with one value altered (the header still says the true root). */
export function alterChangesOf(number: number): Lie {
  return (method, params, result) => {
    if (method !== 'phalanx_getBlockWithChanges' || params[0] !== number || result === null) return result;
    const block = result as { changes: [string, string | null][] };
    const index = block.changes.findIndex(([, value]) => value !== null && value.length > 2);
    const [key, value] = block.changes[index] as [string, string];
    const flipped = `${value.slice(0, -1)}${value.endsWith('0') ? '1' : '0'}`;
    block.changes[index] = [key, flipped];
    return block;
  };
}

/** Block `number`'s finality proof with all but `keep` precommits removed (signed by too few validators). */
export function dropSignaturesOf(number: number, keep: number): Lie {
  return (method, params, result) => {
    if (method !== 'phalanx_getFinalityProof' || params[0] !== number || result === null) return result;
    const proof = result as { signedHeaders: { commit: { signatures: Record<string, unknown>[] } }[] };
    for (const signed of proof.signedHeaders) {
      signed.commit.signatures = signed.commit.signatures.map((signature, i) =>
        i < keep ? signature : { block_id_flag: 1, validator_address: '', timestamp: '0001-01-01T00:00:00Z', signature: null },
      );
    }
    return proof;
  };
}
