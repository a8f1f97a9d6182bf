import { ERROR_CODES, type ErrorCode, PhalanxError } from '@phalanx/errors';
import { extrinsicHash } from '@phalanx/primitives';

/** How long CometBFT may take to answer one broadcast (it waits for our own CheckTx). */
const BROADCAST_TIMEOUT_MS = 30_000;

const CODE_NAMES = new Map<number, ErrorCode>(Object.entries(ERROR_CODES).map(([name, code]) => [code, name as ErrorCode]));

interface BroadcastResult {
  readonly code: number;
  readonly log: string;
  readonly codespace: string;
}

/**
 * Submissions on a CometBFT chain go into CometBFT's mempool (which gossips them to the other
 * validators) through its RPC `broadcast_tx_sync`; CometBFT asks this node's CheckTx first, so a
 * refusal comes back with our own error code and message, as on the dev chain.
 */
export function mempoolSubmitter(cometbftRpc: string) {
  const url = new URL(cometbftRpc);
  return async (bytes: Uint8Array): Promise<{ hash: Uint8Array; status: 'ready' | 'future' }> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'broadcast_tx_sync',
          params: { tx: Buffer.from(bytes).toString('base64') },
        }),
        signal: AbortSignal.timeout(BROADCAST_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new PhalanxError('CONNECTION', `CometBFT's RPC at ${url.origin} does not answer; is its node running?`, { cause });
    }
    const body = (await response.json().catch(() => undefined)) as
      | { result?: BroadcastResult; error?: { message?: string; data?: string } }
      | undefined;
    if (body?.result === undefined) {
      const reason = body?.error?.data ?? body?.error?.message ?? `HTTP ${response.status}`;
      // CometBFT refuses some transactions itself (already in its cache, mempool full, too large).
      throw new PhalanxError(
        reason.includes('cache') ? 'TX_DUPLICATE' : 'TX_POOL_FULL',
        `CometBFT refused the transaction: ${reason}`,
      );
    }
    const { code, log, codespace } = body.result;
    if (code !== 0) {
      const name = codespace === 'phalanx' ? CODE_NAMES.get(code) : undefined;
      throw new PhalanxError(name ?? 'TX_INVALID_CALL', log || `CometBFT refused the transaction (code ${code})`);
    }
    return { hash: extrinsicHash(bytes), status: log === 'future' ? 'future' : 'ready' };
  };
}
