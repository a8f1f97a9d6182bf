// A chain node as a process of its own, for fault tests (kill -9, a damaged data directory):
// `node node-process.js DATA_DIR`. Prints one JSON line on stdout, `{"port":N,"pid":P}` once serving
// (interval sealing, a block every 20 ms) or `{"error":{"code","message"}}` if it cannot start.
import { isPhalanxError } from '@phalanx/errors';
import { silentLogger } from '../src/log.js';
import { startNode } from '../src/service.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: node-process.js DATA_DIR');
try {
  const node = await startNode({
    dataDir,
    rpcPort: 0,
    authorUri: '//Alice',
    seal: { kind: 'interval', intervalMs: 20 },
    log: silentLogger,
    verifierThreads: 1,
  });
  process.stdout.write(`${JSON.stringify({ port: node.rpcPort, pid: process.pid })}\n`);
  process.once('SIGTERM', () => node.stop().then(() => process.exit(0)));
} catch (error) {
  const shown = isPhalanxError(error)
    ? { code: error.code, message: error.message }
    : { code: 'UNEXPECTED', message: String(error) };
  process.stdout.write(`${JSON.stringify({ error: shown })}\n`);
  process.exit(1);
}
