#!/usr/bin/env node
// Records finality vectors from a real 4-validator CometBFT network on this machine (issue 11 item 5):
// `node scripts/record-cometbft-vectors.mjs [OUT.json]` after `npm run setup:cometbft` and `tsc -b`.
// Four `cometbft node` processes (the pinned build), each over its own instance of a deterministic
// recorder application on our ABCI server (app hash of height h = sha256("height h"); at height 4
// it raises validator 0's power from 1 to 2, so the vectors include a validator set change).
// Writes, for heights 1..12 as node 0's RPC reports them: the signed header (header + commit) and
// the validator set. These are the byte-exact inputs the enclave's CometBFT light client must accept.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbciServer } from '../packages/node/dist/src/cometbft/abci-server.js';

const ROOT = new URL('..', import.meta.url).pathname;
const COMETBFT = join(ROOT, '.cometbft/bin/cometbft');
const OUT = process.argv[2] ?? join(ROOT, 'packages/pruntime/test/vectors/cometbft/four-validators.json');
const VALIDATORS = 4;
const HEIGHTS = 12;
const CHANGE_AT = 4n;

const appHash = (height) => new Uint8Array(createHash('sha256').update(`height ${height}`).digest());
const ok = { code: 0, data: new Uint8Array(), log: '', info: '', gasWanted: 0n, gasUsed: 0n, events: [], codespace: '' };

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function recorderApp(validator0Key) {
  return {
    info: () => ({
      data: 'phalanx-vectors',
      version: '0',
      appVersion: 0n,
      lastBlockHeight: 0n,
      lastBlockAppHash: new Uint8Array(),
    }),
    initChain: () => ({ validators: [], appHash: new Uint8Array() }),
    checkTx: () => ok,
    prepareProposal: (request) => ({ txs: request.txs }),
    processProposal: () => ({ status: 1 }),
    finalizeBlock: (request) => ({
      events: [],
      txResults: request.txs.map(() => ok),
      validatorUpdates: request.height === CHANGE_AT ? [{ pubKey: { ed25519: validator0Key }, power: 2n }] : [],
      appHash: appHash(request.height),
    }),
    commit: () => ({ retainHeight: 0n }),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'phalanx-cometbft-net-'));
const children = [];
const servers = [];
try {
  execFileSync(COMETBFT, ['testnet', '--v', String(VALIDATORS), '--o', dir, '--populate-persistent-peers=false'], {
    stdio: 'ignore',
  });
  const genesis = JSON.parse(readFileSync(join(dir, 'node0/config/genesis.json'), 'utf8'));
  const validator0Key = new Uint8Array(Buffer.from(genesis.validators[0].pub_key.value, 'base64'));
  const nodes = [];
  for (let i = 0; i < VALIDATORS; i++) {
    const home = join(dir, `node${i}`);
    const id = execFileSync(COMETBFT, ['show-node-id', '--home', home], { encoding: 'utf8' }).trim();
    nodes.push({ home, id, p2p: await freePort(), rpc: await freePort() });
  }
  for (const [i, node] of nodes.entries()) {
    const configPath = join(node.home, 'config/config.toml');
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8')
        .replace(/^timeout_commit = .*$/m, 'timeout_commit = "300ms"')
        .replace(/^allow_duplicate_ip = .*$/m, 'allow_duplicate_ip = true')
        .replace(/^addr_book_strict = .*$/m, 'addr_book_strict = false')
        .replace(/^prometheus_listen_addr = .*$/m, 'prometheus_listen_addr = ""'),
    );
    const server = await AbciServer.listen(recorderApp(validator0Key));
    servers.push(server);
    const peers = nodes
      .filter((_, j) => j !== i)
      .map((peer) => `${peer.id}@127.0.0.1:${peer.p2p}`)
      .join(',');
    children.push(
      spawn(
        COMETBFT,
        [
          'node',
          '--home',
          node.home,
          '--proxy_app',
          `tcp://127.0.0.1:${server.port}`,
          '--rpc.laddr',
          `tcp://127.0.0.1:${node.rpc}`,
          '--p2p.laddr',
          `tcp://127.0.0.1:${node.p2p}`,
          '--p2p.persistent_peers',
          peers,
          '--log_level',
          'error',
        ],
        { stdio: 'ignore' },
      ),
    );
  }
  const rpc = async (path) => {
    const response = await fetch(`http://127.0.0.1:${nodes[0].rpc}${path}`);
    const body = await response.json();
    if (body.error !== undefined) throw new Error(JSON.stringify(body.error));
    return body.result;
  };
  for (let i = 0; ; i++) {
    if (i > 1200) throw new Error('the network did not reach the height in time');
    try {
      const status = await rpc('/status');
      if (Number(status.sync_info.latest_block_height) >= HEIGHTS + 1) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const heights = [];
  for (let h = 1; h <= HEIGHTS; h++) {
    const commit = await rpc(`/commit?height=${h}`);
    const validators = await rpc(`/validators?height=${h}&per_page=100`);
    heights.push({ height: h, signed_header: commit.signed_header, validators: validators.validators });
  }
  const version = execFileSync(COMETBFT, ['version'], { encoding: 'utf8' }).trim();
  const vectors = {
    description:
      'Recorded from a real 4-validator CometBFT network (scripts/record-cometbft-vectors.mjs). App hash of height h = ' +
      `sha256("height h") (so header h+1 carries it); at height ${CHANGE_AT} the app raised validator 0's power from 1 to 2 ` +
      `(in effect from height ${CHANGE_AT + 2n}). RPC JSON as CometBFT serves it.`,
    cometbft: version,
    chain_id: genesis.chain_id,
    genesis_validators: genesis.validators,
    heights,
  };
  writeFileSync(OUT, `${JSON.stringify(vectors, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${HEIGHTS} heights from cometbft ${version}, chain ${genesis.chain_id}`);
} finally {
  for (const child of children) child.kill('SIGKILL');
  for (const server of servers) await server.close();
  rmSync(dir, { recursive: true, force: true });
}
