import { PhalanxError } from '@phalanx/errors';
import { type Io, processIo, reportError } from './output.js';

export const HELP = `phalanx — confidential smart contracts in trusted execution environments

Usage: phalanx <command> [options]

Commands:
  devnet                      a local network: node, gatekeeper, two workers (npm start)
  key generate|inspect        key pairs and SS58 addresses (like subkey)
  node --dev                  run a development chain node (JSON-RPC on ws://127.0.0.1:9944)
  node --consensus cometbft   run one CometBFT validator (our node as its app, and CometBFT)
  testnet init                write a network of CometBFT validators (genesis, keys, configs)
  balance show|transfer       balances and transfers
  chain dump-state|head       inspect the chain's state and blocks
  attest verify               verify an SGX/TDX DCAP quote offline, as the chain does
  worker                      run a worker (host + pRuntime; --tee sim)
  status                      workers, gatekeepers and readiness (each worker probed)
  explorer --rpc URL          the explorer page against any node (devnet serves it too)
  contract build|deploy|call|query   confidential contracts
  pool create|bind|start|contribute|withdraw|show   stake pools behind workers
  stake bond|validate|gatekeeper|nominate|unbond|show|era   NPoS staking and elections
  gov propose|second|vote|show|council …                    governance (referenda, council)
  treasury propose|show       the treasury's pot and spends

Every command takes --json for machine-readable output and --help for its own usage.
Run "phalanx <command> --help" for details.`;

interface Command {
  readonly run: (args: readonly string[], io: Io) => Promise<number>;
  readonly help: string;
}

// Loaded on use: one invocation pays for its own command's dependencies only.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  key: async () => import('./commands/key.js').then((m) => ({ run: m.keyCommand, help: m.KEY_HELP })),
  node: async () => import('./commands/node.js').then((m) => ({ run: m.nodeCommand, help: m.NODE_HELP })),
  balance: async () => import('./commands/balance.js').then((m) => ({ run: m.balanceCommand, help: m.BALANCE_HELP })),
  chain: async () => import('./commands/chain.js').then((m) => ({ run: m.chainCommand, help: m.CHAIN_HELP })),
  attest: async () => import('./commands/attest.js').then((m) => ({ run: m.attestCommand, help: m.ATTEST_HELP })),
  worker: async () => import('./commands/worker.js').then((m) => ({ run: m.workerCommand, help: m.WORKER_HELP })),
  status: async () => import('./commands/status.js').then((m) => ({ run: m.statusCommand, help: m.STATUS_HELP })),
  contract: async () => import('./commands/contract.js').then((m) => ({ run: m.contractCommand, help: m.CONTRACT_HELP })),
  pool: async () => import('./commands/pool.js').then((m) => ({ run: m.poolCommand, help: m.POOL_HELP })),
  stake: async () => import('./commands/stake.js').then((m) => ({ run: m.stakeCommand, help: m.STAKE_HELP })),
  gov: async () => import('./commands/gov.js').then((m) => ({ run: m.govCommand, help: m.GOV_HELP })),
  treasury: async () => import('./commands/treasury.js').then((m) => ({ run: m.treasuryCommand, help: m.TREASURY_HELP })),
  testnet: async () => import('./commands/testnet.js').then((m) => ({ run: m.testnetCommand, help: m.TESTNET_HELP })),
  explorer: async () => import('./commands/explorer.js').then((m) => ({ run: m.explorerCommand, help: m.EXPLORER_HELP })),
  devnet: async () => import('./commands/devnet.js').then((m) => ({ run: m.devnetCommand, help: m.DEVNET_HELP })),
};

const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help';

/** Runs one invocation and returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (name === undefined || isHelp(name)) {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    return reportError(io, new PhalanxError('USAGE', `unknown command "${name}"; run "phalanx --help"`), json);
  }
  try {
    const command = await load();
    // `phalanx key --help`, `-h`, `help`: the command's usage with its subcommands, for every command.
    if (isHelp(rest[0])) {
      io.out(command.help);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(io, error, json);
  }
}
