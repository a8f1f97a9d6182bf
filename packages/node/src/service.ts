import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoReady, type Keypair, keypairFromUri } from '@phalanx/crypto';
import { devGenesisConfig, type GenesisConfig } from '@phalanx/runtime';
import { BlockAuthor, type SealMode } from './authoring/block-author.js';
import { SingleAuthority } from './authoring/consensus.js';
import { Chain } from './chain.js';
import { PhalanxAbciApp } from './cometbft/abci-app.js';
import { AbciServer } from './cometbft/abci-server.js';
import type { VrfSigner } from './cometbft/beacon.js';
import { CometbftRpc } from './cometbft/cometbft-rpc.js';
import { CometbftConsensus } from './cometbft/engine.js';
import { ChainDb } from './db/chain-db.js';
import { genesisBlock } from './genesis.js';
import { createLogger, type Logger } from './log.js';
import { cometbftEngineRpc, devEngineRpc } from './rpc/engine-rpc.js';
import { createMethods } from './rpc/methods.js';
import { type RpcLimits, type RpcServer, type RpcStats, startRpcServer } from './rpc/server.js';
import { SignatureVerifier } from './verify/verifier.js';

export interface NodeConfig {
  readonly dataDir: string;
  readonly rpcHost?: string;
  /** 0 picks a free port (see `RunningNode.rpcPort`). */
  readonly rpcPort: number;
  readonly genesis?: GenesisConfig;
  /** Secret URI of the authoring key (dev: //Alice); none = a non-authoring node. */
  readonly authorUri?: string;
  readonly seal?: SealMode;
  readonly log?: Logger;
  readonly verifierThreads?: number;
  /** Overrides of the RPC server's limits (DEFAULT_RPC_LIMITS; docs/operators.md). */
  readonly rpcLimits?: Partial<RpcLimits>;
  /** Who orders blocks: this node alone (`dev`, the default) or CometBFT, this node being its ABCI app. */
  readonly consensus?: ConsensusConfig;
}

export type ConsensusConfig =
  | { readonly engine: 'dev' }
  | {
      readonly engine: 'cometbft';
      /** Where CometBFT's `proxy_app` connects (0 picks a free port: `RunningNode.abciPort`). */
      readonly abciPort: number;
      readonly abciHost?: string;
      /** CometBFT's RPC (its `rpc.laddr`), where submissions are forwarded into the mempool. */
      readonly cometbftRpc: string;
      /** This validator's VRF key and CometBFT address, for its vote extensions (randomness). */
      readonly vrf?: VrfSigner | undefined;
    };

export interface RunningNode {
  readonly chain: Chain;
  readonly rpcPort: number;
  /** The ABCI port CometBFT connects to (cometbft engine only). */
  readonly abciPort: number | undefined;
  /** What RPC clients hold in the node's memory (connections, queued bytes, buffered bodies). */
  rpcStats(): RpcStats;
  stop(): Promise<void>;
}

/** Starts a node: database, chain, signature threads, block author, and the RPC server. */
export async function startNode(config: NodeConfig): Promise<RunningNode> {
  await cryptoReady();
  const log = config.log ?? createLogger();
  mkdirSync(config.dataDir, { recursive: true });
  const db = await ChainDb.open(join(config.dataDir, 'chain'));
  let verifier: SignatureVerifier | undefined;
  let rpc: RpcServer | undefined;
  let author: BlockAuthor | undefined;
  let abci: AbciServer | undefined;
  try {
    const consensus = config.consensus ?? { engine: 'dev' };
    const genesis = config.genesis ?? devGenesisConfig();
    const authorKey: Keypair | undefined = config.authorUri === undefined ? undefined : keypairFromUri(config.authorUri);
    const genesisHash = genesisBlock(genesis).hash; // Chain.open checks the database holds this chain
    verifier = await SignatureVerifier.start(genesisHash, config.verifierThreads);
    const engine = consensus.engine === 'cometbft' ? new CometbftConsensus() : new SingleAuthority(authorKey);
    const chain = await Chain.open({ db, genesis, consensus: engine, verifier });
    log.info(`chain "${chain.chainName}" genesis 0x${Buffer.from(genesisHash).toString('hex')} best #${chain.bestHeader.number}`);
    if (consensus.engine === 'cometbft') {
      const app = new PhalanxAbciApp({ chain, verifier, log, genesis, vrf: consensus.vrf });
      abci = await AbciServer.listen(app, { port: consensus.abciPort, host: consensus.abciHost ?? '127.0.0.1' });
      log.info(`ABCI application on tcp://${consensus.abciHost ?? '127.0.0.1'}:${abci.port} (CometBFT chain id ${app.chainId})`);
    } else {
      author = authorKey === undefined ? undefined : new BlockAuthor(chain, config.seal ?? { kind: 'instant' }, log);
      author?.start();
    }
    const engineRpc =
      consensus.engine === 'cometbft' ? cometbftEngineRpc(chain, new CometbftRpc(consensus.cometbftRpc)) : devEngineRpc(chain);
    rpc = await startRpcServer({
      host: config.rpcHost ?? '127.0.0.1',
      port: config.rpcPort,
      methods: createMethods(chain, engineRpc),
      log,
      ...(config.rpcLimits === undefined ? {} : { limits: config.rpcLimits }),
    });
    log.info(`JSON-RPC on ws://${config.rpcHost ?? '127.0.0.1'}:${rpc.port} (and http POST)`);
    const server = rpc;
    const threads = verifier;
    const producer = author;
    const abciServer = abci;
    return {
      chain,
      rpcPort: server.port,
      abciPort: abciServer?.port,
      rpcStats: () => server.stats(),
      async stop() {
        await producer?.stop();
        await abciServer?.close();
        await server.close();
        await threads.close();
        await db.close();
        log.info('node stopped');
      },
    };
  } catch (error) {
    // Stop authoring first: an interval timer left running would write to the closed store and keep the process alive.
    await author?.stop();
    await abci?.close();
    await rpc?.close();
    await verifier?.close();
    await db.close();
    throw error;
  }
}
