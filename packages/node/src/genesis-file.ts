import { readFileSync, writeFileSync } from 'node:fs';
import { equalBytes, fromHex, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type GenesisConfig, genesisBlock } from '@phalanx/runtime';

/** A genesis file is small: a few hundred accounts and validators at most. */
const MAX_GENESIS_FILE_BYTES = 4 << 20;
const FORMAT = 'phalanx-genesis/v1';

type Json = Record<string, unknown>;

const bad = (path: string, what: string) => new PhalanxError('INVALID_INPUT', `genesis file: ${path} ${what}`);

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(path, 'must be an object');
  return value as Json;
}

function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value) || value.length > max) throw bad(path, `must be an array of at most ${max} items`);
  return value;
}

function bytes(value: unknown, path: string, length: number): Uint8Array {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]*$/.test(value) || value.length !== 2 + 2 * length) {
    throw bad(path, `must be 0x-prefixed hex of ${length} bytes`);
  }
  return fromHex(value);
}

function integer(value: unknown, path: string): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(value)) throw bad(path, 'must be a decimal integer string');
  return BigInt(value);
}

function small(value: unknown, path: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw bad(path, `must be an integer 0..${max}`);
  return value;
}

/**
 * A chain's genesis as a JSON file (`phalanx testnet init` writes it; every validator's node and
 * every pRuntime's host read the same file): bytes as 0x hex, big integers as decimal strings. The
 * runtime validates the meaning (genesis.ts); this checks the shape and names what is wrong.
 */
export function genesisFromJson(json: unknown): GenesisConfig {
  const root = object(json, '(root)');
  if (root.format !== FORMAT) throw bad('format', `must be "${FORMAT}"`);
  if (typeof root.chainName !== 'string') throw bad('chainName', 'must be a string');
  const balances = array(root.balances, 'balances', 10_000).map((entry, i) => {
    const pair = array(entry, `balances[${i}]`, 2);
    return [bytes(pair[0], `balances[${i}][0]`, 32), integer(pair[1], `balances[${i}][1]`)] as const;
  });
  const config: GenesisConfig = {
    chainName: root.chainName,
    timestamp: integer(root.timestamp, 'timestamp'),
    authorities: array(root.authorities ?? [], 'authorities', 100).map((key, i) => bytes(key, `authorities[${i}]`, 32)),
    balances,
    validators: array(root.validators ?? [], 'validators', 100).map((entry, i) => {
      const validator = object(entry, `validators[${i}]`);
      return {
        consensusKey: bytes(validator.consensusKey, `validators[${i}].consensusKey`, 32),
        power: integer(validator.power, `validators[${i}].power`),
        operator: bytes(validator.operator, `validators[${i}].operator`, 32),
        ...(validator.vrfKey === undefined ? {} : { vrfKey: bytes(validator.vrfKey, `validators[${i}].vrfKey`, 32) }),
      };
    }),
    ...(root.sudo === undefined ? {} : { sudo: bytes(root.sudo, 'sudo', 32) }),
    ...(root.registry === undefined ? {} : { registry: registryFromJson(object(root.registry, 'registry')) }),
    ...(root.stakePool === undefined ? {} : { stakePool: stakePoolFromJson(object(root.stakePool, 'stakePool')) }),
    ...(root.democracy === undefined ? {} : { democracy: democracyFromJson(object(root.democracy, 'democracy')) }),
    ...(root.council === undefined ? {} : { council: councilFromJson(object(root.council, 'council')) }),
    ...(root.treasury === undefined ? {} : { treasury: treasuryFromJson(object(root.treasury, 'treasury')) }),
    ...(root.staking === undefined ? {} : { staking: stakingFromJson(object(root.staking, 'staking')) }),
    ...(root.threshold === undefined
      ? {}
      : {
          threshold: fields<ThresholdGenesis>(
            object(root.threshold, 'threshold'),
            'threshold',
            ['t', 'n', 'phaseBlocks', 'refreshPeriod'],
            [],
          ),
        }),
  };
  return config;
}

const U32 = 0xffff_ffff;

/** Copies the listed fields that are present: small ones as numbers, big ones as decimal strings. */
function fields<T>(json: Json, path: string, small32: readonly string[], big: readonly string[]): Partial<T> {
  const known = new Set([...small32, ...big]);
  for (const name of Object.keys(json)) if (!known.has(name)) throw bad(`${path}.${name}`, 'is not a known field');
  const out: Record<string, number | bigint> = {};
  for (const name of small32) if (json[name] !== undefined) out[name] = small(json[name], `${path}.${name}`, U32);
  for (const name of big) if (json[name] !== undefined) out[name] = integer(json[name], `${path}.${name}`);
  return out as Partial<T>;
}

