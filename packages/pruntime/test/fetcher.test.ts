// ctx.http.fetch from the enclave: only http(s), and never the worker's own network by default.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { isPrivateAddress, networkFetcher } from '../src/contracts/fetcher.js';

describe('contract fetcher', () => {
  it('classifies loopback, private, link-local and metadata addresses as private', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '1.1.1.1', '::ffff:808:808', '64:ff9b::808:808']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });

  it('refuses private addresses unless allowed, and other schemes always', async () => {
    const server = createServer((_, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      await assert.rejects(networkFetcher()(url, {}), /private, loopback and link-local addresses are refused/);
      await assert.rejects(networkFetcher()('http://localhost:1/', {}), /refused/);
      await assert.rejects(networkFetcher()('http://[::ffff:127.0.0.1]:1/', {}), /refused/);
      await assert.rejects(networkFetcher({ allowPrivate: true })('file:///etc/passwd', {}), /only http and https/);
      const response = await networkFetcher({ allowPrivate: true })(url, {});
      assert.deepEqual([response.status, response.body], [200, 'hello']);
      await assert.rejects(networkFetcher({ allowPrivate: true, maxBytes: 2 })(url, {}), /larger than 2 bytes/);
    } finally {
      server.close();
    }
  });
});
