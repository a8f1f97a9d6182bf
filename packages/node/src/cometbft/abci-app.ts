import { toHex } from '@phalanx/crypto';
import { ERROR_CODES, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { cometbftChainId, extrinsicHash } from '@phalanx/primitives';
import type { GenesisConfig } from '@phalanx/runtime';
import type {
  RequestCheckTx,
  RequestFinalizeBlock,
  RequestInitChain,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  ResponseCheckTx,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseQuery,
} from 'cosmjs-types/tendermint/abci/types';
import { CheckTxType, ResponseProcessProposal_ProposalStatus } from 'cosmjs-types/tendermint/abci/types';
import type { Chain } from '../chain.js';
import type { Logger } from '../log.js';
import type { SignatureVerifier } from '../verify/verifier.js';
import type { AbciApplication } from './abci-server.js';
import { type AbciBlockFields, blockEnvOf, millisOf } from './block-env.js';
import { buildProposal, checkTxs, type ExecutedBlock, executeDecided, executeStrict, type TxChecking } from './proposal.js';
import { answerQuery } from './query.js';
import { authorOf, genesisValidatorUpdates, misbehaviourOf, sameValidators, validatorUpdatesAfter } from './validators.js';

export interface AbciAppOptions {
  readonly chain: Chain;
  readonly verifier: SignatureVerifier;
  readonly log: Logger;
  /** The chain's genesis config (its validators answer InitChain). */
  readonly genesis: GenesisConfig;
}

/** ProcessProposal results kept for FinalizeBlock (a height can see proposals in several rounds). */
const MAX_CACHED_PROPOSALS = 8;
const EMPTY = new Uint8Array();

const txResponse = (code: number, log: string): ResponseCheckTx => ({
  code,
  data: EMPTY,
  log,
  info: '',
  gasWanted: 0n,
  gasUsed: 0n,
  events: [],
  codespace: code === 0 ? '' : 'phalanx',
});

/**
 * The Phalanx node as CometBFT's ABCI 2.0 application. CometBFT decides the order of
 * transactions; this runs our pure runtime over them. Every answer about a block depends only on
 * the block and the state before it, so every validator answers the same (app hash = our state
 * root); what may differ per node (its pool, its caches) only saves work, never changes a result.
 */
export class PhalanxAbciApp implements AbciApplication {
  readonly chainId: string;
  private readonly chain: Chain;
  private readonly checking: TxChecking;
  private readonly log: Logger;
  private readonly genesis: GenesisConfig;
  private readonly proposals = new Map<string, { parent: Uint8Array; executed: ExecutedBlock }>();

  constructor(options: AbciAppOptions) {
    this.chain = options.chain;
    this.log = options.log;
    this.genesis = options.genesis;
    this.chainId = cometbftChainId(options.chain.genesisHash);
    this.checking = { pool: options.chain.pool, verifier: options.verifier, genesisHash: options.chain.genesisHash };
  }

  /** The handshake: CometBFT replays the blocks after our last committed one. */
  info(): ResponseInfo {
    this.chain.abortDecided(); // a staged block that never got its Commit is replayed
    const best = this.chain.bestHeader;
    return {
      data: 'phalanx',
      version: '0.1.0',
      appVersion: 1n,
      lastBlockHeight: BigInt(best.number),
      lastBlockAppHash: best.number === 0 ? EMPTY : best.stateRoot,
    };
  }

  /** Our genesis is the chain's: CometBFT's genesis must name the same chain, time and validators. */
  initChain(request: RequestInitChain): ResponseInitChain {
    if (request.chainId !== this.chainId) {
      throw new PhalanxError(
        'INVALID_INPUT',
        `CometBFT's genesis has chain id "${request.chainId}" but this chain's is "${this.chainId}" (from its genesis hash)`,
      );
    }
    if (request.initialHeight !== 1n) throw new PhalanxError('INVALID_INPUT', 'CometBFT must start this chain at height 1');
    if (millisOf(request.time) <= this.chain.bestHeader.timestamp) {
      throw new PhalanxError('INVALID_INPUT', "CometBFT's genesis time must be later than this chain's genesis timestamp");
    }
    const validators = genesisValidatorUpdates(this.genesis.validators ?? []);
    if (validators.length === 0)
      throw new PhalanxError('INVALID_INPUT', 'this chain has no genesis validators: CometBFT cannot run it');
    if (request.validators.length > 0 && !sameValidators(request.validators, validators)) {
      throw new PhalanxError('INVALID_INPUT', "CometBFT's genesis validators differ from this chain's genesis validators");
    }
    return { validators, appHash: this.chain.bestHeader.stateRoot };
  }

  async checkTx(request: RequestCheckTx): Promise<ResponseCheckTx> {
    if (request.type === CheckTxType.RECHECK) {
      // After each block the pool re-validated what it holds: what it still holds is still valid.
      return this.chain.pool.has(extrinsicHash(request.tx))
        ? txResponse(0, 'ok')
        : txResponse(ERROR_CODES.TX_STALE, 'no longer valid');
    }
    try {
      const { status } = await this.chain.submit(request.tx);
      return txResponse(0, status);
    } catch (error) {
      if (!isPhalanxError(error)) throw error;
      return txResponse(ERROR_CODES[error.code], error.message);
    }
  }

  async prepareProposal(request: RequestPrepareProposal): Promise<ResponsePrepareProposal> {
    const state = this.chain.bestState.flat;
    const env = this.envOf(request);
    const verdicts = await checkTxs(request.txs, this.checking);
    const txs = buildProposal(state, env, this.parentSeal(), verdicts, this.chain.pool, Number(request.maxTxBytes));
    return { txs };
  }

  async processProposal(request: RequestProcessProposal): Promise<ResponseProcessProposal> {
    try {
      const env = this.envOf(request, request.misbehavior);
      const verdicts = await checkTxs(request.txs, this.checking);
      const executed = executeStrict(this.chain.bestState.flat, env, this.parentSeal(), verdicts);
      this.remember(request.hash, executed);
      return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
    } catch (error) {
      if (!isPhalanxError(error)) throw error;
      this.log.warn(`rejected the proposal for height ${request.height}: ${error.message}`);
      return { status: ResponseProcessProposal_ProposalStatus.REJECT };
    }
  }

  async finalizeBlock(request: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    this.chain.abortDecided();
    const cached = this.proposals.get(toHex(request.hash));
    let executed: ExecutedBlock;
    if (cached !== undefined && Buffer.compare(cached.parent, this.chain.bestHash) === 0) executed = cached.executed;
    else {
      const env = this.envOf(request, request.misbehavior);
      const verdicts = await checkTxs(request.txs, this.checking);
      executed = executeDecided(this.chain.bestState.flat, env, this.parentSeal(), verdicts);
    }
    this.proposals.clear();
    const header = this.chain.stageDecided(executed.env, executed.included, executed.execution);
    const validatorUpdates = validatorUpdatesAfter(this.chain.bestState.flat, executed.execution.changes);
    return {
      events: [],
      txResults: executed.results.map(({ code, log }) => ({ ...txResponse(code, log) })),
      validatorUpdates,
      appHash: header.stateRoot,
    };
  }

  async commit(): Promise<{ retainHeight: bigint }> {
    const block = await this.chain.commitDecided();
    this.log.debug(`block #${block.header.number} committed with ${block.block.extrinsics.length} extrinsics`);
    return { retainHeight: 0n };
  }

  query(request: RequestQuery): ResponseQuery {
    return answerQuery(this.chain, request);
  }

  private envOf(fields: AbciBlockFields, misbehavior: RequestFinalizeBlock['misbehavior'] = []) {
    const state = this.chain.bestState.flat;
    const env = blockEnvOf(fields, this.chain.bestHash, authorOf, state);
    const misbehaviour = misbehaviourOf(misbehavior);
    return misbehaviour.length === 0 ? env : { ...env, misbehaviour };
  }

  /**
   * What the runtime mixes into its randomness each block. Under CometBFT there is no author seal;
   * our parent block's hash is known to every validator at every step (including PrepareProposal).
   * It is predictable: issue 11 item 6 replaces it with values no single proposer chooses.
   */
  private parentSeal(): Uint8Array {
    const seal = new Uint8Array(64);
    seal.set(this.chain.bestHash);
    return seal;
  }

  private remember(hash: Uint8Array, executed: ExecutedBlock): void {
    if (this.proposals.size >= MAX_CACHED_PROPOSALS) this.proposals.delete(this.proposals.keys().next().value as string);
    this.proposals.set(toHex(hash), { parent: this.chain.bestHash, executed });
  }
}