type DemocracyGenesis = NonNullable<GenesisConfig['democracy']>;
const DEMOCRACY_SMALL = ['launchPeriod', 'votingPeriod', 'enactmentPeriod', 'maxProposals', 'maxVotesPerAccount'] as const;

function democracyFromJson(json: Json): DemocracyGenesis {
  return fields<DemocracyGenesis>(json, 'democracy', DEMOCRACY_SMALL, ['minimumDeposit']);
}

type CouncilGenesis = NonNullable<GenesisConfig['council']>;
type CouncilParamsGenesis = NonNullable<CouncilGenesis['params']>;
const COUNCIL_SMALL = ['motionDuration', 'termDuration', 'desiredMembers'] as const;

function councilFromJson(json: Json): CouncilGenesis {
  for (const name of Object.keys(json))
    if (name !== 'members' && name !== 'params') throw bad(`council.${name}`, 'is not a known field');
  const members = array(json.members, 'council.members', 13).map((key, i) => bytes(key, `council.members[${i}]`, 32));
  if (json.params === undefined) return { members };
  const params = fields<CouncilParamsGenesis>(object(json.params, 'council.params'), 'council.params', COUNCIL_SMALL, [
    'candidacyBond',
  ]);
  return { members, params };
}

type ThresholdGenesis = NonNullable<GenesisConfig['threshold']>;
type TreasuryGenesis = NonNullable<GenesisConfig['treasury']>;
const TREASURY_SMALL = ['feeShare', 'slashShare', 'proposalBond', 'spendPeriod', 'burn'] as const;

function treasuryFromJson(json: Json): TreasuryGenesis {
  return fields<TreasuryGenesis>(json, 'treasury', TREASURY_SMALL, ['proposalBondMinimum']);
}

/** A partial parameter set as JSON: numbers stay numbers, bigints become decimal strings. */
function paramsToJson(params: object): Json {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v]));
}

const STAKING_NUMBERS = ['validatorCount', 'gatekeeperCount', 'eraLength', 'bondingDuration', 'offenceSlash'] as const;
const STAKING_BALANCES = ['minNominatorBond', 'minValidatorBond', 'eraReward', 'powerUnit'] as const;

/** `staking`: every parameter optional (defaults: off), bonds, validator candidacies, nominations. */
function stakingFromJson(json: Json): NonNullable<GenesisConfig['staking']> {
  for (const name of Object.keys(json))
    if (!['params', 'bonds', 'validators', 'nominators'].includes(name)) throw bad(`staking.${name}`, 'is not a known field');
  const parsed = fields<NonNullable<NonNullable<GenesisConfig['staking']>['params']>>(
    object(json.params ?? {}, 'staking.params'),
    'staking.params',
    STAKING_NUMBERS,
    STAKING_BALANCES,
  );
  return {
    params: parsed,
    bonds: array(json.bonds ?? [], 'staking.bonds', 10_000).map((entry, i) => {
      const bond = object(entry, `staking.bonds[${i}]`);
      return {
        account: bytes(bond.account, `staking.bonds[${i}].account`, 32),
        value: integer(bond.value, `staking.bonds[${i}].value`),
      };
    }),
    validators: array(json.validators ?? [], 'staking.validators', 1000).map((entry, i) => {
      const v = object(entry, `staking.validators[${i}]`);
      return {
        account: bytes(v.account, `staking.validators[${i}].account`, 32),
        consensusKey: bytes(v.consensusKey, `staking.validators[${i}].consensusKey`, 32),
        commission: small(v.commission, `staking.validators[${i}].commission`, 1_000_000),
      };
    }),
    nominators: array(json.nominators ?? [], 'staking.nominators', 10_000).map((entry, i) => {
      const n = object(entry, `staking.nominators[${i}]`);
      return {
        account: bytes(n.account, `staking.nominators[${i}].account`, 32),
        targets: array(n.targets, `staking.nominators[${i}].targets`, 16).map((t, j) =>
          bytes(t, `staking.nominators[${i}].targets[${j}]`, 32),
        ),
      };
    }),
  };
}

function stakingToJson(staking: NonNullable<GenesisConfig['staking']>): Json {
  return {
    params: paramsToJson(staking.params ?? {}),
    bonds: (staking.bonds ?? []).map((b) => ({ account: toHex(b.account), value: String(b.value) })),
    validators: (staking.validators ?? []).map((v) => ({
      account: toHex(v.account),
      consensusKey: toHex(v.consensusKey),
      commission: v.commission,
    })),
    nominators: (staking.nominators ?? []).map((n) => ({ account: toHex(n.account), targets: n.targets.map(toHex) })),
  };
}

