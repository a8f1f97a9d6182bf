// The devnet's layout: which processes, on which ports, with which operator accounts and data dirs.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, equalBytes, keypairFromUri } from '@phalanx/crypto';
import { devGenesisConfig } from '@phalanx/runtime';
import { devnetPlan } from '../src/commands/devnet-plan.js';
import { DEFAULT_SURI } from '../src/common-options.js';

describe('devnet plan', () => {
  const plan = devnetPlan({ dataDir: '/d', rpcPort: 9944, workerPort: 9945, logLevel: 'info', blockTimeMs: 250 });

  it('runs a node, a gatekeeper and two workers, each with its own port and data dir', () => {
    assert.deepEqual(
      plan.processes.map((p) => [p.name, p.port, p.dataDir]),
      [
        ['node', 9944, '/d/node'],
        ['gatekeeper', 9945, '/d/gatekeeper'],
        ['worker-1', 9946, '/d/worker-1'],
        ['worker-2', 9947, '/d/worker-2'],
      ],
    );
    assert.deepEqual(plan.workerNames, ['worker-1', 'worker-2']);
    assert.equal(plan.rpc, 'ws://127.0.0.1:9944');
  });

  before(() => cryptoReady());
  const flag = (name: string, option: string) => {
    const args = plan.processes.find((p) => p.name === name)?.args ?? [];
    return args.includes(option) ? args[args.indexOf(option) + 1] : undefined;
  };
  const hosts = ['gatekeeper', 'worker-1', 'worker-2'];

  it('gives every host its own funded operator, none of them the default signer //Alice', () => {
    const operators = hosts.map((name) => flag(name, '--suri') as string);
    assert.deepEqual(operators, ['//Ferdie', '//Dave', '//Eve']);
    assert.equal(new Set(operators).size, operators.length, 'no two hosts share an operator (nonce races)');
    assert.ok(!operators.includes(DEFAULT_SURI), 'the SDK/CLI default signer never collides with a host');
    const funded = devGenesisConfig().balances;
    for (const suri of operators) {
      const account = keypairFromUri(suri).publicKey;
      assert.ok(
        funded.some(([who, free]) => equalBytes(who, account) && free > 0n),
        `${suri} is funded by the dev genesis`,
      );
    }
  });

  it('signs only the sudo shortcuts with the dev sudo key; only the gatekeeper asks to be one', () => {
    assert.deepEqual(
      hosts.map((name) => flag(name, '--sudo-suri')),
      ['//Alice', '//Alice', '//Alice'],
    );
    assert.deepEqual(
      plan.processes.map((p) => p.args.includes('--gatekeeper')),
      [false, true, false, false],
    );
  });

  it('passes the block time to the node (0: instant seal)', () => {
    assert.deepEqual(plan.processes[0]?.args.slice(-4), ['--seal', 'interval', '--block-time', '250']);
    const instant = devnetPlan({ dataDir: '/d', rpcPort: 1, workerPort: 2, logLevel: 'warn', blockTimeMs: 0 });
    assert.deepEqual(instant.processes[0]?.args.slice(-2), ['--seal', 'instant']);
  });
});
