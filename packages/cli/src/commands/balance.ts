import { cryptoReady, toSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { accountId, connect } from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, parseAmount, signerFrom } from '../common-options.js';
import { type Io, printJson } from '../output.js';

export const BALANCE_HELP = `phalanx balance — balances and transfers

Usage:
  phalanx balance show ADDRESS [--rpc URL] [--json]
      Free and reserved balance and nonce of an account (SS58 address or 0x public key).
  phalanx balance transfer TO AMOUNT [--suri //Alice] [--scheme sr25519|ed25519] [--rpc URL] [--json]
      Transfers AMOUNT (smallest unit, or e.g. 1.5PHA) and waits until it is in a block.

Defaults: --rpc ws://127.0.0.1:9944, --suri //Alice.`;

export async function balanceCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('balance', rest, { ...CLIENT_OPTIONS, tip: { type: 'string', default: '0' } });
  if (values.help || sub === undefined || sub === 'help') {
    io.out(BALANCE_HELP);
    return sub === undefined ? 2 : 0;
  }
  await cryptoReady();
  if (sub === 'show') {
    const [address, ...extra] = positionals;
    if (address === undefined || extra.length > 0) throw usageError('balance show takes exactly one address');
    const who = accountId(address);
    const client = await connect(values.rpc);
    try {
      const info = await client.account(who);
      const view = { address: toSs58(who), free: info.free.toString(), reserved: info.reserved.toString(), nonce: info.nonce };
      if (values.json) printJson(io, view);
      else io.out(`${view.address}: free ${view.free}, reserved ${view.reserved}, nonce ${view.nonce}`);
    } finally {
      await client.close();
    }
    return 0;
  }
  if (sub === 'transfer') {
    const [to, amount, ...extra] = positionals;
    if (to === undefined || amount === undefined || extra.length > 0) throw usageError('balance transfer takes TO and AMOUNT');
    const dest = accountId(to);
    const value = parseAmount(amount);
    const signer = signerFrom(values);
    const client = await connect(values.rpc);
    try {
      const result = await client.transfer(signer, dest, value, { tip: parseAmount(values.tip) });
      // Included but failed (fee paid): the one error shape, DISPATCH_FAILED with pallet and error as fields.
      if (!result.ok) throw result.error ?? new PhalanxError('DISPATCH_FAILED', `the transfer failed in block #${result.block}`);
      const view = { ok: true, block: result.block, blockHash: result.blockHash, hash: result.hash };
      if (values.json) printJson(io, view);
      else io.out(`transferred in block #${result.block} (${result.hash})`);
      return 0;
    } finally {
      await client.close();
    }
  }
  throw usageError(`unknown balance command "${sub}" (try show or transfer)`);
}
