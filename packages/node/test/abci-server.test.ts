// The ABCI server over a real socket: responses strictly in request order even when handlers finish
// out of order, thousands of pipelined requests (past the point where the server stops reading and
// resumes), CheckTx handled concurrently while consensus methods run one at a time, a handler's
// error answered as an ABCI exception, and garbage closing the connection.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { PhalanxError } from '@phalanx/errors';
import { Request, Response } from 'cosmjs-types/tendermint/abci/types';
import { AbciFrameReader, frameMessage } from '../src/cometbft/abci-framing.js';
import { AbciServer } from '../src/cometbft/abci-server.js';

const servers: AbciServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

async function open(server: AbciServer): Promise<{ socket: Socket; responses: (count: number) => Promise<Response[]> }> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const reader = new AbciFrameReader();
  const received: Response[] = [];
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const bytes of reader.push(new Uint8Array(chunk))) received.push(Response.decode(bytes));
    for (const wake of waiters.splice(0)) wake();
  });
  const responses = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received.slice(0, count);
  };
  return { socket, responses };
}

describe('ABCI server', () => {
  test('CheckTx handlers overlap (answers still in order); consensus methods never run two at once', async () => {
    const started: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let running = 0;
    let overlapped = false;
    const ok = { code: 0, data: new Uint8Array(), info: '', gasWanted: 0n, gasUsed: 0n, events: [], codespace: '' };
    const server = await AbciServer.listen({
      checkTx: async (request) => {
        const name = Buffer.from(request.tx).toString();
        started.push(name);
        // The first waits for the second to start: only concurrent handlers get past this.
        if (name === 'tx-1') await firstHeld;
        if (name === 'tx-2') releaseFirst();
        return { ...ok, log: name };
      },
      commit: async () => {
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        return { retainHeight: 0n };
      },
    });
    servers.push(server);
    const { socket, responses } = await open(server);
    const checkTx = (tx: string) => frameMessage(Request.encode({ checkTx: { tx: Buffer.from(tx), type: 0 } }).finish());
    const commit = frameMessage(Request.encode({ commit: {} }).finish());
    socket.write(Buffer.concat([checkTx('tx-1'), checkTx('tx-2'), commit, commit, commit]));
    const got = await responses(5);
    assert.deepEqual(started, ['tx-1', 'tx-2']);
    assert.deepEqual(
      got.slice(0, 2).map((response) => response.checkTx?.log),
      ['tx-1', 'tx-2'],
      'in request order though tx-2 finished first',
    );
    assert.equal(overlapped, false, 'Commit handlers ran one at a time');
    socket.destroy();
  });

  test('answers in request order, however long each handler takes, across thousands of pipelined requests', async () => {
    let n = 0;
    const server = await AbciServer.listen({
      info: async (request) => {
        const delay = (n++ * 7919) % 5; // later requests often finish first
        await new Promise((resolve) => setTimeout(resolve, delay));
        return { data: request.version, version: '', appVersion: 0n, lastBlockHeight: 0n, lastBlockAppHash: new Uint8Array() };
      },
    });
    servers.push(server);
    const { socket, responses } = await open(server);
    const count = 3000;
    const frames = Array.from({ length: count }, (_, i) =>
      frameMessage(
        Request.encode(
          i % 3 === 0
            ? { echo: { message: `e${i}` } }
            : { info: { version: `v${i}`, blockVersion: 0n, p2pVersion: 0n, abciVersion: '' } },
        ).finish(),
      ),
    );
    socket.write(Buffer.concat(frames));
    const got = await responses(count);
    got.forEach((response, i) => {
      if (i % 3 === 0) assert.equal(response.echo?.message, `e${i}`);
      else assert.equal(response.info?.data, `v${i}`);
    });
    socket.destroy();
  });

  test('a failing handler answers an exception naming the method; an unknown method too; garbage closes', async () => {
    const server = await AbciServer.listen({
      commit: () => {
        throw new PhalanxError('STORE', 'the disk is full');
      },
    });
    servers.push(server);
    const { socket, responses } = await open(server);
    socket.write(frameMessage(Request.encode({ commit: {} }).finish()));
    socket.write(
      frameMessage(Request.encode({ query: { data: new Uint8Array(), path: '', height: 0n, prove: false } }).finish()),
    );
    socket.write(frameMessage(Request.encode({ flush: {} }).finish()));
    const [commit, query, flush] = await responses(3);
    assert.equal(commit?.exception?.error, 'commit failed: STORE: the disk is full');
    assert.equal(query?.exception?.error, 'this application does not answer query');
    assert.deepEqual(flush?.flush, {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(new Uint8Array(12).fill(0xff));
    await closed;
  });
});
