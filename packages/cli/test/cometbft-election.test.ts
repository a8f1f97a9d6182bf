// An NPoS election changes the CometBFT validator set, and CometBFT follows it (issue 12): four
// validators from `phalanx testnet init --validator-count 3`, each operator bonded and standing at
// genesis. The first era elects three (the fourth, last in candidacy order on a tie, leaves
// CometBFT's set); then Dave bonds and nominates the fourth through `phalanx stake`, and the next
// era brings it back with his backing as voting power while the least-backed one leaves. The chain
// keeps finalizing through both changes, every validator agreeing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri, toSs58 } from '@phalanx/crypto';
import { readGenesisFile } from '@phalanx/node';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { cometbftInstalled, initTestnetOnFreePorts, stopDevnet } from './devnet-fixture.js';
import { bin, runCli, until } from './helpers.js';

interface CometValidator {
  address: string;
  voting_power: string;
  pub_key: { value: string };
}

describe('an NPoS election changes the CometBFT validator set', {
  skip: !cometbftInstalled && 'CometBFT is not installed',
  timeout: 600_000,
}, () => {
  let dir: string;
  let rpcPort: number;
  let cometbftPort: number;
  const children: ChildProcess[] = [];
  let client: PhalanxClient;
  const rpc = () => `ws://127.0.0.1:${rpcPort}`;
  const cometRpc = (i: number) => `http://127.0.0.1:${cometbftPort + 10 * (i - 1) + 1}`;

  /** CometBFT's own view: the validator set at its latest height, by base64 ed25519 key → power. */
  const cometValidators = async (i: number): Promise<Map<string, bigint>> => {
    const body = (await fetch(`${cometRpc(i)}/validators?per_page=100`).then((r) => r.json())) as {
      result: { validators: CometValidator[] };
    };
    return new Map(body.result.validators.map((v) => [v.pub_key.value, BigInt(v.voting_power)]));
  };
  const finalized = async () => (await client.header(await client.rpc.request<string>('chain_getFinalizedHead')))?.number ?? 0;
  const stake = async (args: string[]) => {
    const result = await runCli(['stake', ...args, '--rpc', rpc(), '--json']);
    assert.equal(result.code, 0, `stake ${args[0]}: ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-election-'));
    ({ rpcPort, cometbftPort } = await initTestnetOnFreePorts(dir, 4, ['--validator-count', '3', '--era-length', '12']));
    for (let i = 1; i <= 4; i++) {
      const home = join(dir, `validator-${i}`);
      children.push(spawn(process.execPath, [bin, 'node', '--consensus', 'cometbft', '--home', home], { stdio: 'ignore' }));
    }
    await until(
      'validator 1 answers',
      async () => {
        try {
          client = await connect(rpc());
          return true;
        } catch {
          return false;
        }
      },
      120_000,
    );
    await until('the network to finalize blocks', async () => (await finalized()) >= 2, 120_000);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    // Gracefully: each validator stops its CometBFT and waits for it, so no CometBFT is still
    // writing into its home (config/addrbook) while the directory is removed.
    await Promise.all(children.map(stopDevnet));
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('the elected set becomes CometBFT’s, with backing as voting power', async () => {
    const genesis = readGenesisFile(join(dir, 'genesis.json'));
    const keys = (genesis.validators ?? []).map((v) => Buffer.from(v.consensusKey).toString('base64'));
    assert.equal(keys.length, 4);
    assert.equal((await cometValidators(1)).size, 4, 'the genesis set is all four');

    // Era 1: three of four equal candidates; the tie goes to the earlier candidacies.
    await until(
      'the first election to leave validator 4 out',
      async () => {
        const set = await cometValidators(1);
        return set.size === 3 && !set.has(keys[3] as string);
      },
      180_000,
    );
    const era = await stake(['era']);
    assert.equal(era.validators.length, 3);

    // Dave backs validator 4 with more than any other has: it comes back, with that power.
    const dave = '//Dave';
    await stake(['bond', '200000PHA', '--suri', dave]);
    const v4 = toSs58(keypairFromUri('//Validator4').publicKey);
    await stake(['nominate', v4, '--suri', dave]);
    const shown = await stake(['show', toSs58(keypairFromUri(dave).publicKey)]);
    assert.deepEqual(shown.role, { nominator: { targets: [v4] } });
    await until(
      'the next election to bring validator 4 back with Dave’s backing',
      async () => {
        const set = await cometValidators(1);
        return set.get(keys[3] as string) === 30n && set.size === 3;
      },
      180_000,
    );
    const set = await cometValidators(1);
    assert.equal(set.has(keys[2] as string), false, 'the least-backed (last on the tie) left');
    const consensus = await client.rpc.request<{ validators: { power: string }[] }>('phalanx_consensus');
    assert.deepEqual(consensus.validators.map((v) => v.power).sort(), ['10', '10', '30'], 'the runtime agrees with CometBFT');

    // Blocks are still finalized by the new set, and every node (validator 3 now a full node) agrees.
    const now = await finalized();
    await until('more blocks finalized by the new set', async () => (await finalized()) >= now + 3, 120_000);
    const hash = await client.rpc.request<string>('chain_getBlockHash', [now + 2]);
    for (const port of [cometbftPort + 13, cometbftPort + 23, cometbftPort + 33]) {
      const other = await connect(`ws://127.0.0.1:${port}`);
      try {
        await until(
          'the node to reach it',
          async () => (await other.header())?.number !== undefined && ((await other.header())?.number ?? 0) >= now + 2,
        );
        assert.equal(await other.rpc.request<string>('chain_getBlockHash', [now + 2]), hash);
      } finally {
        await other.close();
      }
    }
  });
});
