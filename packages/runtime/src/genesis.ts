import { DEV_ACCOUNTS, devKeypair } from '@phalanx/crypto';
import { assertBytes, assertString, PhalanxError } from '@phalanx/errors';
import { UNIT } from './constants.js';
import { Balances } from './pallets/balances/storage.js';
import { buildConsensusGenesis, type GenesisValidator } from './pallets/consensus/genesis.js';
import { Consensus } from './pallets/consensus/storage.js';
import { buildCouncilGenesis, type CouncilGenesisConfig } from './pallets/council/genesis.js';
import { buildDemocracyGenesis } from './pallets/democracy/genesis.js';
import type { DemocracyParams } from './pallets/democracy/types.js';
import { chainIdOf } from './pallets/mq/chain-id.js';
import { Mq } from './pallets/mq/storage.js';
import { buildRegistryGenesis, devRegistryGenesis, type RegistryGenesisConfig } from './pallets/registry/genesis.js';
import { buildStakePoolGenesis } from './pallets/stake-pool/genesis.js';
import type { StakePoolParams } from './pallets/stake-pool/set-params.js';
import { DEFAULT_STAKE_POOL_PARAMS } from './pallets/stake-pool/types.js';
import { buildStakingGenesis, type StakingGenesisConfig } from './pallets/staking/genesis.js';
import { Sudo } from './pallets/sudo/storage.js';
import { System } from './pallets/system/storage.js';
import { buildThresholdGenesis } from './pallets/threshold/genesis.js';
import type { ThresholdParams } from './pallets/threshold/types.js';
import { Timestamp } from './pallets/timestamp/storage.js';
import { buildTreasuryGenesis } from './pallets/treasury/genesis.js';
import type { TreasuryParams } from './pallets/treasury/types.js';
import { MapState, Overlay } from './state/overlay.js';

/** Everything that makes a chain's first state; its hash (through the genesis header) names the chain. */
export interface GenesisConfig {
  readonly chainName: string;
  /** Genesis time, ms since the Unix epoch: the first block's timestamp must be later. */
  readonly timestamp: bigint;
  /** sr25519 keys allowed to author blocks (the dev engine). */
  readonly authorities: readonly Uint8Array[];
  /** The CometBFT validator set (ed25519 consensus keys); absent on a dev chain. */
  readonly validators?: readonly GenesisValidator[];
  readonly sudo?: Uint8Array;
  readonly balances: ReadonlyArray<readonly [Uint8Array, bigint]>;
  /** Attestation policy and measurement allow-list; without it no simulator is trusted and nothing is allowed. */
  readonly registry?: RegistryGenesisConfig;
  /** Stake-pool chain parameters (absent: no minimum stake, a 100-block cooldown). */
  readonly stakePool?: StakePoolParams;
  /** Democracy's parameters; absent: the dev defaults (`DEFAULT_DEMOCRACY_PARAMS`). */
  readonly democracy?: Partial<DemocracyParams>;
  /** The council's seeded members (at most 13) and parameters; absent: no council, the dev defaults. */
  readonly council?: CouncilGenesisConfig;
  /** The treasury's parameters; absent: the defaults (`DEFAULT_TREASURY_PARAMS`). The pot starts empty. */
  readonly treasury?: Partial<TreasuryParams>;
  /** NPoS staking: parameters and initial bonds and candidacies; absent: elections off (eraLength 0). */
  readonly staking?: StakingGenesisConfig;
  /** The threshold MasterKey (t of the gatekeepers); absent: t = 0, one whole-key MasterKey. */
  readonly threshold?: Partial<ThresholdParams>;
}

/**
 * The development chain: //Alice … //Ferdie funded with 1,000,000 PHA each, Alice is sudo and author;
 * simulated TEE reports by the dev simulator key are accepted for `simMeasurements`.
 */
export function devGenesisConfig(timestamp = 1_700_000_000_000n, simMeasurements?: readonly Uint8Array[]): GenesisConfig {
  const alice = devKeypair('Alice').publicKey;
  return {
    chainName: 'Phalanx Development',
    timestamp,
    authorities: [alice],
    sudo: alice,
    balances: DEV_ACCOUNTS.map((name) => [devKeypair(name).publicKey, 1_000_000n * UNIT] as const),
    registry: devRegistryGenesis(simMeasurements),
    // No minimum stake: the devnet forms its clusters of unstaked workers by sudo.
    stakePool: { minWorkerStake: 0n, withdrawCooldown: 10 },
  };
}

/** The genesis state as a plain map. */
export function buildGenesisState(config: GenesisConfig): MapState {
  assertString(config.chainName, 'chainName', 64);
  const validators = config.validators ?? [];
  if (config.authorities.length === 0 && validators.length === 0) {
    throw new PhalanxError('INVALID_INPUT', 'genesis needs at least one authority or one validator');
  }
  const base = new MapState();
  const state = new Overlay(base);
  System.ChainName.set(state, config.chainName);
  System.Number.set(state, 0);
  Timestamp.Now.set(state, config.timestamp);
  for (const [i, key] of config.authorities.entries()) assertBytes(key, `authorities[${i}]`, 32);
  Consensus.Authorities.set(state, [...config.authorities]);
  buildConsensusGenesis(state, validators);
  if (config.sudo !== undefined) Sudo.Key.set(state, config.sudo);
  let issuance = 0n;
  for (const [who, free] of config.balances) {
    issuance += free;
    if (issuance >= 1n << 128n) throw new PhalanxError('INVALID_INPUT', 'genesis balances add up to more than 2^128 - 1');
    assertBytes(who, 'balances account', 32);
    if (free <= 0n) throw new PhalanxError('INVALID_INPUT', 'genesis balances must be positive');
    System.Account.set(state, who, { nonce: 0, free, reserved: 0n });
  }
  Balances.TotalIssuance.set(state, issuance);
  buildStakePoolGenesis(state, config.stakePool ?? DEFAULT_STAKE_POOL_PARAMS);
  buildDemocracyGenesis(state, config.democracy);
  buildCouncilGenesis(state, config.council);
  buildTreasuryGenesis(state, config.treasury);
  buildThresholdGenesis(state, config.threshold);
  Mq.ChainId.set(state, chainIdOf(config.chainName, config.timestamp));
  if (config.registry !== undefined) buildRegistryGenesis(state, config.registry);
  if (config.staking !== undefined) {
    buildStakingGenesis(
      state,
      config.staking,
      validators.map((v) => v.consensusKey),
    );
  }
  base.apply(state.changes());
  return base;
}
