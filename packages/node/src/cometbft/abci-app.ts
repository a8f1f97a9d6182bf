import { toHex } from '@phalanx/crypto';
import { ERROR_CODES, isPhalanxError, PhalanxError } from '@phalanx/errors';
import { cometbftChainId, extrinsicHash } from '@phalanx/primitives';
import type { BlockEnv, GenesisConfig, VrfBeacon } from '@phalanx/runtime';
import type {
  RequestCheckTx,
  RequestExtendVote,
  RequestFinalizeBlock,
  RequestInitChain,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  RequestVerifyVoteExtension,
  ResponseCheckTx,
  ResponseExtendVote,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseQuery,
  ResponseVerifyVoteExtension,
} from 'cosmjs-types/tendermint/abci/types';
import {
  CheckTxType,
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus as VerifyStatus,
} from 'cosmjs-types/tendermint/abci/types';
import type { Chain } from '../chain.js';
import type { Logger } from '../log.js';
import type { SignatureVerifier } from '../verify/verifier.js';
import type { AbciApplication } from './abci-server.js';
import {
  collectOutputs,
  encodeBeaconTx,
  extensionOf,
  lastVotesOf,
  splitBeacon,
  type VrfSigner,
  validExtension,
} from './beacon.js';
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
  /** This validator's VRF key, for its vote extensions (none: it extends its votes with nothing). */
  readonly vrf?: VrfSigner | undefined;
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
  private readonly vrf: VrfSigner | undefined;
  private readonly proposals = new Map<string, { parent: Uint8Array; executed: ExecutedBlock }>();
  /** The block this validator last proposed, executed while building it, by everything its execution depends on. */
  private prepared: { key: string; executed: ExecutedBlock } | undefined;

  constructor(options: AbciAppOptions) {
    this.chain = options.chain;
    this.log = options.log;
    this.genesis = options.genesis;
    this.vrf = options.vrf;
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
    // Randomness needs every height's precommits extended with VRFs (checked from block 2 on).
    const withVrf = (this.genesis.validators ?? []).some((validator) => validator.vrfKey !== undefined);
    if (withVrf && request.consensusParams?.abci?.voteExtensionsEnableHeight !== 1n) {
      throw new PhalanxError(
        'INVALID_INPUT',
        "this chain's validators have VRF keys: CometBFT's genesis must set consensus_params.abci.vote_extensions_enable_height to 1",
      );
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
    const outputs = request.height >= 2n ? collectOutputs(state, Number(request.height) - 1, request.localLastCommit) : [];
    const beacon = outputs.length === 0 ? [] : [encodeBeaconTx(outputs)];
    const env = this.envOf(request, [], { votes: lastVotesOf(request.localLastCommit), outputs });
    const verdicts = await checkTxs(request.txs, this.checking);
    const budget = Number(request.maxTxBytes) - (beacon[0]?.length ?? 0);
    try {
      const built = buildProposal(state, env, this.parentSeal(), verdicts, this.chain.pool, budget);
      const txs = [...beacon, ...built.txs];
      this.prepared = { key: executionKey(env, txs), executed: built.executed };
      return { txs };
    } catch (error) {
      if (!isPhalanxError(error, 'BLOCK_INVALID')) throw error;
      // Too few valid VRF outputs (extensions we could not verify): nothing valid to propose; the round moves on.
      this.log.error(`cannot propose height ${request.height}: ${error.message}`);
      return { txs: beacon };
    }
  }

  /** Our VRF over (this height, our parent block's hash) when the chain registers our key. */
  extendVote(request: RequestExtendVote): ResponseExtendVote {
    const best = this.chain.bestHeader;
    if (request.height !== BigInt(best.number + 1)) return { voteExtension: EMPTY }; // not at our tip: nothing to sign over
    const { extension, mismatch } = extensionOf(this.chain.bestState.flat, this.vrf, Number(request.height), this.chain.bestHash);
    if (mismatch)
      this.log.error('the chain registers another VRF key for this validator than vrf.secret: its votes will be refused');
    return { voteExtension: extension };
  }

  /** Another validator's extension: its VRF by its registered key, or empty if it has none. */
  verifyVoteExtension(request: RequestVerifyVoteExtension): ResponseVerifyVoteExtension {
    const best = this.chain.bestHeader;
    const ok =
      request.height === BigInt(best.number + 1) &&
      validExtension(
        this.chain.bestState.flat,
        request.validatorAddress,
        best.number + 1,
        this.chain.bestHash,
        request.voteExtension,
      );
    if (!ok) this.log.warn(`refused the vote extension of ${toHex(request.validatorAddress)} at height ${request.height}`);
    return { status: ok ? VerifyStatus.ACCEPT : VerifyStatus.REJECT };
  }

  async processProposal(request: RequestProcessProposal): Promise<ResponseProcessProposal> {
    try {
      const { outputs, rest } = splitBeacon(request.txs);
      const env = this.envOf(request, request.misbehavior, { votes: lastVotesOf(request.proposedLastCommit), outputs });
      // Our own proposal, executed already when we built it: the same inputs give the same execution.
      const prepared =
        this.prepared !== undefined && this.prepared.key === executionKey(env, request.txs) ? this.prepared.executed : undefined;
      if (prepared !== undefined) this.log.debug(`height ${request.height}: our own proposal, executed when it was built`);
      const executed =
        prepared ?? executeStrict(this.chain.bestState.flat, env, this.parentSeal(), await checkTxs(rest, this.checking));
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
      const { outputs, rest } = splitBeacon(request.txs);
      const env = this.envOf(request, request.misbehavior, { votes: lastVotesOf(request.decidedLastCommit), outputs });
      const verdicts = await checkTxs(rest, this.checking);
      executed = executeDecided(this.chain.bestState.flat, env, this.parentSeal(), verdicts);
    }
    const results = executed.results.map(({ code, log }) => ({ ...txResponse(code, log) }));
    if (results.length < request.txs.length) results.unshift(txResponse(0, 'the VRF outputs of the previous height'));
    this.proposals.clear();
    this.prepared = undefined;
    // The votes and VRF outputs are the block's data, not its header's (the chain keeps headers around).
    const { beacon: _votes, ...headerEnv } = executed.env;
    const header = this.chain.stageDecided(headerEnv, executed.included, executed.execution);
    const validatorUpdates = validatorUpdatesAfter(this.chain.bestState.flat, executed.execution.changes);
    return {
      events: [],
      txResults: results,
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

  private envOf(fields: AbciBlockFields, misbehavior: RequestFinalizeBlock['misbehavior'], beacon: VrfBeacon): BlockEnv {
    const state = this.chain.bestState.flat;
    const env = blockEnvOf(fields, this.chain.bestHash, authorOf, state);
    const misbehaviour = misbehaviourOf(misbehavior);
    // From block 2 on the block carries the previous height's votes (block 1 has none).
    if (fields.height < 2n && beacon.outputs.length > 0) throw new PhalanxError('BLOCK_INVALID', 'block 1 carries VRF outputs');
    const withBeacon = fields.height >= 2n ? { ...env, beacon } : env;
    return misbehaviour.length === 0 ? withBeacon : { ...withBeacon, misbehaviour };
  }

  /**
   * What the runtime mixes into its randomness when no validator has a VRF key (otherwise the
   * block's VRF outputs replace it, see `beacon.ts`): there is no author seal under CometBFT, so
   * our parent block's hash — predictable, the same on every validator at every step.
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

/**
 * Everything a block's execution depends on besides the parent state (named by `env.parentHash`):
 * the block env (number, time, author, misbehaviour, the previous height's votes and VRF outputs)
 * and the transactions. Equal keys, equal executions.
 */
function executionKey(env: BlockEnv, txs: readonly Uint8Array[]): string {
  const text = JSON.stringify(env, (_, value: unknown) =>
    typeof value === 'bigint' ? `n${value}` : value instanceof Uint8Array ? `x${toHex(value)}` : value,
  );
  return `${text}|${txs.map((tx) => toHex(extrinsicHash(tx))).join(',')}`;
}
