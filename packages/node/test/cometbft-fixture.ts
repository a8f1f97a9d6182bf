// A real CometBFT process for the node tests: the pinned build (scripts/install-cometbft.sh),
// a home made by `cometbft init`, its genesis bound to our chain (chain id from the genesis hash,
// genesis time just after ours), fast blocks for tests, and a tiny client of its RPC.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sr25519PairFromSeed } from '@phalanx/crypto';
import { cometbftChainId } from '@phalanx/primitives';
import type { GenesisConfig } from '@phalanx/runtime';
import type { VrfSigner } from '../src/cometbft/beacon.js';
import { genesisBlock } from '../src/genesis.js';
import { dev, GENESIS_TIME, key } from './helpers.js';

export const COMETBFT = new URL('../../../../.cometbft/bin/cometbft', import.meta.url).pathname;
export const cometbftInstalled = existsSync(COMETBFT);
export const SKIP_WITHOUT_COMETBFT = !cometbftInstalled && 'CometBFT is not installed (npm run setup:cometbft)';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `cometbft init` in `home`; the validator key it made (ed25519 public key). */
export function initCometbftHome(home: string): Uint8Array {
  execFileSync(COMETBFT, ['init', '--home', home], { stdio: 'ignore' });
  return readValidatorKey(home).publicKey;
}

/** The home's validator key: its ed25519 public key and CometBFT address. */
export function readValidatorKey(home: string): { publicKey: Uint8Array; address: Uint8Array } {
  const keyFile = JSON.parse(readFileSync(join(home, 'config', 'priv_validator_key.json'), 'utf8')) as {
    address: string;
    pub_key: { value: string };
  };
  return {
    publicKey: new Uint8Array(Buffer.from(keyFile.pub_key.value, 'base64')),
    address: new Uint8Array(Buffer.from(keyFile.address, 'hex')),
  };
}

/** Binds the home's genesis to our chain (chain id, genesis time just after ours) and speeds up blocks for tests. */
export function bindCometbftGenesis(
  home: string,
  options: { chainId: string; genesisTimeMs: bigint; timeoutCommit?: string; voteExtensions?: boolean },
) {
  const genesisPath = join(home, 'config', 'genesis.json');
  const genesis = JSON.parse(readFileSync(genesisPath, 'utf8')) as Record<string, unknown>;
  genesis.chain_id = options.chainId;
  if (options.voteExtensions === true) {
    const params = genesis.consensus_params as Record<string, unknown>;
    genesis.consensus_params = { ...params, abci: { vote_extensions_enable_height: '1' } };
  }
  genesis.genesis_time = new Date(Number(options.genesisTimeMs)).toISOString();
  writeFileSync(genesisPath, JSON.stringify(genesis, null, 2));
  const configPath = join(home, 'config', 'config.toml');
  const config = readFileSync(configPath, 'utf8')
    .replace(/^timeout_commit = .*$/m, `timeout_commit = "${options.timeoutCommit ?? '100ms'}"`)
    .replace(/^prometheus_listen_addr = .*$/m, 'prometheus_listen_addr = ""');
  writeFileSync(configPath, config);
}

export interface CometbftProcess {
  readonly rpcPort: number;
  readonly process: ChildProcess;
  rpc<T>(path: string): Promise<T>;
  kill(): void;
}

/** Starts `cometbft node` on `home` with its app at `abciPort`. */
export function startCometbft(home: string, ports: { abci: number; rpc: number; p2p: number }): CometbftProcess {
  const child = spawn(
    COMETBFT,
    [
      'node',
      '--home',
      home,
      '--proxy_app',
      `tcp://127.0.0.1:${ports.abci}`,
      '--rpc.laddr',
      `tcp://127.0.0.1:${ports.rpc}`,
      '--p2p.laddr',
      `tcp://127.0.0.1:${ports.p2p}`,
      '--log_level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  return {
    rpcPort: ports.rpc,
    process: child,
    async rpc<T>(path: string): Promise<T> {
      const response = await fetch(`http://127.0.0.1:${ports.rpc}${path}`);
      return ((await response.json()) as { result: T }).result;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * A CometBFT home made by `cometbft init` in `home` and the dev chain whose one validator is that
 * home's key (power 10, operated by Ferdie; no dev author), the home's genesis bound to it. With
 * `vrf`, the validator also has a VRF key (returned as the signer its node needs) and CometBFT's
 * genesis turns vote extensions on.
 */
export function singleValidatorChain(
  home: string,
  options: { vrf?: boolean } = {},
): { genesis: GenesisConfig; genesisHash: Uint8Array; vrf: VrfSigner | undefined } {
  const consensusKey = initCometbftHome(home);
  const vrf =
    options.vrf === true
      ? { pair: sr25519PairFromSeed(new Uint8Array(32).fill(42)), address: readValidatorKey(home).address }
      : undefined;
  const validator = { consensusKey, power: 10n, operator: key('Ferdie').publicKey };
  const genesis: GenesisConfig = {
    ...dev(),
    authorities: [],
    validators: [vrf === undefined ? validator : { ...validator, vrfKey: vrf.pair.publicKey }],
  };
  const genesisHash = genesisBlock(genesis).hash;
  const chainId = cometbftChainId(genesisHash);
  bindCometbftGenesis(home, { chainId, genesisTimeMs: GENESIS_TIME + 1n, voteExtensions: vrf !== undefined });
  return { genesis, genesisHash, vrf };
}
