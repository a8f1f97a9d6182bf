import { ERROR_CODES, type ErrorCode, PhalanxError } from '@phalanx/errors';
import { extrinsicHash } from '@phalanx/primitives';
import { type CometbftRpc, CometbftRpcError } from './cometbft-rpc.js';

const CODE_NAMES = new Map<number, ErrorCode>(Object.entries(ERROR_CODES).map(([name, code]) => [code, name as ErrorCode]));

/**
 * Submissions on a CometBFT chain go into CometBFT's mempool (which gossips them to the other
 * validators) through its RPC `broadcast_tx_sync`; CometBFT asks this node's CheckTx first, so a
 * refusal comes back with our own error code and message, as on the dev chain.
 */
export function mempoolSubmitter(rpc: CometbftRpc) {
  return async (bytes: Uint8Array): Promise<{ hash: Uint8Array; status: 'ready' | 'future' }> => {
    let result: { code: number; log: string; codespace: string };
    try {
      result = await rpc.batched('broadcast_tx_sync', { tx: Buffer.from(bytes).toString('base64') });
    } catch (error) {
      // CometBFT refuses some transactions itself: one already in its cache, a full mempool.
      if (error instanceof CometbftRpcError && /cache/.test(error.message))
        throw new PhalanxError('TX_DUPLICATE', "this transaction was submitted already (it is in CometBFT's cache)");
      if (error instanceof CometbftRpcError && /full/.test(error.message))
        throw new PhalanxError('TX_POOL_FULL', "CometBFT's mempool is full; retry later");
      throw error;
    }
    if (result.code !== 0) {
      const name = result.codespace === 'phalanx' ? CODE_NAMES.get(result.code) : undefined;
      throw new PhalanxError(name ?? 'TX_INVALID_CALL', result.log || `CometBFT refused the transaction (code ${result.code})`);
    }
    return { hash: extrinsicHash(bytes), status: result.log === 'future' ? 'future' : 'ready' };
  };
}
