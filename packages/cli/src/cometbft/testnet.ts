import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keypairFromUri, sr25519PairFromSeed, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { writeGenesisFile } from '@phalanx/node';
import { cometbftChainId } from '@phalanx/primitives';
import { devGenesisConfig, type GenesisConfig, genesisBlock, UNIT } from '@phalanx/runtime';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { cometbftBinary } from './binary.js';
import { setTomlValues } from './toml.js';

/** One validator of a testnet: its directory and ports. */
export interface ValidatorPlan {
  readonly name: string;
  readonly home: string;
  readonly ports: ValidatorPorts;
}

export interface ValidatorPorts {
  readonly p2p: number;
  readonly cometbftRpc: number;
  readonly abci: number;
  /** Our JSON-RPC (WebSocket + HTTP). */
  readonly rpc: number;
}

/** What `phalanx node --consensus cometbft --home DIR` reads from DIR/node.json. */
export interface NodeHomeConfig {
  readonly name: string;
  readonly rpcPort: number;
  readonly abciPort: number;
  readonly cometbftRpcPort: number;
}

/**
 * Validator `i` (from 1) takes four ports from `cometbftPort + 10·(i−1)`: P2P, CometBFT RPC, ABCI,
 * and our RPC — except validator 1, whose RPC is `rpcPort` (the network's one well-known URL).
 */
export function validatorPorts(index: number, base: { cometbftPort: number; rpcPort: number }): ValidatorPorts {
  const first = base.cometbftPort + 10 * (index - 1);
  return { p2p: first, cometbftRpc: first + 1, abci: first + 2, rpc: index === 1 ? base.rpcPort : first + 3 };
}

export function validatorPlans(out: string, count: number, base: { cometbftPort: number; rpcPort: number }): ValidatorPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `validator-${i + 1}`;
    return { name, home: join(out, name), ports: validatorPorts(i + 1, base) };
  });
}

export interface TestnetOptions {
  readonly out: string;
  readonly validators: number;
  readonly cometbftPort: number;
  readonly rpcPort: number;
  /** Dev accounts funded, //Alice sudo, the dev TEE simulator trusted; operators //Validator1…. */
  readonly dev: boolean;
  readonly chainName: string;
  /** Milliseconds between a commit and the next height (CometBFT's `timeout_commit`). */
  readonly blockTimeMs: number;
  readonly now: bigint;
  readonly simMeasurements?: readonly Uint8Array[];
  /** Blocks per staking era (elections, rewards); 0 turns NPoS off (the genesis set stays). */
  readonly eraLength?: number;
  /** Validators each era elects (default: all of them). */
  readonly validatorCount?: number;
}

/** What each operator bonds at genesis, and what one unit of CometBFT voting power costs. */
const GENESIS_BOND = 100_000n * UNIT;
const POWER_UNIT = 10_000n * UNIT;
/** Genesis power = what the genesis bond buys, so the first election changes no power by itself. */
const VALIDATOR_POWER = GENESIS_BOND / POWER_UNIT;
/** Blocks per era by default: about 10 minutes at 1-second blocks. */
export const DEFAULT_ERA_LENGTH = 600;
/** In a validator's directory: the seed (hex) of its sr25519 VRF key, mode 0600. */
export const VRF_SECRET_FILE = 'vrf.secret';

/**
 * Writes a CometBFT network of `validators` validators into `out`: our genesis (`genesis.json`,
 * copied into every validator's directory), and per validator a CometBFT home (keys made by
 * `cometbft init`, the shared CometBFT genesis, ports, peers) and `node.json`. Operator accounts:
 * //Validator<i> with --dev, otherwise fresh keys whose secret phrases are written to
 * `operator.secret` (mode 0600) in each validator's directory. Each validator also gets a fresh
 * VRF key (`vrf.secret`, 0600; its public key in our genesis) and CometBFT enables vote
 * extensions from height 1: the validators' VRFs are the chain's randomness.
 */
