import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoReady } from '@phalanx/crypto';
import { DEFAULT_RECONNECT, HOST_EXIT_CODES, hostExitCode, type RunningWorkerHost, startWorkerHost } from '@phalanx/host';
import { createLogger, LOG_LEVELS, type LogLevel } from '@phalanx/node';
import { parseCommandArgs, usageError } from '../args.js';
import { DEFAULT_RPC, DEFAULT_SURI, signerFrom } from '../common-options.js';
import { type Io, reportError } from '../output.js';

export const WORKER_HELP = `phalanx worker — run a worker: its untrusted host and its pRuntime

Usage:
  phalanx worker [--rpc ws://127.0.0.1:9944] [--data-dir .phalanx/worker] [--tee sim]
                 [--port 8000] [--public-url http://127.0.0.1:8000] [--suri //Alice]
                 [--sudo-suri URI] [--gatekeeper] [--reconnect-give-up 120] [--halt-linger SECONDS]
                 [--log-level info]

  --tee sim      software-only TEE simulator: INSECURE, for development (its reports are accepted
                 only by chains whose genesis allows it, like the dev chain)
  --suri         the operator account that signs the worker's registration and egress
  --sudo-suri    the account that signs the dev-chain shortcuts through sudo (allow the simulated
                 measurement, --gatekeeper); default: the operator. Used only if it holds the sudo key.
  --reconnect-give-up   seconds without a node after which the worker exits (default 120); until
                 then it reconnects with backoff and resumes where its pRuntime stopped
  --halt-linger  seconds a halted worker stays up before it exits 76 (default: until stopped)
The pRuntime makes its keys inside, registers through the host, follows the chain with its light
client, and seals a checkpoint under --data-dir so a restart resumes. GET /info on --port shows it.
--gatekeeper also asks sudo (dev chains) to make it a gatekeeper: the first gatekeeper makes the
MasterKey inside; later ones receive it from a holder, encrypted.
--allow-private-fetch lets contract queries' ctx.http.fetch reach loopback and private addresses
(a local mock service in development); by default they are refused.
A worker whose node serves what does not verify halts: it says why (stderr, worker.log, and
"halted" in GET /info), refuses queries, follows no more blocks and stays up until stopped (or
--halt-linger); restarting it against the same node cannot help: point --rpc at an honest node.
Exit codes: 0 stopped (SIGINT/SIGTERM); ${HOST_EXIT_CODES.badCheckpoint} the sealed checkpoint cannot be opened (restarting does not
help: the message says what to do); ${HOST_EXIT_CODES.enclaveLost} the pRuntime thread died; ${HOST_EXIT_CODES.nodeUnreachable} the node stayed unreachable
past --reconnect-give-up (restart later); ${HOST_EXIT_CODES.nodeLied} stopped while halted, or the node serves another chain
(restarting against it does not help); 1 any other failure, 2 usage.`;

const options = {
  rpc: { type: 'string', default: DEFAULT_RPC },
  'data-dir': { type: 'string', default: join('.phalanx', 'worker') },
  tee: { type: 'string', default: 'sim' },
  port: { type: 'string', default: '8000' },
  'public-url': { type: 'string' },
  suri: { type: 'string', default: DEFAULT_SURI },
  'sudo-suri': { type: 'string' },
  scheme: { type: 'string', default: 'sr25519' },
  'reconnect-give-up': { type: 'string', default: String(DEFAULT_RECONNECT.giveUpMs / 1000) },
  'halt-linger': { type: 'string' },
  'log-level': { type: 'string', default: 'info' },
  gatekeeper: { type: 'boolean', default: false },
  'allow-private-fetch': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function workerCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('worker', args, options);
  if (values.help) {
    io.out(WORKER_HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('worker takes no positional arguments');
  if (values.tee !== 'sim')
    throw usageError('--tee must be sim on this machine (dstack needs an Intel TDX guest with the dstack agent)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError('--port must be a port number');
  const giveUp = Number(values['reconnect-give-up']);
  if (!Number.isFinite(giveUp) || giveUp <= 0 || giveUp > 86_400)
    throw usageError('--reconnect-give-up must be a number of seconds between 0 and 86400');
  const linger = values['halt-linger'] === undefined ? undefined : Number(values['halt-linger']);
  if (linger !== undefined && (!Number.isFinite(linger) || linger < 0 || linger > 86_400))
    throw usageError('--halt-linger must be a number of seconds between 0 and 86400');
  if (!(LOG_LEVELS as readonly string[]).includes(values['log-level']))
    throw usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  await cryptoReady();
  const operator = signerFrom(values);
  const sudo = values['sudo-suri'] === undefined ? undefined : signerFrom({ suri: values['sudo-suri'], scheme: 'sr25519' });
  mkdirSync(values['data-dir'], { recursive: true });
  const log = createLogger({
    level: values['log-level'] as LogLevel,
    file: join(values['data-dir'], 'worker.log'),
    name: 'worker',
  });
  let host: RunningWorkerHost;
  try {
    host = await startWorkerHost({
      rpc: values.rpc,
      dataDir: values['data-dir'],
      tee: 'sim',
      port,
      publicUrl: values['public-url'] ?? `http://127.0.0.1:${port}`,
      operator,
      ...(sudo === undefined ? {} : { sudo }),
      log,
      gatekeeper: values.gatekeeper,
      allowPrivateFetch: values['allow-private-fetch'],
      reconnect: { giveUpMs: giveUp * 1000 },
      ...(linger === undefined ? {} : { haltLingerMs: linger * 1000 }),
    });
  } catch (error) {
    // A distinct exit code tells a supervisor whether restarting can help (see --help).
    reportError(io, error, values.json);
    return hostExitCode(error);
  }
  log.warn('TEE backend "sim": INSECURE software simulation, for development only');
  if (values.json) io.out(JSON.stringify({ info: `http://127.0.0.1:${host.port}/info` }));
  let halted: number | undefined;
  void host.halted.then((failure) => {
    // Said at once, then the worker stays up, halted: a stop then ends with 76, not 0.
    reportError(io, failure.error, values.json);
    halted = failure.exitCode;
  });
  const outcome = await new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(halted ?? HOST_EXIT_CODES.stopped));
    process.once('SIGTERM', () => resolve(halted ?? HOST_EXIT_CODES.stopped));
    host.failed.then((failure) => {
      if (halted === undefined) reportError(io, failure.error, values.json);
      resolve(failure.exitCode);
    });
  });
  await host.stop();
  return outcome;
}
