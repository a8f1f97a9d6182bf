import { fromHex, toHex, toSs58 } from '@phalanx/crypto';
import {
  currentEra,
  electedGatekeepers,
  electedValidators,
  type PhalanxClient,
  stakingCalls,
  stakingCandidates,
  stakingLedger,
} from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, parseAmount, signerFrom } from '../common-options.js';
import type { Io } from '../output.js';
import { integerArg, submitCall, withClient } from '../submit.js';

export const STAKE_HELP = `phalanx stake — NPoS: bond stake, stand as a validator or gatekeeper, nominate

Usage:
  phalanx stake bond AMOUNT                       hold AMOUNT of --suri's balance as its bond
  phalanx stake bond-extra AMOUNT                 add to the bond
  phalanx stake unbond AMOUNT                     stop it counting; withdrawable after the bonding duration
  phalanx stake withdraw                          free what finished unbonding
  phalanx stake validate CONSENSUS_KEY [--commission PPM]
                                                  stand as a CometBFT validator (0x ed25519 key, e.g. from
                                                  cometbft/config/priv_validator_key.json's pub_key)
  phalanx stake gatekeeper WORKER                 stand as a gatekeeper with a registered worker you operate
  phalanx stake nominate TARGET…                  back up to 16 candidates (SS58 or 0x accounts)
  phalanx stake chill                             stop standing or nominating (the bond stays)
  phalanx stake show [ACCOUNT]                    bond, unlocking chunks, role (default: --suri's account)
  phalanx stake era                               current era, next boundary, elected validators and
                                                  gatekeepers with their backing, candidates

Every era (the chain's eraLength blocks) sequential Phragmén elects the validators (their backing
becomes CometBFT voting power) and, separately, the gatekeepers; the era's reward is shared by the
validators and their nominators; an offence slashes the offender and those who nominated it.
Amounts in the smallest unit or like 1.5PHA. Common: --rpc URL, --suri URI (//Alice), --scheme, --json.`;

const key = (text: string | undefined, what: string) => {
  if (text === undefined || !/^0x[0-9a-fA-F]{64}$/.test(text)) throw usageError(`${what} must be 0x and 64 hex digits`);
  return fromHex(text);
};

export async function stakeCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('stake', rest, {
    ...CLIENT_OPTIONS,
    commission: { type: 'string', default: '0' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    io.out(STAKE_HELP);
    return sub === undefined ? 2 : 0;
  }
  return withClient(io, values, (client) => run(client, sub, positionals, values));
}

async function run(
  client: PhalanxClient,
  sub: string,
  positionals: readonly string[],
  values: { suri: string; scheme: string; commission: string },
): Promise<unknown> {
  const [first] = positionals;
  const none = (n: number) => {
    if (positionals.length > n)
      throw usageError(`stake ${sub} takes ${n === 0 ? 'no' : `at most ${n}`} argument${n === 1 ? '' : 's'}`);
  };
  if (sub === 'show') {
    none(1);
    return showAccount(client, first ?? signerFrom(values).publicKey);
  }
  if (sub === 'era') {
    none(0);
    return showEra(client);
  }
  const signer = signerFrom(values);
  let call: ReturnType<typeof stakingCalls.chill>;
  if (sub === 'nominate') {
    if (positionals.length === 0) throw usageError('stake nominate takes one to 16 targets');
    call = stakingCalls.nominate(positionals);
  } else {
    none(sub === 'withdraw' || sub === 'chill' ? 0 : 1);
    if (sub === 'bond') call = stakingCalls.bond(parseAmount(first ?? ''));
    else if (sub === 'bond-extra') call = stakingCalls.bondExtra(parseAmount(first ?? ''));
    else if (sub === 'unbond') call = stakingCalls.unbond(parseAmount(first ?? ''));
    else if (sub === 'withdraw') call = stakingCalls.withdrawUnbonded();
    else if (sub === 'validate')
      call = stakingCalls.validate(key(first, 'CONSENSUS_KEY'), integerArg(values.commission, '--commission', 1_000_000));
    else if (sub === 'gatekeeper') call = stakingCalls.candidateGatekeeper(key(first, 'WORKER'));
    else if (sub === 'chill') call = stakingCalls.chill();
    else
      throw usageError(`unknown stake command "${sub}" (try bond, unbond, validate, gatekeeper, nominate, chill, show or era)`);
  }
  return submitCall(client, signer, call, ['Staking'], `stake ${sub}`);
}

async function showAccount(client: PhalanxClient, who: string | Uint8Array) {
  const account = await stakingLedger(client, who);
  const { ledger } = account;
  return {
    account: typeof who === 'string' ? who : toSs58(who),
    bonded: (ledger?.total ?? 0n).toString(),
    active: (ledger?.active ?? 0n).toString(),
    unlocking: (ledger?.unlocking ?? []).map((c) => ({ value: c.value.toString(), era: c.era })),
    role:
      account.validator !== undefined
        ? { validator: { consensusKey: toHex(account.validator.consensusKey), commission: account.validator.commission } }
        : account.gatekeeper !== undefined
          ? { gatekeeper: { worker: toHex(account.gatekeeper) } }
          : account.nominations !== undefined
            ? { nominator: { targets: account.nominations.map((t) => toSs58(t)) } }
            : null,
  };
}

async function showEra(client: PhalanxClient) {
  const [era, validators, gatekeepers, candidates] = await Promise.all([
    currentEra(client),
    electedValidators(client),
    electedGatekeepers(client),
    stakingCandidates(client),
  ]);
  const exposure = (e: { total: bigint; own: bigint; others: readonly (readonly [Uint8Array, bigint])[] } | undefined) =>
    e === undefined
      ? null
      : { total: e.total.toString(), own: e.own.toString(), nominators: e.others.map(([w, v]) => [toSs58(w), v.toString()]) };
  return {
    era: era.era,
    start: era.start,
    nextBoundary: era.nextBoundary ?? null,
    params: Object.fromEntries(Object.entries(era.params).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
    validators: validators.map((v) => ({
      account: toSs58(v.stash),
      consensusKey: toHex(v.consensusKey),
      commission: v.commission,
      exposure: exposure(v.exposure),
    })),
    gatekeepers: gatekeepers.map((g) => ({
      account: toSs58(g.stash),
      worker: toHex(g.identity),
      exposure: exposure(g.exposure),
    })),
    candidates: {
      validators: candidates.validators.map((c) => ({
        account: toSs58(c.who),
        consensusKey: toHex(c.consensusKey),
        commission: c.commission,
        active: c.active.toString(),
      })),
      gatekeepers: candidates.gatekeepers.map((c) => ({
        account: toSs58(c.who),
        worker: toHex(c.identity),
        active: c.active.toString(),
      })),
    },
  };
}
