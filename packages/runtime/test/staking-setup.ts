// Shared by the staking tests: call builders, a dev chain with staking parameters and a genesis
// validator, blocks carrying CometBFT misbehaviour, and the value checks every test runs.
import assert from 'node:assert/strict';
import { blake2_256, type Keypair, utf8 } from '@phalanx/crypto';
import {
  Balances,
  BlockExecutor,
  DEFAULT_STAKING_PARAMS,
  devGenesisConfig,
  type EventRecord,
  type GenesisConfig,
  type MapState,
  type Misbehaviour,
  type RuntimeCall,
  StakePool,
  Staking,
  type StakingCall,
  type StakingGenesisConfig,
  type StakingParams,
  Treasury,
  UNIT,
  validatorAddress,
} from '../src/index.js';
import { vkey } from './consensus-setup.js';
import { allAccounts } from './helpers.js';
import { dev, expectOk, GENESIS_TIME, kp, TestChain } from './pallet-helpers.js';

type Inner = Parameters<typeof StakingCall.encodeTo>[1];
const call = (inner: Inner): RuntimeCall => ({ tag: 'Staking', value: inner });

export const staking = {
  bond: (value: bigint) => call({ tag: 'bond', value: { value } }),
  bondExtra: (value: bigint) => call({ tag: 'bondExtra', value: { value } }),
  unbond: (value: bigint) => call({ tag: 'unbond', value: { value } }),
  withdrawUnbonded: () => call({ tag: 'withdrawUnbonded', value: null }),
  validate: (consensusKey: Uint8Array, commission = 0) => call({ tag: 'validate', value: { consensusKey, commission } }),
  candidateGatekeeper: (identity: Uint8Array) => call({ tag: 'candidateGatekeeper', value: { identity } }),
  nominate: (targets: Uint8Array[]) => call({ tag: 'nominate', value: { targets } }),
  chill: () => call({ tag: 'chill', value: null }),
  setParams: (params: StakingParams) => call({ tag: 'setParams', value: { params } }),
};

/** Parameters the era tests use: 2 validators, 10-block eras, 2 eras of unbonding. */
export const TEST_PARAMS: StakingParams = {
  ...DEFAULT_STAKING_PARAMS,
  validatorCount: 2,
  eraLength: 10,
  bondingDuration: 2,
  minNominatorBond: 10n * UNIT,
  minValidatorBond: 100n * UNIT,
  eraReward: 1_000n * UNIT,
  offenceSlash: 100_000,
  powerUnit: UNIT,
};

/** Extra funded accounts //Staker0.. (each 100,000 PHA). */
export function staker(i: number): Keypair {
  return kp(`//Staker${i}`);
}

/** A dev chain with staking `params` (and optional initial bonds), one genesis validator vkey(0) run by Alice. */
export function stakingConfig(
  params: Partial<StakingParams> = TEST_PARAMS,
  extra: Omit<StakingGenesisConfig, 'params'> = {},
  stakers = 8,
): GenesisConfig {
  const base = devGenesisConfig(GENESIS_TIME);
  return {
    ...base,
    balances: [...base.balances, ...Array.from({ length: stakers }, (_, i) => [staker(i).publicKey, 100_000n * UNIT] as const)],
    validators: [{ consensusKey: vkey(0), power: 10n, operator: dev.alice.publicKey }],
    staking: { params, ...extra },
  };
}

export function stakingChain(
  params?: Partial<StakingParams>,
  extra?: Omit<StakingGenesisConfig, 'params'>,
  stakers?: number,
): TestChain {
  return new TestChain(stakingConfig(params, extra, stakers));
}

export function ok(chain: TestChain, signer: Keypair, c: RuntimeCall) {
  const result = chain.submit(signer, c);
  expectOk(result);
  return result;
}

/** Runs empty blocks until (and including) block `number`; returns all their events. */
export function runTo(chain: TestChain, number: number, misbehaviour?: readonly Misbehaviour[]): EventRecord[] {
  const events: EventRecord[] = [];
  while (chain.number < number) events.push(...emptyBlock(chain, chain.number + 1 === number ? misbehaviour : undefined));
  return events;
}

/** One block without extrinsics, with CometBFT `misbehaviour` if given. */
export function emptyBlock(chain: TestChain, misbehaviour?: readonly Misbehaviour[]): EventRecord[] {
  chain.number++;
  const env = {
    number: chain.number,
    timestamp: GENESIS_TIME + BigInt(chain.number) * 6000n,
    author: dev.ferdie.publicKey,
    parentHash: blake2_256(utf8(`parent-${chain.number}`)),
    ...(misbehaviour === undefined ? {} : { misbehaviour }),
  };
  const executor = new BlockExecutor(chain.state, env, new Uint8Array(64));
  const { events, changes } = executor.finalize();
  chain.state.apply(changes);
  return events;
}

/** A duplicate vote by the validator with consensus key `key` at `height`. */
export function duplicateVote(key: Uint8Array, height: number): Misbehaviour {
  return { kind: 'DuplicateVote', validatorAddress: validatorAddress(key), height, totalVotingPower: 100n };
}

/**
 * Total issuance = Σ free + Σ reserved + stake-pool value + treasury pot; nothing negative; every ledger's total is
 * its active plus its unlocking, and is held.
 */
export function checkStakingConservation(state: MapState, bonded: readonly Uint8Array[] = []): void {
  const accounts = allAccounts(state);
  for (const [, info] of accounts) assert.ok(info.free >= 0n && info.reserved >= 0n, 'no balance is negative');
  const balances = accounts.reduce((sum, [, info]) => sum + info.free + info.reserved, 0n);
  const pools = StakePool.TotalValue.get(state) ?? 0n;
  const pot = Treasury.Pot.get(state) ?? 0n;
  assert.equal(
    Balances.TotalIssuance.get(state),
    balances + pools + pot,
    'total issuance = Σ free + Σ reserved + pool value + treasury pot',
  );
  for (const who of bonded) {
    const ledger = Staking.Ledger.get(state, who);
    if (ledger === undefined) continue;
    const unlocking = ledger.unlocking.reduce((s, c) => s + c.value, 0n);
    assert.equal(ledger.total, ledger.active + unlocking, 'ledger total = active + unlocking');
    assert.ok((Balances.Held.get(state, who) ?? 0n) >= ledger.total, 'the bond is held');
  }
}

export { vkey };
