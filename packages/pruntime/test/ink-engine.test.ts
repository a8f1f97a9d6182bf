// Real ink! 4 and 5 contracts (../shared/fixtures/ink) through the InkEngine with the real host:
// CallHost over an encrypted ContractState, writes applied only when a call succeeds, events
// decoded from the metadata, the same gas and state on a second replica.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, DEV_ACCOUNTS, devKeypair, toSs58 } from '@phalanx/crypto';
import { CallHost } from '../src/contracts/call-host.js';
import type { CallKind, CallOutcome } from '../src/contracts/engine.js';
import { InkEngine } from '../src/contracts/ink/engine.js';
import { ContractState } from '../src/contracts/state.js';
import { fixture } from './ink-helpers.js';

const engine = new InkEngine();
let alice: string;
let bob: string;
let charlie: string;

interface Call extends CallOutcome {
  events: { name: string; data: unknown }[];
}

function deployment(bundle: string) {
  const seed = new Uint8Array(32).fill(1);
  const contract = new Uint8Array(32).fill(7);
  const state = new ContractState({
    contract,
    storageKey: new Uint8Array(32).fill(2),
    storageNameKey: new Uint8Array(32).fill(3),
  });
  let position = 0n;
  return {
    state,
    async call(
      kind: CallKind,
      caller: string,
      method: string | undefined,
      args: unknown[],
      gasLimit = 500_000_000,
    ): Promise<Call> {
      const session = kind === 'query' ? await engine.openForQueries(bundle) : await engine.open(bundle);
      const env = { kind, caller, self: toSs58(contract), block: { number: 5, timestamp: 1_000 } };
      const host = new CallHost(env, state, seed, { kind: 'derived', key: seed, position });
      const outcome = await session.call({ method, args: JSON.stringify(args), gasLimit }, host);
      if (outcome.ok && kind !== 'query') state.apply(host.writes, position, host.rawWrites);
      position++;
      return { ...outcome, events: host.events.map((e) => ({ name: e.name, data: JSON.parse(e.data) })) };
    },
  };
}

