import { PhalanxError } from '@phalanx/errors';
import {
  errorResponse,
  type JsonValue,
  parseRequest,
  type RequestId,
  RPC_ERRORS,
  resultResponse,
  toRpcError,
} from './json-rpc.js';
import type { Connection, Handler } from './methods.js';

/** A message parsed as JSON: either what to answer at once, or requests to handle (`weight` of them). */
export type ParsedMessage =
  | { readonly kind: 'answer'; readonly response: JsonValue }
  | { readonly kind: 'requests'; readonly value: unknown; readonly weight: number };

/** JSON-RPC 2.0 dispatch shared by the WebSocket and HTTP sides: parse, then handle one request or a batch. */
export class Dispatcher {
  private readonly methods: Record<string, Handler>;
  private readonly maxBatch: number;

  constructor(methods: Record<string, Handler>, maxBatch: number) {
    this.methods = methods;
    this.maxBatch = maxBatch;
  }

  /** Parses a message; a batch weighs as many requests as it holds (what it will cost to handle). */
  parse(text: string): ParsedMessage {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'answer', response: errorResponse(null, { code: RPC_ERRORS.parse, message: 'request is not valid JSON' }) };
    }
    if (!Array.isArray(value)) return { kind: 'requests', value, weight: 1 };
    if (value.length === 0 || value.length > this.maxBatch) {
      return {
        kind: 'answer',
        response: errorResponse(null, {
          code: RPC_ERRORS.invalidRequest,
          message: `a batch must hold 1..${this.maxBatch} requests`,
        }),
      };
    }
    return { kind: 'requests', value, weight: value.length };
  }

  /** Handles what `parse` returned as requests; undefined when nothing is to be answered (notifications only). */
  async handle(value: unknown, connection: Connection): Promise<JsonValue | undefined> {
    if (!Array.isArray(value)) return this.handleOne(value, connection);
    const responses = (await Promise.all(value.map((item) => this.handleOne(item, connection)))).filter((r) => r !== undefined);
    return responses.length === 0 ? undefined : responses;
  }

  private async handleOne(raw: unknown, connection: Connection): Promise<JsonValue | undefined> {
    let id: string | number | null = null;
    try {
      const request = parseRequest(raw);
      id = request.id;
      const handler = Object.hasOwn(this.methods, request.method) ? this.methods[request.method] : undefined;
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
  }
}

/**
 * `answer` serialised, or, when that takes more than `maxBytes`, an error in its place: an answer
 * is held whole in the node's memory until the client reads it, so its size is capped too.
 */
export function serialiseAnswer(answer: JsonValue, maxBytes: number): Buffer {
  const data = Buffer.from(JSON.stringify(answer));
  if (data.length <= maxBytes) return data;
  const id: RequestId =
    typeof answer === 'object' &&
    answer !== null &&
    !Array.isArray(answer) &&
    (typeof answer.id === 'string' || typeof answer.id === 'number')
      ? answer.id
      : null;
  const tooLarge = new PhalanxError(
    'RPC_INVALID_REQUEST',
    `the answer takes ${data.length} bytes, more than the ${maxBytes} allowed: ask for less (a smaller page or batch)`,
  );
  return Buffer.from(JSON.stringify(errorResponse(id, toRpcError(tooLarge))));
}
