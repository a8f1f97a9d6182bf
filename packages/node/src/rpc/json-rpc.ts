import { isPhalanxError, PhalanxError, rpcErrorCode } from '@phalanx/errors';

/** JSON-RPC 2.0 error codes of the spec; Phalanx errors use -32000 - n (see @phalanx/errors). */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
} as const;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type RequestId = string | number | null;

export interface RpcRequest {
  readonly id: RequestId;
  readonly method: string;
  readonly params: readonly unknown[];
  /** True for notifications (no id): no response is sent. */
  readonly notification: boolean;
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: { code: string; details: Record<string, string | number | boolean | null> };
}

export function errorResponse(id: RequestId, error: RpcErrorBody): JsonValue {
  return { jsonrpc: '2.0', id, error: error as unknown as JsonValue };
}

export function resultResponse(id: RequestId, result: JsonValue): JsonValue {
  return { jsonrpc: '2.0', id, result };
}

/** Any thrown value as a JSON-RPC error: our typed errors keep their code; others hide internals. */
export function toRpcError(error: unknown): RpcErrorBody {
  if (isPhalanxError(error)) {
    const json = error.toJSON();
    const code =
      error.code === 'RPC_INVALID_REQUEST'
        ? RPC_ERRORS.invalidRequest
        : error.code === 'INVALID_INPUT'
          ? RPC_ERRORS.invalidParams
          : rpcErrorCode(error.code);
    return { code, message: error.message, data: { code: json.code, details: json.details } };
  }
  return { code: RPC_ERRORS.internal, message: 'internal error' };
}

/** Validates one request object; throws RPC_INVALID_REQUEST describing what is wrong. */
export function parseRequest(value: unknown): RpcRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PhalanxError('RPC_INVALID_REQUEST', 'a request must be a JSON object');
  }
  const request = value as Record<string, unknown>;
  if (request.jsonrpc !== '2.0') throw new PhalanxError('RPC_INVALID_REQUEST', 'jsonrpc must be "2.0"');
  if (typeof request.method !== 'string' || request.method.length === 0 || request.method.length > 64) {
    throw new PhalanxError('RPC_INVALID_REQUEST', 'method must be a non-empty string');
  }
  const id = request.id;
  const notification = !('id' in request);
  if (!notification && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    throw new PhalanxError('RPC_INVALID_REQUEST', 'id must be a string, a number or null');
  }
  const params = request.params === undefined ? [] : request.params;
  if (!Array.isArray(params)) throw new PhalanxError('RPC_INVALID_REQUEST', 'params must be an array (positional parameters)');
  return { id: (id as RequestId) ?? null, method: request.method, params, notification };
}
