import { join } from 'node:path';
import { createLogger, LOG_LEVELS, type LogLevel, type SealMode, startNode } from '@phalanx/node';
import { parseCommandArgs, usageError } from '../args.js';
import type { Io } from '../output.js';

export const NODE_HELP = `phalanx node — run a chain node

Usage:
  phalanx node --dev [--data-dir DIR] [--rpc-port 9944] [--rpc-host 127.0.0.1]
               [--seal instant|interval] [--block-time MS] [--log-level info]
  phalanx node --consensus cometbft --home DIR [--rpc-host 127.0.0.1] [--log-level info]

  --dev         development chain: //Alice … //Ferdie funded, sudo and block author //Alice
  --data-dir    where the chain database lives (default .phalanx/node); restarts continue from it
  --seal        instant: a block as soon as transactions wait (default); interval: every --block-time ms
  --consensus  dev (default: this node authors every block) or cometbft: one validator of a CometBFT
               network made by "phalanx testnet init" — this node is the ABCI application and
               starts the pinned CometBFT on DIR/cometbft (ports and genesis from DIR)
Stop with Ctrl-C: the node finishes the block in progress and closes its database.`;

const options = {
  dev: { type: 'boolean', default: false },
  consensus: { type: 'string', default: 'dev' },
  home: { type: 'string' },
  'data-dir': { type: 'string', default: join('.phalanx', 'node') },
  'rpc-port': { type: 'string', default: '9944' },
  'rpc-host': { type: 'string', default: '127.0.0.1' },
  seal: { type: 'string', default: 'instant' },
  'block-time': { type: 'string', default: '6000' },
  'log-level': { type: 'string', default: 'info' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function nodeCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('node', args, options);
  if (values.help) {
    io.out(NODE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('node takes no positional arguments');
  if (!(LOG_LEVELS as readonly string[]).includes(values['log-level']))
    throw usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  if (values.consensus === 'cometbft') {
    if (values.home === undefined) throw usageError('--consensus cometbft needs --home DIR (made by phalanx testnet init)');
    const { runValidator } = await import('../cometbft/validator-process.js');
    const level = values['log-level'] as LogLevel;
    return runValidator(values.home, { rpcHost: values['rpc-host'], logLevel: level, io, json: values.json });
  }
  if (values.consensus !== 'dev') throw usageError('--consensus must be dev or cometbft');
  if (!values.dev) throw usageError('a dev-engine node runs the development chain: pass --dev');
  const port = Number(values['rpc-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError('--rpc-port must be a port number');
  const blockTime = Number(values['block-time']);
  let seal: SealMode;
  if (values.seal === 'instant') seal = { kind: 'instant' };
  else if (values.seal === 'interval' && Number.isInteger(blockTime) && blockTime >= 50)
    seal = { kind: 'interval', intervalMs: blockTime };
  else throw usageError('--seal must be instant or interval (with --block-time of at least 50 ms)');
  const log = createLogger({ level: values['log-level'] as LogLevel, file: join(values['data-dir'], 'node.log'), name: 'node' });
  const node = await startNode({
    dataDir: values['data-dir'],
    rpcPort: port,
    rpcHost: values['rpc-host'],
    authorUri: '//Alice',
    seal,
    log,
  });
  if (values.json)
    io.out(
      JSON.stringify({
        rpc: `ws://${values['rpc-host']}:${node.rpcPort}`,
        genesis: `0x${Buffer.from(node.chain.genesisHash).toString('hex')}`,
      }),
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await node.stop();
  return 0;
}
