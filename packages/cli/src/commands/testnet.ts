import { resolve } from 'node:path';
import { cryptoReady } from '@phalanx/crypto';
import { parseCommandArgs, usageError } from '../args.js';
import { DEFAULT_ERA_LENGTH, initTestnet } from '../cometbft/testnet.js';
import { type Io, printJson } from '../output.js';

export const TESTNET_HELP = `phalanx testnet — make a network of CometBFT validators

Usage:
  phalanx testnet init --validators N --out DIR [--dev] [--chain-name NAME]
                       [--rpc-port 9944] [--cometbft-port 26600] [--block-time 1000]
                       [--era-length 600] [--validator-count N] [--json]

Writes DIR/genesis.json (our genesis, with the N validators) and DIR/validator-<i>/ for each:
a CometBFT home (its keys made by "cometbft init"; the shared CometBFT genesis; peers), node.json
(ports) and a copy of genesis.json. Start each validator with
  phalanx node --consensus cometbft --home DIR/validator-<i>
(copy a validator's directory to its own machine and adjust the addresses in its
cometbft/config/config.toml). Ports: validator i uses --cometbft-port + 10·(i−1) for P2P, +1 CometBFT
RPC, +2 ABCI, +3 our RPC (validator 1's RPC is --rpc-port).
  --dev        a development chain: the dev accounts funded, //Alice holds SUDO (one key that can
               change anything: for convenience only), the dev TEE simulator trusted, operators
               //Validator1…. Without --dev the chain has NO sudo: each operator's secret phrase is
               written to DIR/validator-<i>/operator.secret, the operators are funded, and the
               measurement allow-list, gatekeepers and parameters change only by governance
               (phalanx gov propose|second|vote; see docs/governance.md)
  --block-time milliseconds CometBFT waits after a commit (timeout_commit)
  --era-length blocks per staking era (0: no elections). Every operator bonds 100,000 PHA and stands
               as a validator at genesis; each era sequential Phragmén elects --validator-count
               (default: all) by bonds and nominations (phalanx stake …), and their backing becomes
               CometBFT voting power
Needs the pinned CometBFT build: npm run setup:cometbft.`;

const OPTIONS = {
  validators: { type: 'string' },
  out: { type: 'string' },
  dev: { type: 'boolean', default: false },
  'chain-name': { type: 'string' },
  'rpc-port': { type: 'string', default: '9944' },
  'cometbft-port': { type: 'string', default: '26600' },
  'block-time': { type: 'string', default: '1000' },
  'era-length': { type: 'string', default: String(DEFAULT_ERA_LENGTH) },
  'validator-count': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function integerFlag(text: string | undefined, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw usageError(`${flag} must be an integer ${min}..${max}`);
  }
  return value;
}

export async function testnetCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('testnet', args, OPTIONS);
  if (values.help) {
    io.out(TESTNET_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (sub !== 'init' || extra.length > 0) throw usageError('usage: phalanx testnet init --validators N --out DIR');
  if (values.out === undefined) throw usageError('--out DIR is required');
  const validators = integerFlag(values.validators, '--validators', 1, 50);
  const cometbftPort = integerFlag(values['cometbft-port'], '--cometbft-port', 1024, 65_000 - 10 * validators);
  const rpcPort = integerFlag(values['rpc-port'], '--rpc-port', 1, 65_535);
  const blockTimeMs = integerFlag(values['block-time'], '--block-time', 10, 60_000);
  const eraLength = integerFlag(values['era-length'], '--era-length', 0, 1_000_000);
  const validatorCount =
    values['validator-count'] === undefined
      ? validators
      : integerFlag(values['validator-count'], '--validator-count', 1, validators);
  await cryptoReady();
  const made = initTestnet({
    out: resolve(values.out),
    validators,
    cometbftPort,
    rpcPort,
    dev: values.dev,
    chainName: values['chain-name'] ?? (values.dev ? 'Phalanx Development (CometBFT)' : 'Phalanx Testnet'),
    blockTimeMs,
    now: BigInt(Date.now()),
    eraLength,
    validatorCount,
  });
  if (values.json) printJson(io, made);
  else {
    io.out(`testnet of ${validators} validators in ${resolve(values.out)} (chain id ${made.chainId})`);
    io.out(
      values.dev
        ? '  sudo: //Alice — a development chain: one key can change anything (do not use it for value)'
        : '  no sudo: the allow-list, gatekeepers and parameters change by governance (phalanx gov …)',
    );
    for (const v of made.validators)
      io.out(`  ${v.name.padEnd(12)} ${v.rpc}   phalanx node --consensus cometbft --home ${v.home}`);
  }
  return 0;
}
