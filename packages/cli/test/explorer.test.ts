// `phalanx explorer`: serves the built explorer page against a node, prints its URL, stops on Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { bin, runCli } from './helpers.js';

describe('phalanx explorer', () => {
  it('refuses a bad --rpc or --port as a usage error', async () => {
    const rpc = await runCli(['explorer', '--rpc', 'http://x', '--json']);
    assert.equal(rpc.code, 2);
    assert.match(rpc.stdout, /ws:\/\/ or wss:\/\//);
    const port = await runCli(['explorer', '--port', '70000']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a port number/);
  });

  it('serves the page with the node it was given, prints the URL, stops on SIGINT', async () => {
    const child = spawn(process.execPath, [bin, 'explorer', '--rpc', 'ws://127.0.0.1:9', '--port', '0', '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    const summary = await new Promise<{ url: string; rpc: string }>((resolve) =>
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        text += line;
        if (line === '}') resolve(JSON.parse(text));
      }),
    );
    assert.equal(summary.rpc, 'ws://127.0.0.1:9');
    assert.match(await (await fetch(summary.url)).text(), /Phalanx explorer/);
    assert.deepEqual(await (await fetch(new URL('config.json', summary.url))).json(), { rpc: 'ws://127.0.0.1:9', window: 500 });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  });
});
