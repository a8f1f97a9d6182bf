// Block import: chain A authors, chain B (its own database, same genesis, no key) re-executes and
// must end in the same state. Every kind of tampering is refused with BLOCK_INVALID and leaves B
// exactly as it was (memory, pool and disk), after which the genuine block still imports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cryptoReady, type Keypair, toHex } from '@phalanx/crypto';
import { BLOCK_LIMITS, type Block, extrinsicHash, type Header, sealHeader } from '@phalanx/primitives';
import { extrinsicsRoot } from '../src/genesis.js';
import type { TxStatus } from '../src/pool/types.js';
import { SignatureVerifier } from '../src/verify/verifier.js';
import {
  calls,
  chainFingerprint,
  devGenesisHash,
  key,
  openChain,
  produce,
  rejectsWith,
  remarkTx,
  removeDir,
  snapshot,
  type TestChain,
  tempDir,
  tx,
} from './helpers.js';

let verifier: SignatureVerifier;
let a: TestChain;
let b: TestChain;
const dirs: string[] = [];
const UNIT = 1_000_000_000_000n;

function reseal(
  header: Header,
  changes: Partial<Header>,
  signer: Keypair = key('Alice'),
  genesisHash = devGenesisHash(),
): Header {
  const { seal: _seal, ...unsealed } = { ...header, ...changes };
  return sealHeader(unsealed, signer, genesisHash);
}

/** A block with other extrinsics, a matching extrinsics root, resealed by Alice. */
function withExtrinsics(block: Block, extrinsics: Uint8Array[], changes: Partial<Header> = {}): Block {
  return { header: reseal(block.header, { extrinsicsRoot: extrinsicsRoot(extrinsics), ...changes }), extrinsics };
}

async function importInto(target: TestChain, block: Block) {
  target.clock.now = block.header.timestamp; // B's clock agrees with A's
  return target.chain.importBlock(block);
}

before(async () => {
  await cryptoReady();
  verifier = await SignatureVerifier.start(devGenesisHash(), 1);
  const [dirA, dirB] = [tempDir('import-a'), tempDir('import-b')];
  dirs.push(dirA, dirB);
  a = await openChain(dirA, { verifier });
  b = await openChain(dirB, { verifier, author: false });
});

after(async () => {
  await a?.close();
  await b?.close();
  await verifier.close();
  for (const dir of dirs) removeDir(dir);
});

