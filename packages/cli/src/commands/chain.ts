import { connect } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS } from '../common-options.js';
import { type Io, printJson } from '../output.js';

export const CHAIN_HELP = `phalanx chain — inspect the chain

Usage:
  phalanx chain dump-state [--rpc URL] [--json]
      Every key and value (hex) of the best block's state, in key order.
  phalanx chain head [--rpc URL] [--json]
      The best block's header.`;

export async function chainCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('chain', rest, CLIENT_OPTIONS);
  if (values.help || sub === undefined || sub === 'help') {
    io.out(CHAIN_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (positionals.length > 0) throw usageError(`chain ${sub} takes no positional arguments`);
  const client = await connect(values.rpc);
  try {
    if (sub === 'head') {
      const header = await client.header();
      if (values.json) printJson(io, header);
      else io.out(`#${header?.number} ${header?.hash}`);
      return 0;
    }
    if (sub === 'dump-state') {
      const header = await client.header();
      const entries: { key: string; value: string }[] = [];
      for await (const [key, value] of client.statePairs()) entries.push({ key, value });
      if (values.json) printJson(io, { block: header?.number, hash: header?.hash, stateRoot: header?.stateRoot, entries });
      else for (const { key, value } of entries) io.out(`${key} ${value}`);
      return 0;
    }
  } finally {
    await client.close();
  }
  throw usageError(`unknown chain command "${sub}" (try dump-state or head)`);
}
