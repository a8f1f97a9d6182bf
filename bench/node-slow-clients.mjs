// `npm run bench -- node-slow-clients`: the chain node's memory under the audit's hostile-client
// loads (issue 10, items 5 and 6), each against a fresh node in its own process:
//   ws-1 / ws-10: 1 or 10 WebSocket connections that pipeline ~31 KB of
//                 `state_getPairsPaged(null, 1000)` requests and never read an answer;
//   http-200:     200 HTTP POSTs with a body just under 4 MiB, never finished.
// Reports the node's resident memory before the load and its peak (VmHWM) during it, plus the
// node's own RPC accounting when it has one. Linux (/proc) for the memory figures.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const SELF = fileURLToPath(import.meta.url);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
/** Extra funded accounts in genesis, so one page of 1000 state pairs is full (~330 KB of JSON). */
const EXTRA_ACCOUNTS = 1500;
const PIPELINED_REQUEST_BYTES = 31 * 1024;
const HTTP_CONNECTIONS = 200;
const HTTP_BODY_BYTES = 4 * 1024 * 1024 - 1;

/** The child: one node, answering the parent's IPC questions. */
async function child() {
  const c = await import('@phalanx/crypto');
  const { startNode, silentLogger } = await import('@phalanx/node');
  const { devGenesisConfig, UNIT } = await import('@phalanx/runtime');
  await c.cryptoReady();
  const base = devGenesisConfig();
  const extra = Array.from({ length: EXTRA_ACCOUNTS }, (_, i) => [c.blake2_256(c.utf8(`bench-account-${i}`)), UNIT]);
  const dataDir = mkdtempSync(join(tmpdir(), 'phalanx-bench-slow-'));
  const node = await startNode({
    dataDir,
    rpcPort: 0,
    authorUri: '//Alice',
    genesis: { ...base, balances: [...base.balances, ...extra] },
    log: silentLogger,
    verifierThreads: 1,
  });
  process.on('message', async (message) => {
    if (message === 'stats') process.send({ stats: typeof node.rpcStats === 'function' ? node.rpcStats() : null });
    if (message === 'stop') {
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send({ port: node.rpcPort });
}

function memoryMiB(pid, field) {
  try {
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

function ask(node, question) {
  return new Promise((resolve) => {
    node.once('message', resolve);
    node.send(question);
  });
}

async function startChild() {
  const node = fork(SELF, ['--node-child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve, reject) => {
    node.once('message', resolve);
    node.once('exit', (code) => reject(new Error(`the node exited with ${code}`)));
  });
  node.removeAllListeners('exit');
  return { node, port };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connections that send pipelined heavy requests and never read. */
async function slowReaders(port, connections) {
  const request = (id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'state_getPairsPaged', params: [null, 1000] });
  const perConnection = Math.floor(PIPELINED_REQUEST_BYTES / request(100).length);
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}`);
          socket.once('error', reject);
          socket.once('open', () => {
            socket.on('error', () => undefined);
            socket._socket.pause(); // never read: answers pile up in the kernel, then in the node
            resolve(socket);
          });
        }),
    ),
  );
  for (const socket of sockets) for (let id = 100; id < 100 + perConnection; id++) socket.send(request(id));
  return {
    load: { connections, requestsPerConnection: perConnection, requestBytesPerConnection: perConnection * request(100).length },
    stop: () => {
      for (const socket of sockets) socket.terminate();
      return {};
    },
  };
}

/** Connections that POST a body just under 4 MiB and never send its last byte. */
async function slowBodies(port) {
  const body = Buffer.alloc(HTTP_BODY_BYTES - 1, 0x20); // one shared buffer: the client holds 4 MiB, not 800
  const statuses = {};
  const sockets = Array.from({ length: HTTP_CONNECTIONS }, () => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      if (head.includes('\r\n')) return;
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      if (status !== undefined) statuses[status] = (statuses[status] ?? 0) + 1;
    });
    socket.write(
      `POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: ${HTTP_BODY_BYTES}\r\n\r\n`,
    );
    socket.write(body);
    return socket;
  });
  return {
    load: { connections: HTTP_CONNECTIONS, contentLength: HTTP_BODY_BYTES, sentBytesPerConnection: body.length },
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return { responses: statuses };
    },
  };
}

async function scenario(name, start) {
  const { node, port } = await startChild();
  await sleep(500);
  const rssBeforeMiB = memoryMiB(node.pid, 'VmRSS');
  const peakBeforeMiB = memoryMiB(node.pid, 'VmHWM');
  const client = await start(port);
  await sleep(LOAD_SECONDS * 1000);
  const { stats } = await ask(node, 'stats');
  const result = {
    scenario: name,
    load: client.load,
    loadSeconds: LOAD_SECONDS,
    rssBeforeMiB,
    peakRssBeforeLoadMiB: peakBeforeMiB,
    peakRssDuringLoadMiB: memoryMiB(node.pid, 'VmHWM'),
    rssAfterLoadMiB: memoryMiB(node.pid, 'VmRSS'),
    ...client.stop(),
    nodeAccounting: stats,
  };
  const exited = new Promise((resolve) => node.once('exit', resolve));
  node.send('stop');
  await exited;
  return result;
}

export async function run(args = []) {
  const only = args[0];
  const scenarios = [
    ['ws-1', (port) => slowReaders(port, 1)],
    ['ws-10', (port) => slowReaders(port, 10)],
    ['http-200', (port) => slowBodies(port)],
  ].filter(([name]) => only === undefined || name === only);
  const results = [];
  for (const [name, start] of scenarios) results.push(await scenario(name, start));
  return results;
}

if (process.argv[2] === '--node-child') await child();
