// The devnet's layout: which processes, on which ports, with which operator accounts and data dirs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devnetPlan } from '../src/commands/devnet-plan.js';

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

  it('gives every process its own operator (no nonce races); only the gatekeeper asks to be one', () => {
    const suri = (name: string) => {
      const args = plan.processes.find((p) => p.name === name)?.args ?? [];
      return args[args.indexOf('--suri') + 1];
    };
    assert.deepEqual(['gatekeeper', 'worker-1', 'worker-2'].map(suri), ['//Alice', '//Dave', '//Eve']);
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
