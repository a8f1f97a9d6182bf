// Confidential contracts end to end: a real node process, a gatekeeper and two workers (sim TEE)
// in one cluster. Deploy the example private ERC-20 and the vault, call and query them, check that
// a marker stored by a contract appears nowhere on chain or on disk, that replayed and tampered
// commands change nothing, that other accounts' queries are refused, that replicas commit
// identical state, and that a worker added later rebuilds the same state.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  blake2_256,
  cryptoReady,
  devKeypair,
  generateKeypair,
  keypairFromUri,
  type Sr25519Keypair,
  toSs58,
  utf8,
  verifySignature,
} from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { type RunningWorkerHost, startWorkerHost } from '@phalanx/host';
import { openReceipt, sealCommand } from '@phalanx/primitives';
import { Phat, UNIT } from '@phalanx/runtime';
import { type Contract, connect, deploy, type PhalanxClient, queryWorker, receiptKeyFromUri } from '@phalanx/sdk';
import { bundleContract } from '../src/commands/contract.js';
import { filesUnder, freePorts, quiet, runCli, startNodeProcess, until } from './helpers.js';

const EXAMPLES = new URL('../../../../examples/contracts/', import.meta.url);

/** The real ink! bundles of ../shared/fixtures/ink (beside the repository, or beside a worktree one level deeper). */
const INK_FIXTURES =
  process.env.PHALANX_INK_FIXTURES ??
  ['../../../../../shared/fixtures/ink', '../../../../../../shared/fixtures/ink']
    .map((dir) => new URL(dir, import.meta.url).pathname)
    .find((dir) => existsSync(dir)) ??
  'shared/fixtures/ink';

/** The account the CLI processes of these tests sign with (funded in before()). */
const CLI_SURI = '//PhalanxCliTests';

/** A contract whose work grows with its argument. */
const SPIN_CODE = `export default {
  tx: { spin(ctx, n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i) % 7; return x; } },
  query: {},
};`;

/** Ports 30000-32499 (the devnet test takes 20000-29999). */
const freePort = () => freePorts(1, 30_000, 2_500);

