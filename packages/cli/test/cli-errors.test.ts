// The CLI as a user meets it, over real processes against a real node: one error shape for every
// failure (`{ok: false, error: {code, message, …fields}}` with --json; human text on stderr and a
// clean stdout without), contract code checked locally before anything is paid for, and --help on
// every command.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, devKeypair, toSs58 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { deployableCode } from '../src/commands/contract-check.js';
import { main } from '../src/main.js';
import type { Io } from '../src/output.js';
import { runCli, startNodeProcess } from './helpers.js';

describe('phalanx errors, contract checks and help over real processes', { timeout: 120_000 }, () => {
  let dir: string;
  let node: ChildProcess;
  let rpc: string;
  let client: PhalanxClient;

  before(async () => {
    await cryptoReady();
    dir = mkdtempSync(join(tmpdir(), 'phalanx-cli-errors-'));
    ({ child: node, rpc } = await startNodeProcess(dir));
    client = await connect(rpc);
  });

  after(async () => {
    await client?.close();
    node?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failed on-chain call is {ok:false, error:{code: DISPATCH_FAILED, message, pallet, error}}; without --json only stderr', async () => {
    const bob = toSs58(devKeypair('Bob').publicKey);
    const args = ['balance', 'transfer', bob, '1000000000PHA', '--suri', '//Ferdie', '--rpc', rpc];
    const json = await runCli([...args, '--json']);
    assert.equal(json.code, 1, json.stderr);
    assert.equal(json.stderr, '');
    const view = JSON.parse(json.stdout) as { ok: boolean; error: Record<string, unknown> };
    assert.equal(view.ok, false);
    assert.equal(view.error.code, 'DISPATCH_FAILED');
    assert.equal(view.error.pallet, 'Balances');
    assert.equal(view.error.error, 'InsufficientBalance');
    assert.match(String(view.error.message), /^Balances\.InsufficientBalance: /);
    assert.equal(typeof view.error.block, 'number');

    const human = await runCli(args);
    assert.equal(human.code, 1);
    assert.equal(human.stdout, '', 'stdout stays clean on failure');
    assert.match(human.stderr, /^error\[DISPATCH_FAILED\]: Balances\.InsufficientBalance: /);
  });

  it('every failure has the one shape: usage, bad input, no contract, unreachable node', async () => {
    const cases: [string[], string][] = [
      [['key', 'inspect', 'not a valid uri', '--json'], 'INVALID_SURI'],
      [['balance', 'frobnicate', '--json'], 'USAGE'],
      [['contract', 'query', toSs58(new Uint8Array(32)), 'x', '--rpc', rpc, '--json'], 'NOT_FOUND'],
      [['chain', 'head', '--rpc', 'ws://127.0.0.1:1', '--json'], 'CONNECTION'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [index, [args, code]] of cases.entries()) {
      const run = runs[index] as Awaited<ReturnType<typeof runCli>>;
      assert.notEqual(run.code, 0);
      const view = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string; details?: unknown } };
      assert.equal(view.ok, false, args.join(' '));
      assert.equal(view.error.code, code, args.join(' '));
      assert.equal(typeof view.error.message, 'string');
      assert.equal(view.error.details, undefined, 'fields sit in error itself, not under details');
    }
  });

  it('contract deploy checks the code locally first: a syntax error gives file:line:column and nothing is paid', async () => {
    const bob = devKeypair('Bob').publicKey;
    const before = await client.account(bob);
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const errorOf = (run: Awaited<ReturnType<typeof runCli>>) => {
      assert.equal(run.code, 1, run.stderr);
      return (JSON.parse(run.stdout) as { ok: boolean; error: Record<string, unknown> }).error;
    };
    const deploy = (file: string) => runCli(['contract', 'deploy', file, '--suri', '//Bob', '--rpc', rpc, '--json']);
    const [syntax, typed] = (
      await Promise.all([
        deploy(write('bad.js', 'export default {\n  tx: {\n    f(ctx) { return 1 +; },\n  },\n};\n')),
        deploy(write('typed.js', 'const supply: number = 1;\nexport default { query: { supply: () => supply } };\n')),
      ])
    ).map(errorOf) as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(syntax.code, 'INVALID_INPUT');
    assert.deepEqual([syntax.line, syntax.column], [3, 24]);
    assert.match(String(syntax.message), /bad\.js:3:24: SyntaxError: /);
    assert.deepEqual([typed.code, typed.line], ['INVALID_INPUT', 1]);
    assert.match(String(typed.message), /TypeScript.*phalanx contract build/);
    const after = await client.account(bob);
    assert.deepEqual([after.nonce, after.free], [before.nonce, before.free], 'no transaction was sent, no fee paid');

    // The other refusals, in-process (the same check, without a process each).
    const refusal = async (name: string, text: string) => {
      const error = await deployableCode(write(name, text)).then(
        () => assert.fail(`${name} was accepted`),
        (e: unknown) => e,
      );
      assert.ok(isPhalanxError(error, 'INVALID_INPUT'), String(error));
      return error;
    };
    const brokenTs = await refusal('broken.ts', 'const a: number = ;\nexport default {};\n');
    assert.deepEqual([brokenTs.details.line, brokenTs.details.column], [1, 19]);
    assert.match(brokenTs.message, /broken\.ts:1:19/);
    assert.match(
      (await refusal('throws.js', "throw new Error('not today');\nexport default {};\n")).message,
      /fails to load.*not today/,
    );
    assert.match((await refusal('shapeless.js', 'export const tx = {};\n')).message, /export default/);
    const imports = await refusal('imports.js', "import x from './other.js';\nexport default { query: { x: () => x } };\n");
    assert.match(imports.message, /could not load module.*phalanx contract build/);
    const tsx = write('ok.tsx', 'const n: number = 2;\nexport default { query: { n: () => n } };\n');
    assert.match(await deployableCode(tsx), /export/, 'TypeScript of any extension is bundled, never uploaded as is');
  });

  it('--help, -h and help work for every command and list its subcommands', async () => {
    const commands: Record<string, RegExp> = {
      key: /generate[\s\S]*inspect/,
      chain: /dump-state[\s\S]*head/,
      contract: /build[\s\S]*deploy[\s\S]*call[\s\S]*query/,
      balance: /show[\s\S]*transfer/,
      attest: /verify/,
      node: /--dev/,
      worker: /--tee/,
      devnet: /--data-dir/,
      status: /ready/,
    };
    const key = await runCli(['key', '--help']); // the case, as a real process
    assert.deepEqual([key.code, key.stderr], [0, '']);
    assert.match(key.stdout, commands.key as RegExp);
    for (const [name, listing] of Object.entries(commands)) {
      for (const word of ['--help', '-h', 'help']) {
        let out = '';
        const io: Io = { out: (text) => (out += text), err: (text) => assert.fail(`stderr: ${text}`) };
        assert.equal(await main([name, word], io), 0, `phalanx ${name} ${word}`);
        assert.match(out, /Usage:/, `phalanx ${name} ${word}`);
        assert.match(out, listing, `phalanx ${name} ${word}`);
      }
    }
  });
});
