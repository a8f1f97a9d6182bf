import { ERROR_CODES, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { encode, bytes as scaleBytes, vec } from '@phalanx/scale';
import type { RequestQuery, ResponseQuery } from 'cosmjs-types/tendermint/abci/types';
import type { Chain } from '../chain.js';

/** ABCI Query paths this application answers. */
export const QUERY_STATE = '/state';
/** The proof op type of our state trie read proofs (the nodes on the key's path, SCALE `Vec<Bytes>`). */
export const TRIE_PROOF_OP = 'phalanx/trie/v1';
const MAX_KEY_BYTES = 256;
const ProofNodes = vec(scaleBytes(1 << 20), 1 << 12);

const EMPTY = new Uint8Array();

/**
 * `abci_query` over CometBFT's RPC: `/state` with a storage key answers the value at the latest
 * committed block and, with `prove`, a read proof against that block's state root (= the app hash
 * CometBFT's next header carries). Older heights are served by our own RPC (`state_*` with a hash).
 */
export function answerQuery(chain: Chain, request: RequestQuery): ResponseQuery {
  const best = chain.bestHeader;
  const height = BigInt(best.number);
  try {
    if (request.path !== QUERY_STATE)
      throw new PhalanxError('NOT_FOUND', `unknown query path "${request.path}" (try ${QUERY_STATE})`);
    if (request.height !== 0n && request.height !== height) {
      throw new PhalanxError(
        'NOT_FOUND',
        `only the latest height (${height}) is served here; use state_getStorage with a block hash`,
      );
    }
    if (request.data.length === 0 || request.data.length > MAX_KEY_BYTES) {
      throw new PhalanxError('INVALID_INPUT', `the key must be 1..${MAX_KEY_BYTES} bytes`);
    }
    const view = chain.bestState.at(best.stateRoot);
    if (view === undefined) throw new PhalanxError('NOT_FOUND', 'the latest state is not held');
    const value = view.get(request.data);
    const proofOps = request.prove
      ? { ops: [{ type: TRIE_PROOF_OP, key: request.data, data: encode(ProofNodes, view.trie.prove([request.data])) }] }
      : undefined;
    return {
      code: 0,
      log: value === undefined ? 'absent' : 'present',
      info: '',
      index: 0n,
      key: request.data,
      value: value ?? EMPTY,
      ...(proofOps === undefined ? {} : { proofOps }),
      height,
      codespace: '',
    };
  } catch (error) {
    if (!isPhalanxError(error)) throw error;
    return {
      code: ERROR_CODES[error.code],
      log: error.message,
      info: '',
      index: 0n,
      key: request.data,
      value: EMPTY,
      height,
      codespace: 'phalanx',
    };
  }
}
