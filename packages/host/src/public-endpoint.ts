import { createServer, type Server } from 'node:http';
import { toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { Envelope } from '@phalanx/primitives';
import type { EnclaveInfo } from '@phalanx/pruntime/ecall';
import { decode, encode } from '@phalanx/scale';
import type { EnclaveThread } from './enclave-thread.js';

const MAX_QUERY_BYTES = 128 * 1024;

/**
 * The public endpoint: GET /info (public facts) and POST /query (an encrypted query in, an encrypted
 * answer out). Once the pRuntime halted (`halted()` gives the refusal's code and reason), /info says
 * so and /query is refused: its answers would come from a state that no longer follows the chain.
 */
export async function servePublicEndpoint(
  port: number,
  info: () => Promise<EnclaveInfo>,
  enclave: EnclaveThread,
  halted: () => string | undefined = () => undefined,
): Promise<Server> {
  const server = createServer((request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'POST' && request.url === '/query') {
      const reason = halted();
      if (reason !== undefined) {
        request.resume(); // drain the body, answer at once
        return json(503, {
          code: 'SYNC_INVALID',
          message: `this worker's pRuntime halted (${reason}): it answers no queries; query another worker of its cluster`,
        });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_QUERY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        if (size > MAX_QUERY_BYTES)
          return json(413, { code: 'INVALID_INPUT', message: `a query is at most ${MAX_QUERY_BYTES} bytes` });
        let envelope: Envelope;
        try {
          envelope = decode(Envelope, new Uint8Array(Buffer.concat(chunks)));
        } catch {
          return json(400, { code: 'CODEC', message: 'the body must be a SCALE Envelope' });
        }
        enclave.call({ tag: 'Query', value: envelope }).then(
          (answer) => {
            if (answer.tag !== 'QueryAnswer') return json(500, { code: 'INTERNAL', message: 'unexpected answer' });
            response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(encode(Envelope, answer.value));
          },
          (error: unknown) =>
            json(
              isPhalanxError(error, 'ENCLAVE_LOST') ? 503 : isPhalanxError(error, 'RATE_LIMITED') ? 429 : 400,
              isPhalanxError(error)
                ? { code: error.code, message: error.message }
                : { code: 'INTERNAL', message: 'query failed' },
            ),
        );
      });
      return;
    }
    if (request.method !== 'GET' || request.url !== '/info') return json(404, { error: 'GET /info or POST /query' });
    info().then(
      (value) =>
        json(200, {
          identity: toHex(value.info.identityPubkey),
          ecdh: toHex(value.info.ecdhPubkey),
          endpoints: value.info.endpoints,
          tee: value.tee,
          insecure: value.insecure ?? null,
          best: value.bestNumber,
          registeredAt: value.registered ?? null,
          halted: halted() ?? value.halted ?? null,
          masterPubkey: value.masterPubkey === undefined ? null : toHex(value.masterPubkey),
          keyShare: value.keyShare ?? null,
          refusedKeyAnswers: value.refusedKeyAnswers.map((r) => ({
            contract: toHex(r.contract),
            gatekeeper: r.gatekeeper,
            reason: r.reason,
          })),
          contracts: value.contracts.map((id) => toHex(id)),
        }),
      (error: unknown) =>
        isPhalanxError(error, 'ENCLAVE_LOST')
          ? json(503, { code: error.code, message: error.message })
          : response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
