import { PhalanxError } from '@phalanx/errors';
import { bundleBuilt, startExplorer } from '@phalanx/explorer';
import { parseCommandArgs, usageError } from '../args.js';
import { DEFAULT_RPC } from '../common-options.js';
import { type Io, printJson } from '../output.js';

export const EXPLORER_HELP = `phalanx explorer — the network, its enclaves and its contracts in the browser

Usage:
  phalanx explorer [--rpc ws://127.0.0.1:9944] [--port 9900] [--host 127.0.0.1] [--window 500] [--json]

Serves the explorer page (packages/explorer, built by npm run build) on http://HOST:PORT/ against
the node at --rpc (the browser connects to that node itself, so it must be reachable from the
browser). --port 0 takes any free port. --window: blocks the page keeps in memory. Prints the URL
(--json: {"url", "rpc"}) and serves until Ctrl-C. \`phalanx devnet\` serves it too.`;

export function parsePortFlag(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`${flag} must be a port number (0: any free port)`);
  return port;
}

export async function explorerCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('explorer', argv, {
    rpc: { type: 'string', default: DEFAULT_RPC },
    port: { type: 'string', default: '9900' },
    host: { type: 'string', default: '127.0.0.1' },
    window: { type: 'string', default: '500' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(EXPLORER_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('explorer takes no positional arguments');
  if (!/^wss?:\/\//.test(values.rpc)) throw usageError(`--rpc must be a ws:// or wss:// URL, got "${values.rpc}"`);
  const window = Number(values.window);
  if (!Number.isInteger(window) || window < 10 || window > 100_000) throw usageError('--window must be 10..100000 blocks');
  if (!bundleBuilt()) throw new PhalanxError('NOT_FOUND', 'the explorer page is not built: run npm run build');
  const server = await startExplorer({ rpc: values.rpc, port: parsePortFlag(values.port, '--port'), host: values.host, window });
  if (values.json) printJson(io, { url: server.url, rpc: values.rpc });
  else io.out(`explorer on ${server.url} (node ${values.rpc}; Ctrl-C stops)`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.close();
  return 0;
}
