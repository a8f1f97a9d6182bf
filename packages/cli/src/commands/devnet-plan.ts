import { join } from 'node:path';
import { validatorPlans } from '../cometbft/testnet.js';

/** The processes of a devnet, their ports, data dirs and operator accounts. */
export interface DevnetProcess {
  readonly name: string;
  /** What it is: a chain node (the dev node or a CometBFT validator), the gatekeeper, or a worker. */
  readonly role: 'chain' | 'gatekeeper' | 'worker';
  readonly args: readonly string[];
  readonly port: number;
  readonly dataDir: string;
}

export interface DevnetPlan {
  readonly dataDir: string;
  readonly rpcPort: number;
  readonly rpc: string;
  readonly processes: readonly DevnetProcess[];
  readonly workerNames: readonly string[];
  /** 0: the dev engine (one node authors every block); N: N CometBFT validators. */
  readonly validators: number;
  /** Where the CometBFT network's genesis, keys and configs live (validators > 0). */
  readonly testnetDir: string;
  /** Gatekeepers (1: one whole-key MasterKey; N > 1: a MasterKey shared among them, any `threshold` answer). */
  readonly gatekeepers: number;
  readonly threshold: number;
}

/** The devnet's cluster: both workers; its id is fixed so a restarted devnet finds it. */
export const DEVNET_CLUSTER_LABEL = 'phalanx/devnet/cluster';

/**
 * The hosts' operator accounts: each its own (so their transactions never race for one nonce), and
 * none of them //Alice, the SDK's and CLI's default signer, so a developer's transactions never
 * collide with a host's. All are funded by the dev genesis.
 */
export const DEVNET_OPERATORS = { gatekeeper: '//Ferdie', 'worker-1': '//Dave', 'worker-2': '//Eve' } as const;
/** Operators of the extra gatekeepers of a threshold devnet (funded by //Alice when the devnet starts). */
export const extraGatekeeperOperator = (name: string) => `//Ferdie//${name}`;
/** The dev chain's sudo key: the hosts' dev shortcuts (allow the sim measurement, make a gatekeeper) go through it. */
export const DEVNET_SUDO = '//Alice';

/**
 * One node, one gatekeeper, two workers (sim TEE), each its own process with its own operator
 * account (`DEVNET_OPERATORS`); worker ports follow the RPC port unless given. //Alice holds sudo
 * on the dev chain: the hosts sign only their sudo shortcuts with it (--sudo-suri).
 */
export function devnetPlan(options: {
  dataDir: string;
  rpcPort: number;
  workerPort: number;
  logLevel: string;
  /** 0: a block as soon as transactions wait (instant seal); otherwise a block every this many ms. */
  blockTimeMs: number;
  /** 0: the dev engine; N ≥ 1: N CometBFT validators (ports from `cometbftPort`, see testnet.ts). */
  validators?: number;
  cometbftPort?: number;
  /** 1 (default): one gatekeeper with the whole MasterKey; N ≤ 7: N gatekeepers holding shares. */
  gatekeepers?: number;
  /** Shares needed (default: a majority, ⌊N/2⌋ + 1). */
  threshold?: number;
}): DevnetPlan {
  const { dataDir, rpcPort, workerPort, logLevel, blockTimeMs } = options;
  const validators = options.validators ?? 0;
  const testnetDir = join(dataDir, 'testnet');
  const seal = blockTimeMs === 0 ? ['--seal', 'instant'] : ['--seal', 'interval', '--block-time', String(blockTimeMs)];
  const rpc = `ws://127.0.0.1:${rpcPort}`;
  const gatekeepers = options.gatekeepers ?? 1;
  const worker = (name: string, port: number, gatekeeper: boolean): DevnetProcess => {
    const dir = join(dataDir, name);
    const operator = DEVNET_OPERATORS[name as keyof typeof DEVNET_OPERATORS] ?? extraGatekeeperOperator(name);
    const args = ['worker', '--rpc', rpc, '--data-dir', dir, '--port', String(port), '--suri', operator];
    args.push('--sudo-suri', DEVNET_SUDO, '--log-level', logLevel);
    const role = gatekeeper ? 'gatekeeper' : 'worker';
    return { name, role, port, dataDir: dir, args: gatekeeper ? [...args, '--gatekeeper'] : args };
  };
  const nodeDir = join(dataDir, 'node');
  const chain: DevnetProcess[] =
    validators === 0
      ? [
          {
            name: 'node',
            role: 'chain',
            port: rpcPort,
            dataDir: nodeDir,
            args: ['node', '--dev', '--data-dir', nodeDir, '--rpc-port', String(rpcPort), '--log-level', logLevel, ...seal],
          },
        ]
      : validatorPlans(testnetDir, validators, { cometbftPort: options.cometbftPort ?? 26_600, rpcPort }).map((v) => ({
          name: v.name,
          role: 'chain' as const,
          port: v.ports.rpc,
          dataDir: v.home,
          args: ['node', '--consensus', 'cometbft', '--home', v.home, '--log-level', logLevel],
        }));
  return {
    dataDir,
    rpcPort,
    rpc,
    workerNames: ['worker-1', 'worker-2'],
    validators,
    testnetDir,
    gatekeepers,
    threshold: gatekeepers === 1 ? 0 : (options.threshold ?? Math.floor(gatekeepers / 2) + 1),
    processes: [
      ...chain,
      worker('gatekeeper', workerPort, true),
      worker('worker-1', workerPort + 1, false),
      worker('worker-2', workerPort + 2, false),
      // Extra gatekeepers after the workers, so the first three ports stay what they always were.
      ...Array.from({ length: gatekeepers - 1 }, (_, i) => worker(`gatekeeper-${i + 2}`, workerPort + 3 + i, true)),
    ],
  };
}
