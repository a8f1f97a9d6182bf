import { toHex } from '@phalanx/crypto';
import { Consensus as ConsensusStorage } from '@phalanx/runtime';
import type { Chain } from '../chain.js';
import { type CometbftRpc, CometbftRpcError } from '../cometbft/cometbft-rpc.js';
import { mempoolSubmitter } from '../cometbft/mempool.js';
import { operatorOf } from '../cometbft/validators.js';
import type { JsonValue } from './json-rpc.js';

/** How submissions reach the block producer: the pool here (dev), or CometBFT's mempool. */
export type Submit = (bytes: Uint8Array) => Promise<{ hash: Uint8Array; status: 'ready' | 'future' }>;

/** What differs in the RPC between consensus engines; every other method is the same under both. */
export interface EngineRpc {
  readonly engine: 'dev' | 'cometbft';
  submit: Submit;
  /**
   * What a light client needs beyond block `number` itself to believe it is final: nothing on the
   * dev chain (the author's seal is in the header); on CometBFT the signed header of `number + 1`
   * (its app hash is the state root after `number`) with its validator set, and for block 1 also
   * its own. `null` while `number + 1` is not committed yet.
   */
  finalityProof(number: number): Promise<JsonValue>;
  /** The engine, its validators and how far the chain is. */
  status(): Promise<JsonValue>;
}

export function devEngineRpc(chain: Chain): EngineRpc {
  return {
    engine: 'dev',
    submit: (bytes) => chain.submit(bytes),
    finalityProof: async () => ({ engine: 'dev' }),
    status: async () => ({
      engine: 'dev',
      height: chain.bestHeader.number,
      finalized: chain.finalizedHeader.number,
      validators: ConsensusStorage.Authorities.getOr(chain.bestState.flat, []).map((key) => ({
        account: toHex(key),
        power: '1',
        address: toHex(key),
      })),
    }),
  };
}

interface RpcValidator {
  readonly address: string;
  readonly pub_key: { readonly type: string; readonly value: string };
  readonly voting_power: string;
}

const MAX_VALIDATORS_PAGE = 100;

export function cometbftEngineRpc(chain: Chain, rpc: CometbftRpc): EngineRpc {
  const validatorsAt = async (height: number) =>
    (
      await rpc.call<{ validators: RpcValidator[] }>('validators', {
        height: String(height),
        per_page: String(MAX_VALIDATORS_PAGE),
      })
    ).validators;
  const signedHeaderAt = async (height: number) =>
    (await rpc.call<{ signed_header: JsonValue }>('commit', { height: String(height) })).signed_header;
  return {
    engine: 'cometbft',
    submit: mempoolSubmitter(rpc),
    async finalityProof(number) {
      const heights = number === 1 ? [1, 2] : [number + 1];
      try {
        const signedHeaders = await Promise.all(heights.map(signedHeaderAt));
        const validatorSets = await Promise.all(heights.map(validatorsAt));
        return { engine: 'cometbft', signedHeaders, validatorSets: validatorSets as unknown as JsonValue };
      } catch (error) {
        if (error instanceof CometbftRpcError && /height|not found|must be less/i.test(error.message)) return null;
        throw error;
      }
    },
    async status() {
      const validators = await validatorsAt(chain.finalizedHeader.number + 1).catch(() =>
        validatorsAt(chain.finalizedHeader.number),
      );
      const state = chain.bestState.flat;
      return {
        engine: 'cometbft',
        height: chain.bestHeader.number,
        finalized: chain.finalizedHeader.number,
        validators: validators.map((validator) => {
          const operator = operatorOf(state, Buffer.from(validator.pub_key.value, 'base64'));
          return {
            account: operator === undefined ? null : toHex(operator),
            power: validator.voting_power,
            address: `0x${validator.address.toLowerCase()}`,
          };
        }),
      };
    },
  };
}
