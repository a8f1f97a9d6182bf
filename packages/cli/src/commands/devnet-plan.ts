import { join } from 'node:path';

/** The processes of a devnet, their ports, data dirs and operator accounts. */
export interface DevnetProcess {
  readonly name: string;
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
}

/** The devnet's cluster: both workers; its id is fixed so a restarted devnet finds it. */
export const DEVNET_CLUSTER_LABEL = 'phalanx/devnet/cluster';

/**
 * One node, one gatekeeper, two workers (sim TEE), each its own process with its own operator
 * account (so their transactions never race for one nonce); worker ports follow the RPC port
 * unless given. Alice holds sudo on the dev chain and operates the gatekeeper.
 */
export function devnetPlan(options: {
  dataDir: string;
  rpcPort: number;
  workerPort: number;
  logLevel: string;
  /** 0: a block as soon as transactions wait (instant seal); otherwise a block every this many ms. */
  blockTimeMs: number;
}): DevnetPlan {
  const { dataDir, rpcPort, workerPort, logLevel, blockTimeMs } = options;
  const seal = blockTimeMs === 0 ? ['--seal', 'instant'] : ['--seal', 'interval', '--block-time', String(blockTimeMs)];
  const rpc = `ws://127.0.0.1:${rpcPort}`;
  const worker = (name: string, port: number, suri: string, gatekeeper: boolean): DevnetProcess => {
    const dir = join(dataDir, name);
    const args = ['worker', '--rpc', rpc, '--data-dir', dir, '--port', String(port), '--suri', suri, '--log-level', logLevel];
    return { name, port, dataDir: dir, args: gatekeeper ? [...args, '--gatekeeper'] : args };
  };
  const nodeDir = join(dataDir, 'node');
  return {
    dataDir,
    rpcPort,
    rpc,
    workerNames: ['worker-1', 'worker-2'],
    processes: [
      {
        name: 'node',
        port: rpcPort,
        dataDir: nodeDir,
        args: ['node', '--dev', '--data-dir', nodeDir, '--rpc-port', String(rpcPort), '--log-level', logLevel, ...seal],
      },
      worker('gatekeeper', workerPort, '//Alice', true),
      worker('worker-1', workerPort + 1, '//Dave', false),
      worker('worker-2', workerPort + 2, '//Eve', false),
    ],
  };
}
