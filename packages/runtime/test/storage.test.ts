// Typed storage: key layout (blake2_128(pallet) ‖ blake2_128(item) [‖ blake2_128(SCALE(k)) ‖ SCALE(k)])
// cross-checked with @polkadot/util-crypto and scale-ts, values as SCALE, mapKeyOf round trip.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { AccountId } from '@phalanx/primitives';
import { decode, encode, str, struct, tuple, u32, u64, u128 } from '@phalanx/scale';
import { blake2AsU8a } from '@polkadot/util-crypto';
import fc from 'fast-check';
import * as scale from 'scale-ts';
import { MapState, Overlay, System, storageMap, storagePrefix, storageValue, Timestamp } from '../src/index.js';
import { hex } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const b128 = (data: Uint8Array) => blake2AsU8a(data, 128);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

before(async () => {
  await cryptoReady();
});

describe('storage keys', () => {
  test('storagePrefix is blake2_128(pallet) ‖ blake2_128(item) (util-crypto)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40, unit: 'grapheme' }),
        fc.string({ maxLength: 40, unit: 'grapheme' }),
        (pallet, item) => {
          const expected = cat(b128(utf8(pallet)), b128(utf8(item)));
          assert.equal(hex(storagePrefix(pallet, item)), hex(expected));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('storageValue keys: the fixed runtime items', () => {
    assert.equal(hex(System.Number.key), hex(cat(b128(utf8('System')), b128(utf8('Number')))));
    assert.equal(hex(Timestamp.Now.key), hex(cat(b128(utf8('Timestamp')), b128(utf8('Now')))));
    assert.equal(System.Number.key.length, 32);
  });

  test('storageMap keys are blake2_128concat over SCALE(key) (scale-ts), u32 keys', () => {
    const map = storageMap('Test', 'ByNumber', u32, u64);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (k) => {
        const scaled = scale.u32.enc(k);
        const expected = cat(b128(utf8('Test')), b128(utf8('ByNumber')), b128(scaled), scaled);
        assert.equal(hex(map.keyOf(k)), hex(expected));
        assert.equal(map.mapKeyOf(map.keyOf(k)), k);
      }),
      { numRuns: 200 },
    );
  });

  test('storageMap keys: AccountId (System.Account) and composite (tuple) keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (who) => {
        const expected = cat(b128(utf8('System')), b128(utf8('Account')), b128(who), who);
        const key = System.Account.keyOf(who);
        assert.equal(hex(key), hex(expected));
        assert.equal(key.length, 32 + 16 + 32);
        assert.equal(hex(System.Account.mapKeyOf(key)), hex(who));
        assert.equal(hex(System.Account.prefix), hex(key.subarray(0, 32)));
      }),
      { numRuns: 100 },
    );
    const pairs = storageMap('Test', 'Pairs', tuple(u32, str(64)), u32);
    const scaleTuple = scale.Tuple(scale.u32, scale.str);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.string({ maxLength: 20 }), (n, s) => {
        const scaled = scaleTuple.enc([n, s]);
        assert.equal(hex(encode(tuple(u32, str(64)), [n, s])), hex(scaled));
        const key = pairs.keyOf([n, s]);
        assert.equal(hex(key), hex(cat(pairs.prefix, b128(scaled), scaled)));
        assert.deepEqual(pairs.mapKeyOf(key), [n, s]);
      }),
      { numRuns: 100 },
    );
  });

  test('distinct map keys give distinct storage keys under the same prefix; other items have other prefixes', () => {
    const a = storageMap('P', 'A', u32, u32);
    const bMap = storageMap('P', 'B', u32, u32);
    assert.notEqual(hex(a.keyOf(1)), hex(a.keyOf(2)));
    assert.notEqual(hex(a.prefix), hex(bMap.prefix));
    assert.ok(hex(a.keyOf(7)).startsWith(hex(a.prefix)));
    // Pallet and item are hashed separately: ("ab","c") and ("a","bc") do not collide.
    assert.notEqual(hex(storagePrefix('ab', 'c')), hex(storagePrefix('a', 'bc')));
  });
});

describe('storage values', () => {
  const Info = struct('Info', { n: u32, amount: u128 });

  test('storageValue get/getOr/set/remove through an overlay, stored as SCALE', () => {
    const item = storageValue('Test', 'Info', Info);
    const base = new MapState();
    const overlay = new Overlay(base);
    assert.equal(item.get(overlay), undefined);
    assert.deepEqual(item.getOr(overlay, { n: 0, amount: 0n }), { n: 0, amount: 0n });
    item.set(overlay, { n: 5, amount: 2n ** 127n });
    assert.deepEqual(item.get(overlay), { n: 5, amount: 2n ** 127n });
    const raw = overlay.get(item.key);
    assert.ok(raw !== undefined);
    assert.equal(hex(raw), hex(scale.Struct({ n: scale.u32, amount: scale.u128 }).enc({ n: 5, amount: 2n ** 127n })));
    base.apply(overlay.changes());
    assert.deepEqual(item.get(base), { n: 5, amount: 2n ** 127n });

    const next = new Overlay(base);
    item.remove(next);
    assert.equal(item.get(next), undefined);
    assert.deepEqual(item.getOr(next, { n: 1, amount: 1n }), { n: 1, amount: 1n });
    assert.deepEqual(
      next.changes().map(([k, v]) => [hex(k), v]),
      [[hex(item.key), undefined]],
    );
  });

  test('storageMap get/has/set/remove, and a stored value decodes with the item codec', () => {
    const map = storageMap('Test', 'Accounts', AccountId, Info);
    const overlay = new Overlay(new MapState());
    const who = new Uint8Array(32).fill(3);
    const other = new Uint8Array(32).fill(4);
    assert.equal(map.has(overlay, who), false);
    map.set(overlay, who, { n: 1, amount: 10n });
    assert.equal(map.has(overlay, who), true);
    assert.equal(map.has(overlay, other), false);
    assert.deepEqual(map.get(overlay, who), { n: 1, amount: 10n });
    const raw = overlay.get(map.keyOf(who));
    assert.ok(raw !== undefined);
    assert.deepEqual(decode(Info, raw), { n: 1, amount: 10n });
    map.remove(overlay, who);
    assert.equal(map.get(overlay, who), undefined);
    assert.deepEqual(overlay.changes(), []);
  });
});
