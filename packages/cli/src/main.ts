import { PhalanxError } from '@phalanx/errors';
import { attestCommand } from './commands/attest.js';
import { balanceCommand } from './commands/balance.js';
import { chainCommand } from './commands/chain.js';
import { contractCommand } from './commands/contract.js';
import { devnetCommand } from './commands/devnet.js';
import { keyCommand } from './commands/key.js';
import { nodeCommand } from './commands/node.js';
import { statusCommand } from './commands/status.js';
import { workerCommand } from './commands/worker.js';
import { type Io, processIo, reportError } from './output.js';

export const HELP = `phalanx — confidential smart contracts in trusted execution environments

Usage: phalanx <command> [options]

Commands:
  devnet                      a local network: node, gatekeeper, two workers (npm start)
  key generate|inspect        key pairs and SS58 addresses (like subkey)
  node --dev                  run a development chain node (JSON-RPC on ws://127.0.0.1:9944)
  balance show|transfer       balances and transfers
  chain dump-state|head       inspect the chain's state and blocks
  attest verify               verify an SGX/TDX DCAP quote offline, as the chain does
  worker                      run a worker (host + pRuntime; --tee sim)
  status                      workers, gatekeepers and readiness as the chain sees them
  contract build|deploy|call|query   confidential contracts

Every command takes --json for machine-readable output and --help for its own usage.
Run "phalanx <command> --help" for details.`;

type Command = (args: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  key: keyCommand,
  node: nodeCommand,
  balance: balanceCommand,
  chain: chainCommand,
  attest: attestCommand,
  worker: workerCommand,
  status: statusCommand,
  contract: contractCommand,
  devnet: devnetCommand,
};

/** Runs one invocation and returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    return reportError(io, new PhalanxError('USAGE', `unknown command "${name}"; run "phalanx --help"`), json);
  }
  try {
    return await command(rest, io);
  } catch (error) {
    return reportError(io, error, json);
  }
}