describe('ink! engine with the fixtures', () => {
  before(async () => {
    await cryptoReady();
    [alice, bob, charlie] = ['Alice', 'Bob', 'Charlie'].map((name) => toSs58(devKeypair(name).publicKey)) as [
      string,
      string,
      string,
    ];
    assert.ok(DEV_ACCOUNTS.length >= 3);
  });

  for (const name of [
    'polkadotjs_ink_v4_flipper.contract.json',
    'polkadotjs_ink_v5_flipper.contract.json',
    'smartbench_ink4_flipper.contract',
  ]) {
    test(`flipper (${name}): new, flip, get`, async () => {
      const d = deployment(fixture(name));
      const created = await d.call('init', alice, 'new', [false]);
      assert.equal(created.ok, true, created.error);
      assert.equal((await d.call('query', alice, 'get', [])).result, 'false');
      const flipped = await d.call('tx', alice, 'flip', []);
      assert.equal(flipped.ok, true, flipped.error);
      assert.ok(flipped.gasUsed > 0);
      assert.equal((await d.call('query', bob, 'get', [])).result, 'true');
      // a query may run a mutating message; its writes are discarded
      assert.equal((await d.call('query', bob, 'flip', [])).ok, true);
      assert.equal((await d.call('query', bob, 'get', [])).result, 'true');
    });
  }

  for (const name of ['polkadotjs_ink_v4_erc20.contract.json', 'polkadotjs_ink_v5_erc20.contract.json']) {
    test(`erc20 (${name}): transfer, balance_of, approve, transfer_from, errors and events`, async () => {
      const d = deployment(fixture(name));
      const created = await d.call('init', alice, 'new', [1_000_000]);
      assert.equal(created.ok, true, created.error);
      assert.deepEqual(created.events, [{ name: 'Transfer', data: { from: null, to: alice, value: 1_000_000 } }]);
      const balance = async (who: string) => JSON.parse((await d.call('query', alice, 'balance_of', [who])).result);
      assert.equal(await balance(alice), 1_000_000);
      assert.equal(JSON.parse((await d.call('query', bob, 'total_supply', [])).result), 1_000_000);

      const sent = await d.call('tx', alice, 'transfer', [bob, 250]);
      assert.deepEqual([sent.ok, JSON.parse(sent.result)], [true, { ok: null }], sent.error);
      assert.deepEqual(sent.events, [{ name: 'Transfer', data: { from: alice, to: bob, value: 250 } }]);
      assert.deepEqual([await balance(alice), await balance(bob)], [999_750, 250]);

      const over = await d.call('tx', bob, 'transfer', [charlie, 251]);
      assert.equal(over.ok, false);
      assert.match(over.error, /reverted: \{"err":"InsufficientBalance"\}/);
      assert.deepEqual(over.events, [], 'a reverted call emits nothing');
      assert.deepEqual([await balance(bob), await balance(charlie)], [250, 0], 'and changes nothing');

      const approved = await d.call('tx', bob, 'approve', [charlie, 100]);
      assert.equal(approved.ok, true, approved.error);
      assert.deepEqual(approved.events, [{ name: 'Approval', data: { owner: bob, spender: charlie, value: 100 } }]);
      assert.equal(JSON.parse((await d.call('query', alice, 'allowance', [bob, charlie])).result), 100);
      const tooMuch = await d.call('tx', charlie, 'transfer_from', [bob, charlie, 101]);
      assert.match(tooMuch.error, /InsufficientAllowance/);
      const spent = await d.call('tx', charlie, 'transfer_from', [bob, alice, 60]);
      assert.equal(spent.ok, true, spent.error);
      assert.deepEqual([await balance(bob), await balance(alice)], [190, 999_810]);
      assert.equal(JSON.parse((await d.call('query', alice, 'allowance', [bob, charlie])).result), 40);
    });
  }

  test('smart-bench erc20 (ink! 4.3): the same token logic', async () => {
    const d = deployment(fixture('smartbench_ink4_erc20.contract'));
    assert.equal((await d.call('init', alice, 'new', [500])).ok, true);
    assert.equal((await d.call('tx', alice, 'transfer', [bob, 20])).ok, true);
    assert.equal(JSON.parse((await d.call('query', bob, 'balance_of', [bob])).result), 20);
  });

  test('two replicas agree on results, gas and committed state', async () => {
    const bundle = fixture('polkadotjs_ink_v5_erc20.contract.json');
    const replicas = [deployment(bundle), deployment(bundle)];
    const runs: unknown[][] = [[], []];
    for (const [i, d] of replicas.entries()) {
      for (const [kind, caller, method, args] of [
        ['init', alice, 'new', [1000]],
        ['tx', alice, 'transfer', [bob, 10]],
        ['tx', bob, 'transfer', [charlie, 11]],
        ['tx', bob, 'approve', [alice, 5]],
      ] as const) {
        const out = await d.call(kind, caller, method, [...args]);
        runs[i]?.push([out.ok, out.result, out.error, out.gasUsed]);
      }
    }
    assert.deepEqual(runs[0], runs[1]);
    const commits = replicas.map((d) => d.state.commit(new Uint8Array(32), 5, 4n));
    assert.deepEqual(commits[0], commits[1]);
    assert.ok((commits[0]?.changes.length ?? 0) >= 3, 'ink! entries go into the encrypted commit');
  });

  test('a worker restarted from its checkpoint continues the contract from its encrypted entries', async () => {
    const bundle = fixture('polkadotjs_ink_v4_erc20.contract.json');
    const d = deployment(bundle);
    assert.equal((await d.call('init', alice, 'new', [77])).ok, true);
    assert.equal((await d.call('tx', alice, 'transfer', [bob, 7])).ok, true);
    const saved = d.state.export();
    const restarted = deployment(bundle);
    restarted.state.load(saved.entries, saved.dirty, saved.window);
    assert.equal(JSON.parse((await restarted.call('query', bob, 'balance_of', [bob])).result), 7);
    assert.equal((await restarted.call('tx', bob, 'transfer', [alice, 2])).ok, true);
    assert.equal(JSON.parse((await restarted.call('query', bob, 'balance_of', [alice])).result), 72);
    // the checkpoint holds ciphertext only: no balance, key or account in the clear
    const sealed = Buffer.concat(saved.entries.map(([, value]) => Buffer.from(value)));
    assert.equal(sealed.includes(Buffer.from(devKeypair('Bob').publicKey)), false);
  });

  test('the constructor is chosen by its metadata label ({constructor, args}), the default otherwise', async () => {
    const bundle = fixture('polkadotjs_ink_v5_flipper.contract.json');
    const chosen = deployment(bundle);
    const byLabel = await chosen.call('init', alice, undefined, { constructor: 'new', args: [true] } as unknown as unknown[]);
    assert.equal(byLabel.ok, true, byLabel.error);
    assert.equal((await chosen.call('query', alice, 'get', [])).result, 'true');
    const byDefault = deployment(bundle);
    assert.equal(
      (await byDefault.call('init', alice, undefined, { constructor: 'new_default', args: [] } as unknown as unknown[])).ok,
      true,
    );
    assert.equal((await byDefault.call('query', alice, 'get', [])).result, 'false');
    const unknown = await deployment(bundle).call('init', alice, undefined, {
      constructor: 'make',
      args: [],
    } as unknown as unknown[]);
    assert.match(unknown.error, /no constructor "make"/);
  });

  test('unknown messages, wrong arguments and too little gas fail with a clear error', async () => {
    const d = deployment(fixture('polkadotjs_ink_v4_flipper.contract.json'));
    assert.equal((await d.call('init', alice, 'new', [true])).ok, true);
    assert.match((await d.call('tx', alice, 'flop', [])).error, /no message "flop"; it has flip, get/);
    assert.match((await d.call('tx', alice, 'flip', [1])).error, /takes 0 argument/);
    const token = deployment(fixture('polkadotjs_ink_v4_erc20.contract.json'));
    assert.match((await token.call('init', alice, 'new', ['lots'])).error, /arguments of new do not fit its types/);
    const starved = await d.call('tx', alice, 'flip', [], 150_000);
    assert.deepEqual([starved.ok, starved.error, starved.gasUsed], [false, 'out of gas', 150_000]);
  });

  test('arguments that cannot be encoded still pay for their size', async () => {
    const token = deployment(fixture('polkadotjs_ink_v4_erc20.contract.json'));
    const huge = '9'.repeat(60_000);
    const refused = await token.call('init', alice, 'new', [huge]);
    assert.equal(refused.ok, false);
    assert.ok(refused.gasUsed > 60_000, `billed ${refused.gasUsed} gas for a 60,000-digit argument`);
  });

  test('a query stops at its wall-clock limit (clock injected; commands never read it)', async () => {
    let now = 0;
    const timed = new InkEngine({ clock: () => (now += 1_000) });
    const bundle = fixture('smartbench_ink4_computation.contract');
    const seed = new Uint8Array(32).fill(1);
    const contract = new Uint8Array(32).fill(9);
    const state = new ContractState({
      contract,
      storageKey: new Uint8Array(32).fill(2),
      storageNameKey: new Uint8Array(32).fill(3),
    });
    let position = 0n;
    const run = async (kind: CallKind, timeoutMs?: number, method: string | undefined = 'odd_product', args = '[200000]') => {
      const session = kind === 'query' ? await timed.openForQueries(bundle) : await timed.open(bundle);
      const env = { kind, caller: alice, self: toSs58(contract), block: { number: 5, timestamp: 1_000 } };
      const host = new CallHost(env, state, seed, { kind: 'derived', key: seed, position });
      const request = { method, args, gasLimit: 1_000_000_000 };
      const outcome = await session.call(timeoutMs === undefined ? request : { ...request, timeoutMs }, host);
      if (outcome.ok && kind !== 'query') state.apply(host.writes, position, host.rawWrites);
      position++;
      return outcome;
    };
    const deployed = await run('init', undefined, 'new', '[]');
    assert.equal(deployed.ok, true, deployed.error);
    const slow = await run('query', 50);
    assert.deepEqual([slow.ok, slow.error], [false, 'the query ran longer than its time limit']);
    const command = await run('tx', 50);
    assert.equal(command.ok, true, `a command ignores the clock: ${command.error}`);
  });
});
