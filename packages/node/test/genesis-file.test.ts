// Genesis files (phalanx-genesis/v1): a chain's genesis config survives the file exactly (the same
// genesis hash, every field: validators with VRF keys, registry settings, stake-pool parameters),
// and malformed files are refused naming the field. (`writeGenesisFile` also refuses a config that
// does not read back as the same chain, so a field added to GenesisConfig and not to the format
// fails at `testnet init`, not later as a mismatch between validators.)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cryptoReady, keypairFromUri } from '@phalanx/crypto';
import { type GenesisConfig, genesisBlock } from '@phalanx/runtime';
import { genesisFromJson, genesisToJson, readGenesisFile, writeGenesisFile } from '../src/genesis-file.js';
import { dev, key, removeDir, tempDir } from './helpers.js';

let full: GenesisConfig;
before(async () => {
  await cryptoReady();
  full = {
    ...dev(),
    authorities: [],
    validators: [
      {
        consensusKey: keypairFromUri('//V1', 'ed25519').publicKey,
        power: 10n,
        operator: key('Ferdie').publicKey,
        vrfKey: key('Eve').publicKey,
      },
    ],
    stakePool: { minWorkerStake: 5_000n, withdrawCooldown: 7 },
    democracy: { launchPeriod: 6, minimumDeposit: 123n },
    council: {
      members: [key('Alice').publicKey, key('Bob').publicKey],
      params: { motionDuration: 9, termDuration: 30, desiredMembers: 3, candidacyBond: 77n },
    },
    treasury: { feeShare: 200_000, slashShare: 500_000, proposalBondMinimum: 42n, spendPeriod: 12 },
    threshold: { t: 2, n: 3, phaseBlocks: 5, refreshPeriod: 100 },
    staking: {
      params: { validatorCount: 1, eraLength: 20, bondingDuration: 2, minValidatorBond: 10n, eraReward: 1_000n, powerUnit: 100n },
      bonds: [
        { account: key('Ferdie').publicKey, value: 5_000n },
        { account: key('Eve').publicKey, value: 3_000n },
      ],
      validators: [
        { account: key('Ferdie').publicKey, consensusKey: keypairFromUri('//V1', 'ed25519').publicKey, commission: 50_000 },
      ],
      nominators: [{ account: key('Eve').publicKey, targets: [key('Ferdie').publicKey] }],
    },
  };
});

describe('genesis files', () => {
  test('a config survives the file: the same genesis hash, field by field', () => {
    const dir = tempDir('phalanx-genesis-file-');
    try {
      const path = join(dir, 'genesis.json');
      writeGenesisFile(path, full);
      const read = readGenesisFile(path);
      assert.deepEqual(genesisBlock(read).hash, genesisBlock(full).hash);
      assert.deepEqual(read.stakePool, full.stakePool);
      assert.deepEqual(read.validators, full.validators);
      assert.deepEqual(read.registry, full.registry);
      assert.deepEqual(read.democracy, full.democracy);
      assert.deepEqual(read.council, full.council);
      assert.deepEqual(read.treasury, full.treasury);
      assert.deepEqual(read.threshold, full.threshold);
      assert.deepEqual(read.staking, full.staking);
    } finally {
      removeDir(dir);
    }
  });

  test('malformed files are refused, naming what is wrong', () => {
    const good = JSON.parse(JSON.stringify(genesisToJson(full))) as Record<string, unknown>;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['format', { ...good, format: 'other' }, /format/],
      ['timestamp', { ...good, timestamp: 12 }, /timestamp must be a decimal integer string/],
      ['balances', { ...good, balances: [['0x00', '1']] }, /balances\[0\]\[0\] must be 0x-prefixed hex of 32 bytes/],
      [
        'validator power',
        { ...good, validators: [{ ...(good.validators as object[])[0], power: '-1' }] },
        /validators\[0\]\.power/,
      ],
      ['stake pool', { ...good, stakePool: { minWorkerStake: '1', withdrawCooldown: -1 } }, /stakePool\.withdrawCooldown/],
      ['council member', { ...good, council: { members: ['0x01'] } }, /council\.members\[0\] must be 0x-prefixed hex/],
      ['council bond', { ...good, council: { members: [], params: { candidacyBond: 5 } } }, /council\.params\.candidacyBond/],
      ['council field', { ...good, council: { members: [], seats: 3 } }, /council\.seats is not a known field/],
      ['treasury share', { ...good, treasury: { feeShare: '1' } }, /treasury\.feeShare must be an integer/],
      ['treasury field', { ...good, treasury: { pot: '1' } }, /treasury\.pot is not a known field/],
      ['threshold field', { ...good, threshold: { shares: 3 } }, /threshold\.shares is not a known field/],
      ['democracy', { ...good, democracy: { minimumDeposit: 1 } }, /democracy\.minimumDeposit/],
      ['staking param', { ...good, staking: { params: { eraReward: 5 } } }, /staking\.params\.eraReward/],
      ['staking bond', { ...good, staking: { bonds: [{ account: '0x00', value: '1' }] } }, /staking\.bonds\[0\]\.account/],
    ];
    for (const [what, json, message] of cases) {
      assert.throws(
        () => genesisFromJson(json),
        (error: unknown) => (error as { code?: string }).code === 'INVALID_INPUT' && message.test((error as Error).message),
        what,
      );
    }
  });
});
