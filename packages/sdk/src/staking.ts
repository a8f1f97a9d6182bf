import {
  DEFAULT_STAKING_PARAMS,
  type EraGatekeeper,
  type EraValidator,
  type Exposure,
  type RuntimeCall,
  Staking,
  type StakingLedger,
  type StakingParams,
  type StateReader,
} from '@phalanx/runtime';
import { accountId, type PhalanxClient } from './client.js';

type Inner = Extract<RuntimeCall, { tag: 'Staking' }>['value'];
const call = (inner: Inner): RuntimeCall => ({ tag: 'Staking', value: inner });

/** The staking calls, for `client.signAndSubmit`. Amounts in planck; commission in parts per million. */
export const stakingCalls = {
  /** Bonds (holds) `value` of the signer's free balance. */
  bond: (value: bigint) => call({ tag: 'bond', value: { value } }),
  bondExtra: (value: bigint) => call({ tag: 'bondExtra', value: { value } }),
  /** Stops `value` counting; withdrawable `bondingDuration` eras later with `withdrawUnbonded`. */
  unbond: (value: bigint) => call({ tag: 'unbond', value: { value } }),
  withdrawUnbonded: () => call({ tag: 'withdrawUnbonded', value: null }),
  /** Validator candidacy with the ed25519 key CometBFT knows. */
  validate: (consensusKey: Uint8Array, commission: number) => call({ tag: 'validate', value: { consensusKey, commission } }),
  /** Gatekeeper candidacy with a registered worker (identity key) the signer operates. */
  candidateGatekeeper: (identity: Uint8Array) => call({ tag: 'candidateGatekeeper', value: { identity } }),
  /** Nominates up to 16 candidates (accounts or SS58 addresses). */
  nominate: (targets: readonly (string | Uint8Array)[]) => call({ tag: 'nominate', value: { targets: targets.map(accountId) } }),
  chill: () => call({ tag: 'chill', value: null }),
  /** Root (through sudo or democracy): the chain parameters. */
  setParams: (params: StakingParams) => call({ tag: 'setParams', value: { params } }),
};

type Readable<K, V> = { keyOf(k: K): Uint8Array; get(s: StateReader, k: K): V | undefined };
type ReadableValue<V> = { key: Uint8Array; get(s: StateReader): V | undefined };

async function read<K, V>(client: PhalanxClient, map: Readable<K, V>, key: K): Promise<V | undefined> {
  const raw = await client.storage(map.keyOf(key));
  return map.get({ get: () => raw }, key);
}

async function readValue<V>(client: PhalanxClient, item: ReadableValue<V>): Promise<V | undefined> {
  const raw = await client.storage(item.key);
  return item.get({ get: () => raw });
}

/** An account's staking: its ledger and its role (validator, gatekeeper, nominator, or none). */
export interface StakingAccount {
  readonly ledger: StakingLedger | undefined;
  readonly validator?: { readonly consensusKey: Uint8Array; readonly commission: number };
  readonly gatekeeper?: Uint8Array;
  readonly nominations?: Uint8Array[];
}

/** The ledger and role of `who` (ledger undefined: nothing bonded). */
export async function stakingLedger(client: PhalanxClient, who: string | Uint8Array): Promise<StakingAccount> {
  const account = accountId(who);
  const [ledger, validator, gatekeeper, nomination] = await Promise.all([
    read(client, Staking.Ledger, account),
    read(client, Staking.Validators, account),
    read(client, Staking.Gatekeepers, account),
    read(client, Staking.Nominators, account),
  ]);
  return {
    ledger,
    ...(validator === undefined ? {} : { validator }),
    ...(gatekeeper === undefined ? {} : { gatekeeper }),
    ...(nomination === undefined ? {} : { nominations: nomination.targets }),
  };
}

/** The current era, when it began, when the next begins (undefined: eras off) and the parameters. */
export async function currentEra(
  client: PhalanxClient,
): Promise<{ era: number; start: number; nextBoundary: number | undefined; params: StakingParams }> {
  const [era, start, params] = await Promise.all([
    readValue(client, Staking.CurrentEra),
    readValue(client, Staking.EraStart),
    readValue(client, Staking.Params),
  ]);
  const p = params ?? DEFAULT_STAKING_PARAMS;
  const begun = start ?? 0;
  return { era: era ?? 0, start: begun, nextBoundary: p.eraLength === 0 ? undefined : begun + p.eraLength, params: p };
}

export type ElectedValidator = EraValidator & { readonly exposure: Exposure | undefined };
export type ElectedGatekeeper = EraGatekeeper & { readonly exposure: Exposure | undefined };

/** The validators elected for `era` (default: the current one), in election order, with their exposures. */
export async function electedValidators(client: PhalanxClient, era?: number): Promise<ElectedValidator[]> {
  const e = era ?? (await currentEra(client)).era;
  const list = (await read(client, Staking.ErasValidators, e)) ?? [];
  return Promise.all(
    list.map(async (v) => ({ ...v, exposure: await read(client, Staking.ErasStakers, [e, v.stash] as [number, Uint8Array]) })),
  );
}

/** The gatekeepers elected for `era` (default: the current one), with their exposures. */
export async function electedGatekeepers(client: PhalanxClient, era?: number): Promise<ElectedGatekeeper[]> {
  const e = era ?? (await currentEra(client)).era;
  const list = (await read(client, Staking.ErasGatekeepers, e)) ?? [];
  return Promise.all(
    list.map(async (g) => ({
      ...g,
      exposure: await read(client, Staking.ErasGatekeeperStakers, [e, g.stash] as [number, Uint8Array]),
    })),
  );
}

/** Every validator and gatekeeper candidate, in candidacy order, with its active bond. */
export async function stakingCandidates(client: PhalanxClient): Promise<{
  validators: { who: Uint8Array; consensusKey: Uint8Array; commission: number; active: bigint }[];
  gatekeepers: { who: Uint8Array; identity: Uint8Array; active: bigint }[];
}> {
  const [validatorList, gatekeeperList] = await Promise.all([
    readValue(client, Staking.ValidatorList),
    readValue(client, Staking.GatekeeperList),
  ]);
  const active = async (who: Uint8Array) => (await read(client, Staking.Ledger, who))?.active ?? 0n;
  const validators = await Promise.all(
    (validatorList ?? []).map(async (who) => {
      const prefs = await read(client, Staking.Validators, who);
      return {
        who,
        consensusKey: prefs?.consensusKey ?? new Uint8Array(32),
        commission: prefs?.commission ?? 0,
        active: await active(who),
      };
    }),
  );
  const gatekeepers = await Promise.all(
    (gatekeeperList ?? []).map(async (who) => ({
      who,
      identity: (await read(client, Staking.Gatekeepers, who)) ?? new Uint8Array(32),
      active: await active(who),
    })),
  );
  return { validators, gatekeepers };
}