describe('confidential contracts end to end', { timeout: 300_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;
  const hosts: RunningWorkerHost[] = [];
  let bob: ReturnType<typeof devKeypair>;
  let charlie: ReturnType<typeof devKeypair>;
  const marker = `MARKER-${randomUUID()}`;
  let token: Contract;

  // Every host signs as an account nobody else here signs with: the gatekeeper as an operator of its
  // own (it asks sudo, once, to allow the build and make it a gatekeeper), so the test's own sudo
  // calls as //Alice never race a host's egress for a nonce.
  const operators: Record<string, string> = { gk: '//GatekeeperOperator', w1: '//Dave', w2: '//Eve', w3: '//Ferdie' };
  const start = async (name: string, gatekeeper = false) => {
    const dataDir = join(dir, name);
    mkdirSync(dataDir);
    const port = await freePort();
    const host = await startWorkerHost({
      rpc,
      dataDir,
      tee: 'sim',
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      operator: keypairFromUri(operators[name] ?? '//Alice'),
      sudo: devKeypair('Alice'),
      log: process.env.PHALANX_TEST_LOG
        ? ({ info: console.log, warn: console.log, error: console.log, debug: () => {} } as typeof quiet)
        : quiet,
      gatekeeper,
      allowPrivateFetch: true, // the oracle test serves its URL on 127.0.0.1
    });
    hosts.push(host);
    return host;
  };
  /**
   * A block, to move the chain on. Seen twice in full CI runs under load (not reproduced alone): the
   * SDK's second attempt refused as TX_STALE/TX_DUPLICATE for a nonce its first attempt had used,
   * i.e. the first was reported failed though it was in the pool or a block. Left open in the
   * issue notes (node watch statuses around block import); here only the block matters.
   */
  const tick = async () => {
    try {
      await client.signAndSubmit(charlie, { tag: 'System', value: { tag: 'remark', value: { remark: utf8('tick') } } });
    } catch (error) {
      if (!(isPhalanxError(error, 'TX_STALE') || isPhalanxError(error, 'TX_DUPLICATE'))) throw error;
    }
  };
  const sudo = (call: Parameters<PhalanxClient['signAndSubmit']>[1]) =>
    client.signAndSubmit(devKeypair('Alice'), { tag: 'Sudo', value: { tag: 'sudo', value: { call } } });

  before(async () => {
    await cryptoReady();
    bob = devKeypair('Bob');
    charlie = devKeypair('Charlie');
    dir = mkdtempSync(join(tmpdir(), 'phalanx-contracts-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
    const gkOperator = keypairFromUri(operators.gk as string).publicKey;
    const fund = { tag: 'Balances', value: { tag: 'transfer', value: { dest: gkOperator, value: 1_000n * UNIT } } } as const;
    assert.ok((await client.signAndSubmit(devKeypair('Alice'), fund)).ok);
    const gk = await start('gk', true);
    await until('the MasterKey', async () => (await gk.info()).masterPubkey !== undefined);
    const [w1, w2] = [await start('w1'), await start('w2')];
    const workers = [(await w1.registered()).info.identityPubkey, (await w2.registered()).info.identityPubkey];
    const clusterId = blake2_256(utf8('cluster-1'));
    assert.ok((await sudo({ tag: 'Phat', value: { tag: 'createCluster', value: { clusterId, workers } } })).ok);
    // The CLI processes sign as an account of their own: another process signing as an account this
    // client also uses would race it for nonces.
    const dest = keypairFromUri(CLI_SURI).publicKey;
    assert.ok(
      (await client.signAndSubmit(bob, { tag: 'Balances', value: { tag: 'transfer', value: { dest, value: 10n * UNIT } } })).ok,
    );
  });

  after(async () => {
    for (const host of hosts) await host.stop();
    await client.close();
    node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys the private ERC-20; transfers are encrypted commands; holders query only their own balance', async () => {
    const code = await bundleContract(new URL('erc20.ts', EXAMPLES).pathname);
    token = await deploy(client, bob, code, [1000, 'Private Token']);
    const seen: string[] = [];
    const stop = await client.subscribeEvents((block) => {
      for (const { event } of block.events) seen.push(`${event.tag}.${event.value.tag}`);
    });
    const sent = await token.call('transfer', [token.address, 1]); // to the contract itself: any address works
    await until('the receipt event through the SDK subscription', async () => seen.includes('Phat.ContractCalled'));
    await stop();
    assert.equal(sent.ok, true);
    const charlieAddress = toSs58(charlie.publicKey);
    await assert.rejects(token.tx.transfer?.(charlieAddress, 0) as Promise<unknown>, /amount must be a positive integer/);
    const toCharlie = await token.call('transfer', [charlieAddress, 250]);
    assert.deepEqual([toCharlie.ok, toCharlie.result], [true, 749]);
    assert.ok(toCharlie.gasUsed > 0);
    const failed = await token.call('transfer', [charlieAddress, 10_000]);
    assert.deepEqual([failed.ok, failed.error], [false, 'insufficient balance']);
    assert.equal(await token.query.balanceOf?.(), 749);
    const asCharlie = token.connect(charlie);
    assert.equal(await asCharlie.query.balanceOf?.(), 250);
    await assert.rejects(asCharlie.query.balanceOf?.(toSs58(bob.publicKey)) as Promise<unknown>, /only query your own balance/);
  });

  it('an unmodified ink! 5 erc20 (.contract) through the CLI: deploy, transfer, balance_of, the contract’s error', async () => {
    const common = ['--suri', CLI_SURI, '--rpc', rpc, '--json'];
    const bundle = join(INK_FIXTURES, 'polkadotjs_ink_v5_erc20.contract.json');
    const deployed = await runCli(['contract', 'deploy', bundle, '--constructor', 'new', '--args', '[1000000]', ...common]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    const { address } = JSON.parse(deployed.stdout) as { address: string };
    const me = toSs58(keypairFromUri(CLI_SURI).publicKey);
    const to = toSs58(charlie.publicKey);
    const sent = await runCli(['contract', 'call', address, 'transfer', '--args', JSON.stringify([to, 400]), ...common]);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const receipt = JSON.parse(sent.stdout) as { result: unknown; events: { name: string; data: unknown }[] };
    assert.deepEqual(receipt.result, { ok: null });
    assert.deepEqual(
      receipt.events.map((e) => [e.name, typeof e.data === 'string' ? JSON.parse(e.data) : e.data]),
      [['Transfer', { from: me, to, value: 400 }]],
    );
    const [mine, theirs, over] = await Promise.all([
      runCli(['contract', 'query', address, 'balance_of', '--args', JSON.stringify([me]), ...common]),
      runCli(['contract', 'query', address, 'balance_of', '--args', JSON.stringify([to]), ...common]),
      runCli(['contract', 'call', address, 'transfer', '--args', JSON.stringify([to, 2_000_000]), ...common]),
    ]);
    assert.deepEqual([JSON.parse(mine.stdout).result, JSON.parse(theirs.stdout).result], [999_600, 400]);
    const failure = JSON.parse(over.stdout) as { error: { code: string; message: string } };
    assert.deepEqual([over.code, failure.error.code], [1, 'CONTRACT_FAILED']);
    assert.match(failure.error.message, /InsufficientBalance/);
    const refused = await runCli(['contract', 'deploy', join(INK_FIXTURES, 'README.md.contract'), ...common]);
    assert.equal(refused.code, 1, 'a missing bundle is refused before any fee');
  });

  it('gas is billed: the sender pays gas used × price at the receipt, a heavy call more, out of gas the whole limit', async () => {
    const spinner = await deploy(client, charlie, SPIN_CODE, []);
    const settled = async (block: number) => {
      const { events } = await client.blockEvents(await client.rpc.request<string>('chain_getBlockHash', [block]));
      return events.flatMap(({ event }) =>
        event.tag === 'Phat' && event.value.tag === 'GasSettled' && Buffer.compare(event.value.value.contract, spinner.id) === 0
          ? [event.value.value]
          : [],
      );
    };
    const reserved = (await client.account(charlie.publicKey)).reserved; // the code deposit
    const light = await spinner.call('spin', [10]);
    const heavy = await spinner.call('spin', [300_000], { gasLimit: 1_000_000_000, gasPrice: 200 });
    const starved = await spinner.withGas({ gasLimit: 1_000_000 }).call('spin', [300_000]);
    assert.deepEqual([light.ok, heavy.ok, starved.ok], [true, true, false]);
    assert.match(starved.error ?? '', /out of gas/);
    const [l] = await settled(light.block);
    const [h] = await settled(heavy.block);
    const [st] = await settled(starved.block);
    assert.ok(l !== undefined && h !== undefined && st !== undefined, 'each receipt block settles its gas');
    assert.deepEqual([l.gasUsed, l.charged], [BigInt(light.gasUsed), BigInt(light.gasUsed) * 100n]);
    assert.deepEqual([h.gasUsed, h.charged], [BigInt(heavy.gasUsed), BigInt(heavy.gasUsed) * 200n]);
    assert.deepEqual([st.gasUsed, st.charged], [1_000_000n, 100_000_000n], 'out of gas pays the whole limit');
    assert.ok(h.charged > 100n * l.charged, `a heavy call costs more (${h.charged} vs ${l.charged})`);
    assert.ok([l, h, st].every((e) => Buffer.compare(e.payer, charlie.publicKey) === 0));
    assert.equal((await client.account(charlie.publicKey)).reserved, reserved, 'no gas stays reserved after the receipts');
    await assert.rejects(spinner.call('spin', [1], { gasLimit: 10 }), /gasLimit must be within/);
    // The CLI's --gas-limit / --gas-price reach the command.
    const cli = ['contract', 'call', spinner.address, 'spin', '--args', '[300000]', '--suri', CLI_SURI, '--rpc', rpc, '--json'];
    const [small, bad] = await Promise.all([runCli([...cli, '--gas-limit', '1000000']), runCli([...cli, '--gas-price', '1e3'])]);
    const failure = JSON.parse(small.stdout) as { error: { code: string; message: string; gasUsed: number } };
    assert.deepEqual([small.code, failure.error.code, failure.error.gasUsed], [1, 'CONTRACT_FAILED', 1_000_000]);
    assert.match(failure.error.message, /out of gas/);
    assert.equal((JSON.parse(bad.stdout) as { error: { code: string } }).error.code, 'USAGE');
    // The CLI seals the receipt to the key derived from --suri (what the explorer opens it with).
    const { block } = (JSON.parse(small.stdout) as { error: { block: number } }).error;
    const blockHash = await client.rpc.request<string>('chain_getBlockHash', [block]);
    const called = (await client.blockEvents(blockHash)).events.flatMap((r) =>
      r.event.tag === 'Phat' && r.event.value.tag === 'ContractCalled' ? [r.event.value.value] : [],
    );
    const mine = called.find((c) => Buffer.compare(c.contract, spinner.id) === 0);
    assert.ok(mine !== undefined);
    const sequence = mine.for.tag === 'Command' ? (mine.for.value as bigint) : undefined;
    assert.ok(sequence !== undefined, 'a command receipt');
    const opened = openReceipt(receiptKeyFromUri(CLI_SURI), mine.receipt, spinner.id, sequence);
    assert.equal(opened.gasUsed, 1_000_000n);
    assert.throws(() => openReceipt(receiptKeyFromUri('//Nobody'), mine.receipt, spinner.id, sequence));
  });

  it('phalanx contract call/query failures: {ok:false, error:{code: CONTRACT_FAILED, message, …}}; stderr only without --json', async () => {
    const charlieArgs = ['--suri', CLI_SURI, '--rpc', rpc]; // holds no tokens: a transfer of 10,000 overspends
    const overspend = ['contract', 'call', token.address, 'transfer', '--args', JSON.stringify([token.address, 10_000])];
    const foreign = ['contract', 'query', token.address, 'balanceOf', '--args', JSON.stringify([toSs58(bob.publicKey)])];
    const [call, query, human] = await Promise.all([
      runCli([...overspend, ...charlieArgs, '--json']),
      runCli([...foreign, ...charlieArgs, '--json']),
      runCli([...foreign, ...charlieArgs]),
    ]);
    type Failure = { ok: boolean; error: { code: string; message: string; block?: number; gasUsed?: number } };
    const called = JSON.parse(call.stdout) as Failure;
    assert.deepEqual([call.code, call.stderr, called.ok, called.error.code], [1, '', false, 'CONTRACT_FAILED']);
    assert.equal(called.error.message, 'insufficient balance', 'the contract’s own message');
    assert.ok(typeof called.error.block === 'number' && typeof called.error.gasUsed === 'number' && called.error.gasUsed > 0);
    const queried = JSON.parse(query.stdout) as Failure;
    assert.deepEqual([query.code, queried.ok, queried.error.code], [1, false, 'CONTRACT_FAILED']);
    assert.match(queried.error.message, /only query your own balance/);
    assert.deepEqual([human.code, human.stdout], [1, ''], 'without --json stdout stays clean');
    assert.match(human.stderr, /^error\[CONTRACT_FAILED\]: .*only query your own balance/);
  });

  it('a replayed or tampered command gets an error receipt and changes nothing', async () => {
    const raw = await client.storage(Phat.Contracts.keyOf(token.id));
    const keys = Phat.Contracts.get({ get: () => raw }, token.id)?.info.publicKeys;
    assert.ok(keys !== undefined);
    const session = generateKeypair('sr25519') as Sr25519Keypair;
    const nonce = await client.nextNonce(bob.publicKey);
    const envelope = sealCommand(session, keys.ecdhPubkey, token.id, bob.publicKey, {
      method: 'transfer',
      args: '["x", 100]',
      nonce,
    });
    const submit = (env: typeof envelope, n: number) =>
      client.signAndSubmit(
        bob,
        {
          tag: 'Phat',
          value: { tag: 'command', value: { contract: token.id, envelope: env, gasLimit: 10_000_000n, gasPrice: 100n } },
        },
        { nonce: n },
      );
    assert.ok((await submit(envelope, nonce)).ok);
    await until('the transfer applied', async () => (await token.query.balanceOf?.()) === 649);
    assert.ok((await submit(envelope, nonce + 1)).ok, 'the chain orders the replay (it cannot read it)');
    const tampered = { ...envelope, ciphertext: envelope.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    assert.ok((await submit(tampered, nonce + 2)).ok);
    const after = await token.call('transfer', ['y', 1]);
    assert.deepEqual([after.ok, after.result], [true, 648], 'the replay and the tampered command changed nothing');
  });

  it('a marker stored by a contract appears in no block, no chain state and no file of the data directories', async () => {
    const vault = await deploy(client, bob, await bundleContract(new URL('vault.ts', EXAMPLES).pathname), []);
    assert.equal((await vault.call('store', [marker])).ok, true);
    await assert.rejects(vault.connect(charlie).query.reveal?.() as Promise<unknown>, /only the owner/);
    const revealed = (await vault.query.reveal?.()) as { vaultPublicKey: string; note: string };
    assert.match(revealed.vaultPublicKey, /^0x[0-9a-f]{64}$/);
    // Push blocks until the state is committed, then look everywhere.
    await until('a state commit of the vault', async () => {
      await tick();
      return (await client.storage(Phat.StateCommits.keyOf(vault.id))) !== undefined;
    });
    const needles = [
      utf8(marker),
      Buffer.from(Buffer.from(marker).toString('hex')),
      Buffer.from(Buffer.from(marker).toString('base64')),
    ];
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `the marker leaked into ${file}`);
    }
    const head = (await client.header())?.number ?? 0;
    const markerHex = Buffer.from(marker).toString('hex');
    for (let n = 0; n <= head; n++) {
      const hash = await client.rpc.request<string>('chain_getBlockHash', [n]);
      const block = JSON.stringify(await client.rpc.request('phalanx_getBlockWithChanges', [hash]));
      assert.equal(block.includes(markerHex), false, `the marker is in block ${n}`);
    }
    for await (const [key, value] of client.statePairs({})) {
      assert.equal(`${key}${value}`.includes(Buffer.from(marker).toString('hex')), false, 'the marker is in the chain state');
    }
  });

  it('the oracle fetches a URL inside a query and signs what it saw with its own key', async () => {
    const server = createHttpServer((_, res) => res.end(JSON.stringify({ price: 42 })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/price`;
      const oracle = await deploy(client, bob, await bundleContract(new URL('oracle.ts', EXAMPLES).pathname), [url]);
      const answer = (await oracle.query.fetch?.()) as { report: string; signature: string; signer: string };
      assert.deepEqual(JSON.parse(answer.report), { url, status: 200, body: '{"price":42}' });
      const hex = (text: string) => new Uint8Array(Buffer.from(text.slice(2), 'hex'));
      assert.ok(verifySignature('sr25519', hex(answer.signer), utf8(answer.report), hex(answer.signature)));
      const command = await oracle.call('setUrl', ['http://example.invalid/']);
      assert.equal(command.ok, true, 'commands may not fetch, but may change what queries fetch');
    } finally {
      server.close();
    }
  });

  it('a worker outside the cluster (the gatekeeper) holds no contract key', async () => {
    assert.deepEqual((await (hosts[0] as RunningWorkerHost).info()).contracts, []);
  });

  it('replicas commit identical state; a worker added later rebuilds it and answers the same', async () => {
    await until('a state commit of the token', async () => {
      await tick();
      return (await client.storage(Phat.StateCommits.keyOf(token.id))) !== undefined;
    });
    // Attributed: the chain knows which worker signed the commit it recorded.
    const raw = await client.storage(Phat.StateCommits.keyOf(token.id));
    const block = Phat.StateCommits.get({ get: () => raw }, token.id)?.block ?? -1;
    const votesRaw = await client.storage(Phat.CommitVotes.keyOf([token.id, block]));
    assert.ok(Phat.CommitVotes.get({ get: () => votesRaw }, [token.id, block])?.recordedBy !== undefined);
    const w3 = await start('w3');
    const w3Key = (await w3.registered()).info.identityPubkey;
    const clusterId = blake2_256(utf8('cluster-1'));
    assert.ok((await sudo({ tag: 'Phat', value: { tag: 'addWorkerToCluster', value: { clusterId, worker: w3Key } } })).ok);
    await until('w3 holding the token', async () => (await w3.info()).contracts.some((id) => Buffer.compare(id, token.id) === 0));
    const answer = await queryWorker(client, bob, w3Key, {
      method: 'balanceOf',
      args: utf8('[]'),
      target: { tag: 'Contract', value: token.id },
    });
    assert.equal(answer.ok, true, answer.error);
    assert.equal(JSON.parse(Buffer.from(answer.result).toString('utf8')), 648);
    // No replica ever disagreed with a recorded commit.
    const head = (await client.header())?.number ?? 0;
    for (let n = 1; n <= head; n++) {
      const hash = await client.rpc.request<string>('chain_getBlockHash', [n]);
      const { events } = await client.blockEvents(hash);
      assert.ok(
        !events.some((e) => e.event.tag === 'Phat' && e.event.value.tag === 'StateCommitMismatch'),
        `mismatch in block ${n}`,
      );
    }
  });
});