describe('importing blocks produced elsewhere', () => {
  test('three blocks (transfers, a new account, a failing call) import to the same best hash, state root and state', async () => {
    const fresh = new Uint8Array(32).fill(0x42);
    const shared = tx('Dave', 0, calls.transfer(key('Eve').publicKey, 7n * UNIT));
    const statuses: TxStatus[] = [];
    // B holds the same transaction in its pool: import reports it in a block, then final.
    await b.chain.submit(shared);
    b.chain.pool.watch(extrinsicHash(shared), (s) => statuses.push(s));
    const batches = [
      [tx('Alice', 0, calls.transfer(key('Bob').publicKey, 10n * UNIT)), tx('Bob', 0, calls.transfer(fresh, 2n * UNIT)), shared],
      [tx('Charlie', 0, calls.transfer(key('Charlie').publicKey, 1n)), remarkTx('Alice', 1)],
      [tx('Bob', 1, calls.reserve(3n * UNIT)), remarkTx('Eve', 0), remarkTx('Ferdie', 0)],
    ];
    for (const batch of batches) {
      for (const bytes of batch) await a.chain.submit(bytes);
      const block = await produce(a);
      assert.equal(block.block.extrinsics.length, batch.length);
      const imported = await importInto(b, block.block);
      assert.equal(toHex(imported.hash), toHex(block.hash));
      assert.deepEqual(imported.changes, block.changes);
      assert.deepEqual(imported.events, block.events);
      assert.ok(imported.finalized);
      assert.equal(toHex(b.chain.bestHash), toHex(a.chain.bestHash));
      assert.equal(toHex(b.chain.finalizedHash), toHex(a.chain.finalizedHash));
      assert.equal(toHex(b.chain.bestState.root), toHex(a.chain.bestState.root));
    }
    assert.equal(b.chain.bestHeader.number, 3);
    assert.deepEqual(snapshot(b.chain.bestState.flat), snapshot(a.chain.bestState.flat));
    const [stateA, stateB] = [await chainFingerprint(a.chain), await chainFingerprint(b.chain)];
    assert.deepEqual(stateB.dbState, stateA.dbState);
    assert.deepEqual(
      statuses.map((s) => s.kind),
      ['inBlock', 'finalized'],
    );
    assert.equal(b.chain.pool.size, 0);
    for (let n = 1; n <= 3; n++) {
      const hash = (await a.chain.db.hashAt(n)) as Uint8Array;
      assert.equal(toHex((await b.chain.db.hashAt(n)) as Uint8Array), toHex(hash));
      assert.deepEqual(await b.chain.db.body(hash), await a.chain.db.body(hash));
      assert.deepEqual(await b.chain.db.events(hash), await a.chain.db.events(hash));
    }
  });

  describe('tampered blocks are refused with BLOCK_INVALID and leave B unchanged', () => {
    let genuine: Block;
    let parent: Header;

    before(async () => {
      parent = a.chain.bestHeader;
      for (const bytes of [
        remarkTx('Alice', 2),
        tx('Bob', 2, calls.transfer(key('Dave').publicKey, UNIT)),
        remarkTx('Charlie', 1),
      ]) {
        await a.chain.submit(bytes);
      }
      genuine = (await produce(a)).block;
      assert.equal(genuine.extrinsics.length, 3);
      await b.chain.submit(remarkTx('Ferdie', 1, 'waiting in B'));
    });

    const flip = (bytes: Uint8Array, at: number) => {
      const copy = Uint8Array.from(bytes);
      copy[at] = (copy[at] as number) ^ 0x01;
      return copy;
    };
    const x = (i: number) => genuine.extrinsics[i] as Uint8Array;

    const cases: [string, () => Block, RegExp][] = [
      [
        'a wrong state root',
        () => ({ ...genuine, header: reseal(genuine.header, { stateRoot: new Uint8Array(32).fill(1) }) }),
        /state root does not match/,
      ],
      [
        'a state root of another block',
        () => ({ ...genuine, header: reseal(genuine.header, { stateRoot: parent.stateRoot }) }),
        /state root does not match/,
      ],
      [
        'a wrong extrinsics root',
        () => ({ ...genuine, header: reseal(genuine.header, { extrinsicsRoot: new Uint8Array(32).fill(2) }) }),
        /do not match its extrinsics root/,
      ],
      [
        'an altered extrinsic (header as sealed)',
        () => ({ ...genuine, extrinsics: [flip(x(0), x(0).length - 1), x(1), x(2)] }),
        /do not match its extrinsics root/,
      ],
      [
        'an altered extrinsic with a matching extrinsics root and seal',
        () => withExtrinsics(genuine, [x(0), flip(x(1), 40), x(2)]),
        /extrinsic 1 of block 4: .*signature/,
      ],
      [
        'a dropped extrinsic with a matching extrinsics root and seal',
        () => withExtrinsics(genuine, [x(0), x(1)]),
        /state root does not match/,
      ],
      [
        'an extrinsic twice (its nonce is then stale)',
        () => withExtrinsics(genuine, [x(0), x(1), x(2), x(2)]),
        /extrinsic 3 cannot be applied/,
      ],
      ['reordered extrinsics (same set)', () => withExtrinsics(genuine, [x(2), x(1), x(0)]), /state root does not match/],
      [
        'an undecodable extrinsic with a matching root',
        () => withExtrinsics(genuine, [x(0), Uint8Array.of(9, 9, 9)]),
        /extrinsic 1 of block 4: .*decode/,
      ],
      [
        'a flipped seal byte',
        () => ({ ...genuine, header: { ...genuine.header, seal: flip(genuine.header.seal, 5) } }),
        /invalid seal/,
      ],
      [
        'a header field changed after sealing',
        () => ({ ...genuine, header: { ...genuine.header, timestamp: genuine.header.timestamp + 1n } }),
        /invalid seal/,
      ],
      [
        'sealed by an author that is not an authority',
        () => ({ ...genuine, header: reseal(genuine.header, { author: key('Bob').publicKey }, key('Bob')) }),
        /not an authority/,
      ],
      [
        'naming Alice as author but sealed by Bob',
        () => ({ ...genuine, header: reseal(genuine.header, {}, key('Bob')) }),
        /invalid seal/,
      ],
      [
        'sealed for another chain',
        () => ({ ...genuine, header: reseal(genuine.header, {}, key('Alice'), new Uint8Array(32).fill(3)) }),
        /invalid seal/,
      ],
      [
        'a wrong parent hash',
        () => ({ ...genuine, header: reseal(genuine.header, { parentHash: new Uint8Array(32).fill(4) }) }),
        /does not extend/,
      ],
      [
        'a wrong number',
        () => ({ ...genuine, header: reseal(genuine.header, { number: genuine.header.number + 1 }) }),
        /does not extend/,
      ],
      [
        'a timestamp equal to its parent’s',
        () => ({ ...genuine, header: reseal(genuine.header, { timestamp: parent.timestamp }) }),
        /not after its parent/,
      ],
      [
        'a timestamp before its parent’s',
        () => ({ ...genuine, header: reseal(genuine.header, { timestamp: parent.timestamp - 1000n }) }),
        /not after its parent/,
      ],
      [
        'extrinsics above maxBlockBytes in all',
        () => ({
          ...genuine,
          extrinsics: Array.from(
            { length: Math.floor(BLOCK_LIMITS.maxBlockBytes / BLOCK_LIMITS.maxExtrinsicBytes) + 1 },
            () => new Uint8Array(BLOCK_LIMITS.maxExtrinsicBytes),
          ),
        }),
        /more than/,
      ],
      [
        'a timestamp too far in the future',
        () => ({ ...genuine, header: reseal(genuine.header, { timestamp: genuine.header.timestamp + 31_000n }) }),
        /too far in the future/,
      ],
    ];

    for (const [name, make, reason] of cases) {
      test(name, async () => {
        const before = await chainFingerprint(b.chain);
        const block = make();
        b.clock.now = genuine.header.timestamp;
        await rejectsWith(b.chain.importBlock(block), 'BLOCK_INVALID', reason);
        assert.deepEqual(await chainFingerprint(b.chain), before);
      });
    }

    test('a block already imported (replayed) is refused', async () => {
      const hash = (await a.chain.db.hashAt(3)) as Uint8Array;
      const header = (await a.chain.db.header(hash)) as Header;
      const extrinsics = (await a.chain.db.body(hash)) as Uint8Array[];
      const before = await chainFingerprint(b.chain);
      await rejectsWith(b.chain.importBlock({ header, extrinsics }), 'BLOCK_INVALID', /does not extend/);
      assert.deepEqual(await chainFingerprint(b.chain), before);
    });

    test('after all that, the genuine block imports and B matches A', async () => {
      const imported = await importInto(b, genuine);
      assert.equal(toHex(imported.hash), toHex(a.chain.bestHash));
      assert.equal(toHex(b.chain.bestState.root), toHex(a.chain.bestState.root));
      assert.deepEqual(snapshot(b.chain.bestState.flat), snapshot(a.chain.bestState.flat));
      assert.equal(b.chain.pool.size, 1, "B's own pending transaction still waits");
      // And B's pool still works against the imported state.
      await rejectsWith(b.chain.submit(remarkTx('Alice', 2, 'stale now')), 'TX_STALE');
    });
  });
});
