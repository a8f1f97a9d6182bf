// Our ABCI server under a real CometBFT v0.38 process (the pinned build, scripts/install-cometbft.sh):
// the handshake (Info, InitChain), then blocks through PrepareProposal, ProcessProposal,
// FinalizeBlock and Commit, with a transaction broadcast over CometBFT's RPC passing CheckTx. The app
// hash we answer at height h appears in CometBFT's header at h + 1: our responses are decoded as we
// mean them. The application here is the test's own recorder, not Phalanx's runtime (that is issue 11, item 2).
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type AbciApplication, AbciServer } from '../src/cometbft/abci-server.js';
import { removeDir, tempDir } from './helpers.js';

const COMETBFT = new URL('../../../../.cometbft/bin/cometbft', import.meta.url).pathname;
const installed = existsSync(COMETBFT);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const appHash = (height: bigint) => new Uint8Array(createHash('sha256').update(`height ${height}`).digest());

describe('ABCI server under a real CometBFT', {
  skip: !installed && 'CometBFT is not installed (npm run setup:cometbft)',
}, () => {
  const home = tempDir('phalanx-cometbft-');
  let node: ChildProcess | undefined;
  let server: AbciServer | undefined;
  after(async () => {
    node?.kill('SIGKILL');
    await server?.close();
    removeDir(home);
  });

  test('handshake, blocks and a transaction, responses in order on every connection', { timeout: 120_000 }, async () => {
    const calls: { method: string; connection: number }[] = [];
    const finalized: { height: bigint; txs: number }[] = [];
    let checked = 0;
    const app: AbciApplication = {
      info: () => ({
        data: 'phalanx-test',
        version: '0',
        appVersion: 0n,
        lastBlockHeight: 0n,
        lastBlockAppHash: new Uint8Array(),
      }),
      initChain: () => ({ validators: [], appHash: new Uint8Array() }),
      checkTx: (request) => {
        checked++;
        return {
          code: request.tx.length > 0 ? 0 : 1,
          data: new Uint8Array(),
          log: '',
          info: '',
          gasWanted: 0n,
          gasUsed: 0n,
          events: [],
          codespace: '',
        };
      },
      prepareProposal: (request) => ({ txs: request.txs }),
      processProposal: () => ({ status: 1 }), // ACCEPT
      finalizeBlock: async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // an asynchronous handler keeps its place in line
        finalized.push({ height: request.height, txs: request.txs.length });
        return {
          events: [],
          txResults: request.txs.map(() => ({
            code: 0,
            data: new Uint8Array(),
            log: '',
            info: '',
            gasWanted: 0n,
            gasUsed: 0n,
            events: [],
            codespace: '',
          })),
          validatorUpdates: [],
          appHash: appHash(request.height),
        };
      },
      commit: () => ({ retainHeight: 0n }),
    };
    server = await AbciServer.listen(app, { observe: (method, connection) => calls.push({ method, connection }) });

    execFileSync(COMETBFT, ['init', '--home', home], { stdio: 'ignore' });
    const configPath = join(home, 'config', 'config.toml');
    const config = readFileSync(configPath, 'utf8')
      .replace(/^timeout_commit = .*$/m, 'timeout_commit = "100ms"')
      .replace(/^prometheus_listen_addr = .*$/m, 'prometheus_listen_addr = ""');
    writeFileSync(configPath, config);
    const rpcPort = await freePort();
    const p2pPort = await freePort();
    node = spawn(
      COMETBFT,
      [
        'node',
        '--home',
        home,
        '--proxy_app',
        `tcp://127.0.0.1:${server.port}`,
        '--rpc.laddr',
        `tcp://127.0.0.1:${rpcPort}`,
        '--p2p.laddr',
        `tcp://127.0.0.1:${p2pPort}`,
        '--log_level',
        'error',
      ],
      { stdio: 'ignore' },
    );
    const rpc = async <T>(path: string): Promise<T> => {
      const response = await fetch(`http://127.0.0.1:${rpcPort}${path}`);
      return ((await response.json()) as { result: T }).result;
    };
    const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 600; i++) {
        try {
          if (await ok()) return;
        } catch {
          // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`timed out waiting for ${what}`);
    };

    await until('block 2', () => finalized.length >= 2);
    const tx = Buffer.from('phalanx-tx-1').toString('hex');
    const sent = await rpc<{ code: number; hash: string }>(`/broadcast_tx_sync?tx=0x${tx}`);
    assert.equal(sent.code, 0, 'CheckTx accepted it');
    await until('the transaction in a block', () => finalized.some((block) => block.txs === 1));
    await until('one more block', () => finalized.length >= (finalized.findIndex((b) => b.txs === 1) ?? 0) + 2);

    // Our app hash of height h is in CometBFT's header of h + 1.
    const first = finalized[0] as { height: bigint };
    const next = await rpc<{ block: { header: { app_hash: string } } }>(`/block?height=${first.height + 1n}`);
    assert.equal(next.block.header.app_hash, Buffer.from(appHash(first.height)).toString('hex').toUpperCase());
    assert.ok(checked >= 1);

    // Order: the handshake's Info before InitChain; on the consensus connection each FinalizeBlock is followed by Commit.
    const methods = calls.map((c) => c.method);
    assert.ok(methods.indexOf('info') < methods.indexOf('initChain'));
    const consensus = calls.find((c) => c.method === 'finalizeBlock')?.connection;
    const onConsensus = calls.filter((c) => c.connection === consensus && c.method !== 'flush').map((c) => c.method);
    onConsensus.forEach((method, i) => {
      if (method === 'finalizeBlock')
        assert.equal(onConsensus[i + 1] ?? 'commit', 'commit', `FinalizeBlock then Commit (${onConsensus.join(',')})`);
    });
    assert.ok(
      new Set(calls.map((c) => c.connection)).size >= 3,
      'CometBFT opened its connections (consensus, mempool, query, snapshot)',
    );
  });
});
