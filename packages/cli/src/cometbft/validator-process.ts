import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, sr25519PairFromSeed } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { createLogger, type LogLevel, readGenesisFile, startNode, type VrfSigner } from '@phalanx/node';
import type { Io } from '../output.js';
import { cometbftBinary } from './binary.js';
import { type NodeHomeConfig, VRF_SECRET_FILE } from './testnet.js';

const CHILD_GUARD = fileURLToPath(new URL('../../../bin/child-guard.sh', import.meta.url));

/** How long CometBFT may take to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

function readHome(home: string): NodeHomeConfig {
  const path = join(home, 'node.json');
  if (!existsSync(path))
    throw new PhalanxError('USAGE', `${home} is not a validator home (no node.json): see phalanx testnet init`);
  const config = JSON.parse(readFileSync(path, 'utf8')) as Partial<NodeHomeConfig>;
  for (const key of ['rpcPort', 'abciPort', 'cometbftRpcPort'] as const) {
    const port = config[key];
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65_535)
      throw new PhalanxError('INVALID_INPUT', `${path}: ${key} must be a port number`);
  }
  return { name: config.name ?? 'validator', ...config } as NodeHomeConfig;
}

/**
 * The validator's VRF key (`vrf.secret`, a hex seed) with its CometBFT address (from
 * `priv_validator_key.json`); none when the home has no VRF key (it then extends with nothing).
 */
function readVrfSigner(home: string): VrfSigner | undefined {
  const path = join(home, VRF_SECRET_FILE);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8').trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new PhalanxError('INVALID_INPUT', `${path} must hold a 32-byte hex seed (0x…)`);
  const keyPath = join(home, 'cometbft', 'config', 'priv_validator_key.json');
  const address = (JSON.parse(readFileSync(keyPath, 'utf8')) as { address?: unknown }).address;
  if (typeof address !== 'string' || !/^[0-9a-fA-F]{40}$/.test(address))
    throw new PhalanxError('INVALID_INPUT', `${keyPath} has no 20-byte hex address`);
  return { pair: sr25519PairFromSeed(fromHex(text)), address: new Uint8Array(Buffer.from(address, 'hex')) };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/**
 * One CometBFT validator: our node (the ABCI application, with its JSON-RPC) and the pinned
 * `cometbft node` as its child, run through `bin/child-guard.sh`: CometBFT begins to stop when its
 * ABCI connection breaks but can hang there, so the guard kills it when this process dies (even by
 * kill -9: the guard sees its stdin close). This process stops CometBFT first on SIGINT/SIGTERM,
 * and stops (exit 1, for its supervisor to restart the pair) when CometBFT exits on its own.
 */
export async function runValidator(home: string, options: { rpcHost: string; logLevel: LogLevel; io: Io; json: boolean }) {
  const config = readHome(home);
  const genesis = readGenesisFile(join(home, 'genesis.json'));
  const binary = cometbftBinary();
  const log = createLogger({ level: options.logLevel, file: join(home, 'node', 'node.log'), name: config.name });
  mkdirSync(join(home, 'node'), { recursive: true });
  const node = await startNode({
    dataDir: join(home, 'node'),
    rpcPort: config.rpcPort,
    rpcHost: options.rpcHost,
    genesis,
    log,
    consensus: {
      engine: 'cometbft',
      abciPort: config.abciPort,
      cometbftRpc: `http://127.0.0.1:${config.cometbftRpcPort}`,
      vrf: readVrfSigner(home),
    },
  });
  const output = openSync(join(home, 'cometbft.log'), 'a');
  // Through the guard: CometBFT dies with this process even when this one is killed with -9.
  const cometbft = spawn('bash', [CHILD_GUARD, binary, 'node', '--home', join(home, 'cometbft')], {
    stdio: ['pipe', output, output],
  });
  closeSync(output);
  log.info(`CometBFT started (guard pid ${cometbft.pid}), logging to ${join(home, 'cometbft.log')}`);
  if (options.json)
    options.io.out(
      JSON.stringify({
        rpc: `ws://${options.rpcHost}:${node.rpcPort}`,
        genesis: `0x${Buffer.from(node.chain.genesisHash).toString('hex')}`,
        consensus: 'cometbft',
        cometbftGuardPid: cometbft.pid,
      }),
    );
  const signalled = new Promise<'signal'>((resolve) => {
    process.once('SIGINT', () => resolve('signal'));
    process.once('SIGTERM', () => resolve('signal'));
  });
  const why = await Promise.race([signalled, exited(cometbft).then(() => 'cometbft' as const)]);
  if (why === 'cometbft') log.error(`CometBFT exited (code ${cometbft.exitCode}); see ${join(home, 'cometbft.log')}`);
  else {
    cometbft.kill('SIGTERM');
    const timer = setTimeout(() => cometbft.kill('SIGKILL'), STOP_GRACE_MS);
    await exited(cometbft);
    clearTimeout(timer);
  }
  await node.stop();
  return why === 'cometbft' ? 1 : 0;
}