function stakePoolFromJson(json: Json): NonNullable<GenesisConfig['stakePool']> {
  return {
    minWorkerStake: integer(json.minWorkerStake, 'stakePool.minWorkerStake'),
    withdrawCooldown: small(json.withdrawCooldown, 'stakePool.withdrawCooldown', 0xffff_ffff),
  };
}

function registryFromJson(registry: Json): NonNullable<GenesisConfig['registry']> {
  const attestation = object(registry.attestation, 'registry.attestation');
  if (typeof attestation.allowSim !== 'boolean') throw bad('registry.attestation.allowSim', 'must be true or false');
  const heartbeat = registry.heartbeat === undefined ? undefined : object(registry.heartbeat, 'registry.heartbeat');
  return {
    attestation: {
      allowSim: attestation.allowSim,
      simSigners: array(attestation.simSigners, 'registry.attestation.simSigners', 16).map((key, i) =>
        bytes(key, `registry.attestation.simSigners[${i}]`, 32),
      ),
      maxConfidenceLevel: small(attestation.maxConfidenceLevel, 'registry.attestation.maxConfidenceLevel', 255),
    },
    measurements: array(registry.measurements, 'registry.measurements', 1000).map((m, i) =>
      bytes(m, `registry.measurements[${i}]`, 32),
    ),
    ...(heartbeat === undefined
      ? {}
      : {
          heartbeat: {
            challengeInterval: small(heartbeat.challengeInterval, 'registry.heartbeat.challengeInterval', 0xffff_ffff),
            window: small(heartbeat.window, 'registry.heartbeat.window', 0xffff_ffff),
          },
        }),
  };
}

export function genesisToJson(config: GenesisConfig): Json {
  const { registry } = config;
  return {
    format: FORMAT,
    chainName: config.chainName,
    timestamp: String(config.timestamp),
    authorities: config.authorities.map(toHex),
    ...(config.sudo === undefined ? {} : { sudo: toHex(config.sudo) }),
    balances: config.balances.map(([who, free]) => [toHex(who), String(free)]),
    validators: (config.validators ?? []).map((v) => ({
      consensusKey: toHex(v.consensusKey),
      power: String(v.power),
      operator: toHex(v.operator),
      ...(v.vrfKey === undefined ? {} : { vrfKey: toHex(v.vrfKey) }),
    })),
    ...(config.stakePool === undefined
      ? {}
      : {
          stakePool: {
            minWorkerStake: String(config.stakePool.minWorkerStake),
            withdrawCooldown: config.stakePool.withdrawCooldown,
          },
        }),
    ...(config.democracy === undefined ? {} : { democracy: paramsToJson(config.democracy) }),
    ...(config.council === undefined
      ? {}
      : {
          council: {
            members: config.council.members.map(toHex),
            ...(config.council.params === undefined ? {} : { params: paramsToJson(config.council.params) }),
          },
        }),
    ...(config.treasury === undefined ? {} : { treasury: paramsToJson(config.treasury) }),
    ...(config.staking === undefined ? {} : { staking: stakingToJson(config.staking) }),
    ...(config.threshold === undefined ? {} : { threshold: paramsToJson(config.threshold) }),
    ...(registry === undefined
      ? {}
      : {
          registry: {
            attestation: { ...registry.attestation, simSigners: registry.attestation.simSigners.map(toHex) },
            measurements: registry.measurements.map(toHex),
            ...(registry.heartbeat === undefined ? {} : { heartbeat: { ...registry.heartbeat } }),
          },
        }),
  };
}

export function readGenesisFile(path: string): GenesisConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PhalanxError('NOT_FOUND', `cannot read the genesis file ${path}`, { cause });
  }
  if (text.length > MAX_GENESIS_FILE_BYTES) throw new PhalanxError('INVALID_INPUT', `the genesis file ${path} is too large`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PhalanxError('INVALID_INPUT', `the genesis file ${path} is not JSON`, { cause });
  }
  return genesisFromJson(json);
}

/**
 * Writes `config` as a genesis file, after checking it reads back as the same chain (same genesis
 * hash): a field this format forgot would otherwise give every reader another chain.
 */
export function writeGenesisFile(path: string, config: GenesisConfig): void {
  const json = genesisToJson(config);
  const again = genesisFromJson(JSON.parse(JSON.stringify(json)));
  if (!equalBytes(genesisBlock(again).hash, genesisBlock(config).hash)) {
    throw new PhalanxError('INTERNAL', 'this genesis does not survive its file format (a field is not written): not writing it');
  }
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}