export function initTestnet(options: TestnetOptions) {
  if (existsSync(join(options.out, 'genesis.json'))) {
    throw new PhalanxError('USAGE', `${options.out} already holds a testnet (genesis.json); choose another --out`);
  }
  const binary = cometbftBinary();
  const plans = validatorPlans(options.out, options.validators, options);
  const made = plans.map((plan) => {
    const cometHome = join(plan.home, 'cometbft');
    mkdirSync(plan.home, { recursive: true });
    execFileSync(binary, ['init', '--home', cometHome], { stdio: 'ignore' });
    const keyFile = JSON.parse(readFileSync(join(cometHome, 'config', 'priv_validator_key.json'), 'utf8'));
    const nodeId = execFileSync(binary, ['show-node-id', '--home', cometHome], { encoding: 'utf8' }).trim();
    const secret = options.dev ? `//Validator${plan.name.slice('validator-'.length)}` : mnemonicGenerate(12);
    if (!options.dev) writeFileSync(join(plan.home, 'operator.secret'), `${secret}\n`, { mode: 0o600 });
    const operator = keypairFromUri(secret).publicKey;
    // The VRF key its vote extensions are made with (randomness); only its public key goes on chain.
    const vrfSeed = new Uint8Array(randomBytes(32));
    writeFileSync(join(plan.home, VRF_SECRET_FILE), `${toHex(vrfSeed)}\n`, { mode: 0o600 });
    return {
      plan,
      cometHome,
      nodeId,
      operator,
      vrfKey: sr25519PairFromSeed(vrfSeed).publicKey,
      consensusKey: new Uint8Array(Buffer.from(keyFile.pub_key.value, 'base64')),
      address: keyFile.address as string,
    };
  });
  const genesis = testnetGenesis(options, made);
  const genesisHash = genesisBlock(genesis).hash;
  const chainId = cometbftChainId(genesisHash);
  writeGenesisFile(join(options.out, 'genesis.json'), genesis);
  const cometGenesis = {
    genesis_time: new Date(Number(options.now + 1n)).toISOString(),
    chain_id: chainId,
    initial_height: '1',
    app_hash: '',
    validators: made.map((v) => ({
      address: v.address,
      pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.from(v.consensusKey).toString('base64') },
      power: String(VALIDATOR_POWER),
      name: v.plan.name,
    })),
  };
  for (const v of made) {
    copyFileSync(join(options.out, 'genesis.json'), join(v.plan.home, 'genesis.json'));
    // Keep CometBFT's consensus params from its own generated genesis; set ours on top.
    const genesisPath = join(v.cometHome, 'config', 'genesis.json');
    const generated = JSON.parse(readFileSync(genesisPath, 'utf8'));
    // Vote extensions from height 1: every precommit carries its validator's VRF (our randomness).
    const consensusParams = { ...generated.consensus_params, abci: { vote_extensions_enable_height: '1' } };
    writeFileSync(genesisPath, JSON.stringify({ ...generated, ...cometGenesis, consensus_params: consensusParams }, null, 2));
    const peers = made
      .filter((other) => other !== v)
      .map((other) => `${other.nodeId}@127.0.0.1:${other.plan.ports.p2p}`)
      .join(',');
    const configPath = join(v.cometHome, 'config', 'config.toml');
    writeFileSync(configPath, cometbftConfig(readFileSync(configPath, 'utf8'), v.plan, peers, options.blockTimeMs));
    const nodeConfig: NodeHomeConfig = {
      name: v.plan.name,
      rpcPort: v.plan.ports.rpc,
      abciPort: v.plan.ports.abci,
      cometbftRpcPort: v.plan.ports.cometbftRpc,
    };
    writeFileSync(join(v.plan.home, 'node.json'), `${JSON.stringify(nodeConfig, null, 2)}\n`);
  }
  return {
    genesisHash: toHex(genesisHash),
    chainId,
    validators: made.map((v) => ({
      name: v.plan.name,
      home: v.plan.home,
      address: v.address,
      operator: toHex(v.operator),
      rpc: `ws://127.0.0.1:${v.plan.ports.rpc}`,
    })),
  };
}

function testnetGenesis(
  options: TestnetOptions,
  made: readonly { operator: Uint8Array; consensusKey: Uint8Array; vrfKey: Uint8Array }[],
): GenesisConfig {
  const validators = made.map((v) => ({
    consensusKey: v.consensusKey,
    power: VALIDATOR_POWER,
    operator: v.operator,
    vrfKey: v.vrfKey,
  }));
  const operators = made.map((v) => [v.operator, 1_000_000n * UNIT] as const);
  const staking = testnetStaking(options, made);
  if (options.dev) {
    const dev = devGenesisConfig(options.now, options.simMeasurements);
    return {
      ...dev,
      chainName: options.chainName,
      authorities: [],
      validators,
      balances: [...dev.balances, ...operators],
      staking,
    };
  }
  // No sudo: what a root key would do (the measurement allow-list, attestation policy, gatekeepers,
  // validators, parameters) is done by governance — referenda, and the council once seeded.
  return { chainName: options.chainName, timestamp: options.now, authorities: [], validators, balances: operators, staking };
}

/**
 * NPoS from genesis: every operator bonds GENESIS_BOND and stands with its CometBFT key, so the
 * first election keeps the genesis set (unless fewer are to be elected); later eras follow bonds,
 * nominations and chills. Rewards 1,000 PHA an era; an offence slashes 10 % of the exposure.
 */
function testnetStaking(
  options: TestnetOptions,
  made: readonly { operator: Uint8Array; consensusKey: Uint8Array }[],
): NonNullable<GenesisConfig['staking']> {
  return {
    params: {
      validatorCount: options.validatorCount ?? made.length,
      eraLength: options.eraLength ?? DEFAULT_ERA_LENGTH,
      bondingDuration: 2,
      minNominatorBond: 10n * UNIT,
      minValidatorBond: 10_000n * UNIT,
      eraReward: 1_000n * UNIT,
      offenceSlash: 100_000,
      powerUnit: POWER_UNIT,
    },
    bonds: made.map((v) => ({ account: v.operator, value: GENESIS_BOND })),
    validators: made.map((v) => ({ account: v.operator, consensusKey: v.consensusKey, commission: 50_000 })),
  };
}

function cometbftConfig(text: string, plan: ValidatorPlan, peers: string, blockTimeMs: number): string {
  return setTomlValues(text, [
    ['', 'proxy_app', `tcp://127.0.0.1:${plan.ports.abci}`],
    ['', 'moniker', plan.name],
    ['rpc', 'laddr', `tcp://127.0.0.1:${plan.ports.cometbftRpc}`],
    ['p2p', 'laddr', `tcp://127.0.0.1:${plan.ports.p2p}`],
    ['p2p', 'persistent_peers', peers],
    // Every validator of a local testnet is on 127.0.0.1.
    ['p2p', 'addr_book_strict', false],
    ['p2p', 'allow_duplicate_ip', true],
    ['consensus', 'timeout_commit', `${blockTimeMs}ms`],
    ['mempool', 'size', 50_000],
    // Our node keeps the chain's blocks, events and receipts; CometBFT's own transaction index
    // would only cost CPU and disk per transaction.
    ['tx_index', 'indexer', 'null'],
  ]);
}
