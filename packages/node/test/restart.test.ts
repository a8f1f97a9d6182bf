// Restart: what a node finds in its data directory after a clean stop, and which directories it
// refuses (another chain's, or one that is already open).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { type Header, trieRootOf } from '@phalanx/primitives';
import { System } from '@phalanx/runtime';
import { ClassicLevel } from 'classic-level';
import { SingleAuthority } from '../src/authoring/consensus.js';
import { Chain } from '../src/chain.js';
import { ChainDb } from '../src/db/chain-db.js';
import { calls, chainFingerprint, dev, devGenesisHash, key, openChain, produce, rejectsWith, remarkTx, tx } from './helpers.js';
import { storeFixture } from './store-fixture.js';

const fixture = storeFixture();
const dir = fixture.dir;

describe('restart', () => {
  test('a reopened chain has the same best block, finalized block, state and nonces (the pool starts empty)', async () => {
    const path = dir('restart');
    const first = await openChain(path, { verifier: fixture.verifier });
    let before: Awaited<ReturnType<typeof chainFingerprint>>;
    let header: Header;
    let now: bigint;
    try {
      for (let round = 0; round < 3; round++) {
        await first.chain.submit(tx('Alice', round, calls.transfer(key('Bob').publicKey, 1_000_000n + BigInt(round))));
        await first.chain.submit(remarkTx('Charlie', round));
        await produce(first);
      }
      // Left in the pool at shutdown: not persisted, so the nonce after restart comes from state.
      await first.chain.submit(remarkTx('Alice', 3));
      assert.equal(first.chain.nextNonce(key('Alice').publicKey), 4);
      before = await chainFingerprint(first.chain);
      header = first.chain.bestHeader;
      now = first.clock.now;
    } finally {
      await first.close();
    }

    const second = await openChain(path, { verifier: fixture.verifier });
    try {
      const { chain } = second;
      const after = await chainFingerprint(chain);
      assert.deepEqual({ ...after, pool: before.pool }, before);
      assert.equal(after.pool, 0);
      assert.deepEqual(chain.bestHeader, header);
      assert.equal(chain.bestHeader.number, 3);
      assert.equal(toHex(chain.finalizedHash), toHex(chain.bestHash));
      assert.equal(toHex(trieRootOf(chain.bestState.flat.entries())), toHex(chain.bestHeader.stateRoot));
      assert.equal(chain.nextNonce(key('Alice').publicKey), 3);
      assert.equal(chain.nextNonce(key('Charlie').publicKey), 3);
      for (let n = 0; n <= 3; n++) assert.ok((await chain.header(n)) !== undefined, `block ${n} is still there`);

      // The chain continues where it stopped.
      second.clock.now = now;
      await chain.submit(remarkTx('Alice', 3, 'after restart'));
      const next = await produce(second);
      assert.equal(next.header.number, 4);
      assert.equal(toHex(next.header.parentHash), before.best);
      const later = await chainFingerprint(chain);
      assert.deepEqual(later.state, later.dbState);
      assert.equal(later.dbBest, toHex(next.hash));
    } finally {
      await second.close();
    }
  });

  test('a database of another chain (another genesis) is refused with STORE', async () => {
    const path = dir('other-chain');
    const original = await openChain(path, { verifier: fixture.verifier });
    const best = toHex(original.chain.bestHash);
    await original.close();

    const db = await ChainDb.open(path);
    try {
      const other = { ...dev(), chainName: 'Some Other Chain' };
      await rejectsWith(
        Chain.open({
          db,
          genesis: other,
          consensus: new SingleAuthority(key('Alice')),
          verifier: fixture.verifier,
          clock: () => 0n,
        }),
        'STORE',
        /another chain/,
      );
      // Refusing wrote nothing: the original chain still opens.
      assert.equal(toHex((await db.bestHash()) as Uint8Array), best);
      assert.equal(toHex((await db.genesisHash()) as Uint8Array), toHex(devGenesisHash()));
    } finally {
      await db.close();
    }
    const again = await openChain(path, { verifier: fixture.verifier });
    assert.equal(toHex(again.chain.bestHash), best);
    await again.close();
  });

  test('a database whose flat state does not match its best block is refused as corrupt (STORE)', async () => {
    const path = dir('corrupt');
    const t = await openChain(path, { verifier: fixture.verifier });
    await t.chain.submit(remarkTx('Alice', 0));
    await produce(t);
    await t.close();
    // Damage one state entry behind the store's back (column 's' = the flat state).
    const raw = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await raw.open();
    await raw.put(
      Buffer.concat([Buffer.of(0x73), Buffer.from(System.Account.keyOf(key('Bob').publicKey))]),
      Buffer.from('garbage'),
    );
    await raw.close();
    await rejectsWith(openChain(path, { verifier: fixture.verifier }), 'STORE', /corrupt/);
  });

  test('opening the same data directory twice at once fails with STORE (LevelDB lock)', async () => {
    const path = dir('locked');
    const db = await ChainDb.open(path);
    try {
      await assert.rejects(ChainDb.open(path), (error: unknown) => {
        assert.ok(isPhalanxError(error, 'STORE'), String(error));
        assert.match(error.message, /in use/);
        return true;
      });
    } finally {
      await db.close();
    }
    // Once closed, it opens again.
    const reopened = await ChainDb.open(path);
    await reopened.close();
  });

  test('a directory that cannot hold a database is refused with STORE', async () => {
    const path = dir('not-a-dir');
    const { writeFileSync } = await import('node:fs');
    const file = `${path}/file`;
    writeFileSync(file, 'not a database');
    await rejectsWith(ChainDb.open(file), 'STORE');
  });
});
