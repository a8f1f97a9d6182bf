// The light client against a host that lies: forged headers, wrong state changes, dropped,
// reordered and replayed blocks, a non-authority author. Each is detected and halts the client.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, devKeypair, keypairFromUri } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { sealHeader } from '@phalanx/primitives';
import { System } from '@phalanx/runtime';
import { LightClient } from '../src/index.js';
import { ChainBuilder } from './chain-builder.js';

const rejected = (error: unknown) => isPhalanxError(error, 'SYNC_INVALID');

function fresh(blocks = 3): { chain: ChainBuilder; client: LightClient } {
  const chain = new ChainBuilder();
  for (let i = 0; i < blocks; i++) chain.next(i % 2);
  const client = LightClient.fromGenesis(chain.genesis.hash, chain.genesis.header, chain.genesisEntries);
  return { chain, client };
}

before(() => cryptoReady());

describe('light client', () => {
  test('follows the chain from genesis and reads only verified state', () => {
    const { chain, client } = fresh(5);
    for (const block of chain.blocks) client.importBlock(block.header, block.changes);
    assert.equal(client.best.number, 5);
    assert.deepEqual(client.best.hash, chain.blocks[4]?.hash);
    assert.equal(System.Number.get(client.verifiedState), 5);
    assert.deepEqual(client.inboundMessages(), []);
  });

  test('refuses a genesis that is not the trusted one, or whose state does not match', () => {
    const chain = new ChainBuilder();
    assert.throws(() => LightClient.fromGenesis(new Uint8Array(32), chain.genesis.header, chain.genesisEntries), rejected);
    const entries = chain.genesisEntries.slice(1);
    assert.throws(() => LightClient.fromGenesis(chain.genesis.hash, chain.genesis.header, entries), rejected);
  });

  const lies: Record<string, (chain: ChainBuilder) => Parameters<LightClient['importBlock']>> = {
    'a forged seal': (chain) => {
      const block = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      const seal = block.header.seal.slice();
      seal[0] = (seal[0] as number) ^ 1;
      return [{ ...block.header, seal }, block.changes];
    },
    'a header sealed by a key that is not an authority': (chain) => {
      const block = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      const mallory = keypairFromUri('//Mallory');
      return [sealHeader({ ...block.header, author: mallory.publicKey }, mallory, chain.genesis.hash), block.changes];
    },
    'a change list with a value altered': (chain) => {
      const block = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      const changes = block.changes.map(([k, v]) => [k, v === undefined ? v : Uint8Array.from(v)] as const);
      const last = changes[changes.length - 1] as [Uint8Array, Uint8Array];
      last[1][0] = (last[1][0] as number) ^ 1;
      return [block.header, changes];
    },
    'a change list with one change dropped': (chain) => {
      const block = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      return [block.header, block.changes.slice(1)];
    },
    'a change list out of order': (chain) => {
      const block = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      return [block.header, [...block.changes].reverse()];
    },
    'a dropped block (block 2 first)': (chain) => {
      const block = chain.blocks[1] as NonNullable<(typeof chain.blocks)[0]>;
      return [block.header, block.changes];
    },
    'a header whose state root was swapped': (chain) => {
      const [one, two] = chain.blocks as [NonNullable<(typeof chain.blocks)[0]>, NonNullable<(typeof chain.blocks)[0]>];
      return [
        sealHeader({ ...one.header, stateRoot: two.header.stateRoot }, devKeypair('Alice'), chain.genesis.hash),
        one.changes,
      ];
    },
  };

  for (const [name, lie] of Object.entries(lies)) {
    test(`detects ${name}, and halts`, () => {
      const { chain, client } = fresh(2);
      assert.throws(() => client.importBlock(...lie(chain)), rejected);
      assert.ok(client.halted !== undefined);
      assert.equal(client.best.number, 0, 'nothing unverified was applied');
      const good = chain.blocks[0] as NonNullable<(typeof chain.blocks)[0]>;
      assert.throws(() => client.importBlock(good.header, good.changes), /halted/, 'a halted client stays halted');
    });
  }

  test('detects a replayed and a reordered block', () => {
    const { chain, client } = fresh(3);
    const [one, two, three] = chain.blocks as [
      NonNullable<(typeof chain.blocks)[0]>,
      NonNullable<(typeof chain.blocks)[0]>,
      NonNullable<(typeof chain.blocks)[0]>,
    ];
    client.importBlock(one.header, one.changes);
    client.importBlock(two.header, two.changes);
    assert.throws(
      () => client.importBlock(two.header, two.changes),
      (error: unknown) => rejected(error) && /replayed/.test((error as Error).message),
    );
    const { client: other } = { client: LightClient.fromGenesis(chain.genesis.hash, chain.genesis.header, chain.genesisEntries) };
    other.importBlock(one.header, one.changes);
    assert.throws(
      () => other.importBlock(three.header, three.changes),
      (error: unknown) => rejected(error) && /skips/.test((error as Error).message),
    );
  });
});
