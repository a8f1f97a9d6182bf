// Faults of a CometBFT network made by `phalanx testnet init`, each validator a real
// `phalanx node --consensus cometbft` process (our node + CometBFT) and no supervisor restarting
// them: two of four killed → no new finalized block and no fork while CometBFT keeps trying;
// restarted → the chain resumes, all four agreeing. Then double signing (a second CometBFT
// instance with validator 4's key, as CometBFT's own e2e tests do): the duplicate-vote evidence
// reaches our runtime as a `Consensus.Offence` naming validator 4's operator. `testnet init` gives
// each validator a VRF key (vrf.secret, 0600; public key in our genesis) and vote extensions.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, equalBytes, fromHex, keypairFromUri, sr25519PairFromSeed } from '@phalanx/crypto';
import { readGenesisFile } from '@phalanx/node';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { setTomlValues } from '../src/cometbft/toml.js';
import { cometbftInstalled, initTestnetOnFreePorts, stopDevnet } from './devnet-fixture.js';
import { bin, until } from './helpers.js';

interface ConsensusState {
  round_state: { 'height/round/step': string };
}

describe('faults of a four-validator CometBFT network', {
  skip: !cometbftInstalled && 'CometBFT is not installed',
  timeout: 600_000,
}, () => {
  let dir: string;
  let rpcPort: number;
  let cometbftPort: number;
  const validators = new Map<string, ChildProcess>();
  const clients = new Map<number, PhalanxClient>();

  const rpcOf = (i: number) => (i === 1 ? rpcPort : cometbftPort + 10 * (i - 1) + 3);
  const cometbftRpcOf = (i: number) => `http://127.0.0.1:${cometbftPort + 10 * (i - 1) + 1}`;
  const start = (name: string) => {
    const child = spawn(process.execPath, [bin, 'node', '--consensus', 'cometbft', '--home', join(dir, name)], {
      stdio: 'ignore',
    });
    validators.set(name, child);
  };
  const kill = async (name: string) => {
    const child = validators.get(name) as ChildProcess;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const client = async (i: number): Promise<PhalanxClient> => {
    let found = clients.get(i);
    if (found === undefined) {
      found = await connect(`ws://127.0.0.1:${rpcOf(i)}`);
      clients.set(i, found);
    }
    return found;
  };
  const finalized = async (i: number): Promise<number> => {
    const live = await client(i);
    return (await live.header(await live.rpc.request<string>('chain_getFinalizedHead')))?.number ?? 0;
  };
  const hashAt = async (i: number, height: number) => (await client(i)).rpc.request<string>('chain_getBlockHash', [height]);

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-cometbft-faults-'));
    ({ rpcPort, cometbftPort } = await initTestnetOnFreePorts(dir, 4));
    // Each validator's VRF key: a secret only its owner reads, its public key in our genesis;
    // CometBFT extends votes from height 1.
    const genesis = readGenesisFile(join(dir, 'genesis.json'));
    for (let i = 1; i <= 4; i++) {
      const secret = join(dir, `validator-${i}`, 'vrf.secret');
      assert.equal(statSync(secret).mode & 0o777, 0o600);
      const pair = sr25519PairFromSeed(fromHex(readFileSync(secret, 'utf8').trim()));
      assert.deepEqual(genesis.validators?.[i - 1]?.vrfKey, pair.publicKey, `validator ${i}'s VRF key is in the genesis`);
      const comet = JSON.parse(readFileSync(join(dir, `validator-${i}`, 'cometbft', 'config', 'genesis.json'), 'utf8'));
      assert.equal(comet.consensus_params.abci.vote_extensions_enable_height, '1');
    }
    for (let i = 1; i <= 4; i++) start(`validator-${i}`);
    await until('the network to finalize blocks', async () => (await finalized(1).catch(() => 0)) >= 3, 120_000);
  });

  after(async () => {
    for (const live of clients.values()) await live.close().catch(() => undefined);
    // Gracefully: each validator stops its CometBFT and waits for it, so none still writes into
    // its home while the directory is removed (a -9 leaves that to the guard, a moment later).
    await Promise.all([...validators.values()].map(stopDevnet));
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('two of four killed: no new finalized block and no fork; restarted: the chain resumes', async () => {
    await kill('validator-3');
    await kill('validator-4');
    // CometBFT keeps trying: the survivors' prevotes for the next height are there, half the power.
    // With less than 2/3 nothing times out either (CometBFT waits for 2/3 of any votes), so after
    // that evidence of a live, stuck round, a few block times more show nothing is finalized.
    let stuck = 0;
    await until(
      'the survivors to prevote a height they cannot commit',
      async () => {
        const response = (await fetch(`${cometbftRpcOf(1)}/consensus_state`).then((r) => r.json())) as {
          result: ConsensusState & { round_state: { height_vote_set: { prevotes_bit_array: string }[] } };
        };
        [stuck] = response.result.round_state['height/round/step'].split('/').map(Number) as [number];
        return response.result.round_state.height_vote_set.some((set) => / = 0\.50$/.test(set.prevotes_bit_array));
      },
      120_000,
    );
    const before = await finalized(1);
    assert.equal(before, stuck - 1, 'stuck at the height after the last finalized one');
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // ten block times: a commit could only come late, never falsely fail
    assert.equal(await finalized(1), before, 'nothing was finalized with half the power');
    assert.equal(await finalized(2), before);
    assert.equal(await hashAt(1, before), await hashAt(2, before), 'no fork');

    start('validator-3');
    start('validator-4');
    await until('the chain to resume', async () => (await finalized(1)) >= before + 2, 120_000);
    for (const i of [3, 4]) clients.delete(i);
    await until('the restarted validators to catch up', async () => (await finalized(3).catch(() => 0)) >= before + 1, 120_000);
    await until('validator-4 too', async () => (await finalized(4).catch(() => 0)) >= before + 1, 120_000);
    const hash = await hashAt(1, before + 1);
    for (const i of [2, 3, 4]) assert.equal(await hashAt(i, before + 1), hash, `validator-${i} agrees on block ${before + 1}`);
  });

  it('double signing with one validator key reaches the runtime as a Consensus.Offence', async () => {
    // A twin of validator 4: the same validator key and genesis, its own node key, ports and data.
    const twin = join(dir, 'validator-4b');
    cpSync(join(dir, 'validator-4'), twin, { recursive: true });
    for (const stale of ['node', join('cometbft', 'data'), join('cometbft', 'config', 'node_key.json'), 'cometbft.log']) {
      rmSync(join(twin, stale), { recursive: true, force: true });
    }
    const base = cometbftPort + 40;
    // A fresh signing state (height 0): the twin signs again at heights validator 4 signed already.
    mkdirSync(join(twin, 'cometbft', 'data'));
    writeFileSync(join(twin, 'cometbft', 'data', 'priv_validator_state.json'), '{"height":"0","round":0,"step":0}');
    const configPath = join(twin, 'cometbft', 'config', 'config.toml');
    writeFileSync(
      configPath,
      setTomlValues(readFileSync(configPath, 'utf8'), [
        ['', 'proxy_app', `tcp://127.0.0.1:${base + 2}`],
        ['', 'moniker', 'validator-4b'],
        ['rpc', 'laddr', `tcp://127.0.0.1:${base + 1}`],
        ['p2p', 'laddr', `tcp://127.0.0.1:${base}`],
      ]),
    );
    writeFileSync(
      join(twin, 'node.json'),
      JSON.stringify({ name: 'validator-4b', rpcPort: base + 3, abciPort: base + 2, cometbftRpcPort: base + 1 }),
    );
    start('validator-4b');
    const operator = keypairFromUri('//Validator4').publicKey;
    const live = await client(1);
    let from = await finalized(1);
    let offence: { offender?: Uint8Array; kind: { tag: string } } | undefined;
    await until(
      'an Offence event for the double signing',
      async () => {
        const head = await finalized(1);
        for (; from <= head && offence === undefined; from++) {
          const hash = await live.rpc.request<string>('chain_getBlockHash', [from]);
          const { events } = await live.blockEvents(hash);
          const found = events.find((record) => record.event.tag === 'Consensus' && record.event.value.tag === 'Offence');
          if (found !== undefined) offence = (found.event.value as unknown as { value: typeof offence }).value;
        }
        return offence !== undefined;
      },
      240_000,
    );
    assert.equal(offence?.kind.tag, 'DuplicateVote');
    assert.ok(offence?.offender !== undefined && equalBytes(offence.offender, operator), "it names validator 4's operator");
  });
});
