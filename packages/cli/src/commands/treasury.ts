import { toSs58 } from '@phalanx/crypto';
import { type PhalanxClient, treasuryCalls, treasuryPot, treasurySpends } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, parseAmount, signerFrom } from '../common-options.js';
import type { Io } from '../output.js';
import { submitCall, withClient } from '../submit.js';

export const TREASURY_HELP = `phalanx treasury — the chain's pot: fee and slash shares in, approved spends out

Usage:
  phalanx treasury propose AMOUNT BENEFICIARY   ask for AMOUNT for BENEFICIARY (SS58 or 0x); a bond of
                                                the chain's proposalBond share is held, returned when
                                                paid, forfeited to the pot when rejected
  phalanx treasury show                         the pot and every spend proposal (approved or waiting)

Spends are approved or rejected by the council (≥ 3/5: phalanx gov council propose 3 approve-spend ID)
or by a referendum (phalanx gov propose approve-spend ID); approved ones are paid in order at each
spend period while the pot covers them, then the burn share of what remains is burned.
Common: --rpc URL, --suri URI (//Alice), --scheme, --json.`;

export async function treasuryCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('treasury', rest, CLIENT_OPTIONS);
  if (values.help || sub === undefined || sub === 'help') {
    io.out(TREASURY_HELP);
    return sub === undefined ? 2 : 0;
  }
  return withClient(io, values, (client) => run(client, sub, positionals, values));
}

async function run(client: PhalanxClient, sub: string, words: readonly string[], values: { suri: string; scheme: string }) {
  if (sub === 'show') {
    if (words.length > 0) throw usageError('treasury show takes no arguments');
    const [pot, spends] = await Promise.all([treasuryPot(client), treasurySpends(client)]);
    return {
      pot: pot.toString(),
      spends: spends.map(({ id, spend, approved }) => ({
        id,
        proposer: toSs58(spend.proposer),
        beneficiary: toSs58(spend.beneficiary),
        value: spend.value.toString(),
        bond: spend.bond.toString(),
        approved,
      })),
    };
  }
  if (sub !== 'propose') throw usageError(`unknown treasury command "${sub}" (try propose or show)`);
  const [amount, beneficiary, ...extra] = words;
  if (beneficiary === undefined || extra.length > 0) throw usageError('usage: phalanx treasury propose AMOUNT BENEFICIARY');
  const call = treasuryCalls.proposeSpend(parseAmount(amount ?? ''), beneficiary);
  return submitCall(client, signerFrom(values), call, ['Treasury'], 'treasury propose');
}
