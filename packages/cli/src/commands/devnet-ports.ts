// Ports of a devnet: each checked free before anything starts, so a clash is said at once.
import { createServer } from 'node:net';
import { PhalanxError } from '@phalanx/errors';
import { usageError } from '../args.js';
import type { Io } from '../output.js';

const DEFAULT_EXPLORER_PORT = 9900;

export function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw usageError(`${flag} must be a port number`);
  return port;
}

export async function assertPortFree(port: number, what: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        new PhalanxError(
          'USAGE',
          error.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is in use: is another devnet running? Choose other ports with --rpc-port / --worker-port`
            : `cannot listen on port ${port} (${what})`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}

/**
 * The explorer's port: as given (checked free), none for "off", or by default 9900 — and when
 * that is taken (another devnet, tests side by side) any free port, said on stderr.
 */
export async function explorerPortOf(flag: string | undefined, io: Io): Promise<number | undefined> {
  if (flag === 'off') return undefined;
  const port = Number(flag ?? DEFAULT_EXPLORER_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usageError('--explorer-port must be a port number, 0 (any free port) or off');
  if (port === 0) return 0;
  if (flag !== undefined) {
    await assertPortFree(port, 'the explorer');
    return port;
  }
  return assertPortFree(port, 'the explorer').then(
    () => port,
    () => {
      io.err(`port ${port} is in use: the explorer takes a free port instead (--explorer-port chooses one)`);
      return 0;
    },
  );
}
