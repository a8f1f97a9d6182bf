// Overlay: reads through layers, nested transactions (commit on return, rollback on throw), and
// changes() as the sorted net effect against the base; checked against a Map model.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MapState, Overlay, type StateChange, stateKeyId } from '../src/index.js';
import { expectCode, hex } from './helpers.js';

const b = (...bytes: number[]) => Uint8Array.from(bytes);

function baseWith(entries: Array<[Uint8Array, Uint8Array]>): MapState {
  const base = new MapState();
  base.apply(entries);
  return base;
}

const show = (changes: StateChange[]) => changes.map(([k, v]) => [hex(k), v === undefined ? null : hex(v)]);

describe('Overlay', () => {
  test('reads fall through to the base; writes and deletes shadow it', () => {
    const base = baseWith([
      [b(1), b(10)],
      [b(2), b(20)],
    ]);
    const overlay = new Overlay(base);
    assert.deepEqual(overlay.get(b(1)), b(10));
    assert.equal(overlay.get(b(3)), undefined);
    overlay.set(b(1), b(11));
    overlay.delete(b(2));
    overlay.set(b(3), b(30));
    assert.deepEqual(overlay.get(b(1)), b(11));
    assert.equal(overlay.get(b(2)), undefined);
    assert.deepEqual(overlay.get(b(3)), b(30));
    // The base is untouched.
    assert.deepEqual(base.get(b(1)), b(10));
    assert.deepEqual(base.get(b(2)), b(20));
    assert.deepEqual(show(overlay.changes()), [
      ['01', '0b'],
      ['02', null],
      ['03', '1e'],
    ]);
  });

  test('keys are compared by content, not identity (subarrays and copies hit the same entry)', () => {
    const overlay = new Overlay(new MapState());
    const backing = b(9, 9, 1, 2, 9);
    overlay.set(backing.subarray(2, 4), b(7));
    assert.deepEqual(overlay.get(b(1, 2)), b(7));
    assert.equal(stateKeyId(backing.subarray(2, 4)), stateKeyId(b(1, 2)));
    overlay.delete(b(1, 2));
    assert.equal(overlay.get(backing.subarray(2, 4)), undefined);
    assert.deepEqual(overlay.changes(), []);
  });

  test('a committed transaction keeps its writes; a throwing one discards them and rethrows', () => {
    const overlay = new Overlay(baseWith([[b(1), b(1)]]));
    const result = overlay.transaction(() => {
      overlay.set(b(2), b(2));
      assert.equal(overlay.depth, 1);
      return 'kept';
    });
    assert.equal(result, 'kept');
    assert.equal(overlay.depth, 0);
    assert.deepEqual(overlay.get(b(2)), b(2));

    const boom = new Error('boom');
    assert.throws(
      () =>
        overlay.transaction(() => {
          overlay.set(b(2), b(99));
          overlay.delete(b(1));
          overlay.set(b(3), b(3));
          throw boom;
        }),
      (error) => error === boom,
    );
    assert.equal(overlay.depth, 0);
    assert.deepEqual(overlay.get(b(1)), b(1));
    assert.deepEqual(overlay.get(b(2)), b(2));
    assert.equal(overlay.get(b(3)), undefined);
    assert.deepEqual(show(overlay.changes()), [['02', '02']]);
  });

  test('nested transactions: an inner rollback keeps the outer layer; an outer rollback drops committed inner writes', () => {
    const overlay = new Overlay(new MapState());
    overlay.transaction(() => {
      overlay.set(b(1), b(1));
      assert.throws(() =>
        overlay.transaction(() => {
          overlay.set(b(1), b(100));
          overlay.set(b(2), b(2));
          assert.equal(overlay.depth, 2);
          throw new Error('inner');
        }),
      );
      assert.deepEqual(overlay.get(b(1)), b(1));
      assert.equal(overlay.get(b(2)), undefined);
      overlay.transaction(() => overlay.set(b(3), b(3)));
      assert.deepEqual(overlay.get(b(3)), b(3));
    });
    assert.deepEqual(show(overlay.changes()), [
      ['01', '01'],
      ['03', '03'],
    ]);

    assert.throws(() =>
      overlay.transaction(() => {
        overlay.transaction(() => {
          overlay.set(b(4), b(4));
          overlay.delete(b(1));
        });
        assert.equal(overlay.get(b(1)), undefined);
        throw new Error('outer');
      }),
    );
    assert.deepEqual(overlay.get(b(1)), b(1));
    assert.equal(overlay.get(b(4)), undefined);
    assert.deepEqual(show(overlay.changes()), [
      ['01', '01'],
      ['03', '03'],
    ]);
  });

  test('changes() is the net effect: writes back to the base value and deletes of absent keys vanish', () => {
    const base = baseWith([
      [b(1), b(10)],
      [b(2), b(20)],
      [b(5), b(50)],
    ]);
    const overlay = new Overlay(base);
    overlay.set(b(1), b(11));
    overlay.set(b(1), Uint8Array.from([10])); // back to the base value (another array)
    overlay.delete(b(2));
    overlay.set(b(2), b(20)); // delete then restore
    overlay.set(b(3), b(30));
    overlay.delete(b(3)); // created then deleted: absent in base, absent now
    overlay.delete(b(4)); // never existed
    overlay.delete(b(5)); // a base key deleted: must appear
    assert.deepEqual(show(overlay.changes()), [['05', null]]);
  });

  test('changes() is sorted by key bytes (prefixes first, bytes unsigned, no UTF-8 surprises)', () => {
    const overlay = new Overlay(new MapState());
    const keys = [b(0xff), b(0x80, 0x00), b(0x7f), b(0x01, 0x00), b(0x01), b(), b(0xc3, 0xa9), b(0x00, 0xff)];
    for (const k of keys) overlay.set(k, b(1));
    const got = overlay.changes().map(([k]) => hex(k));
    const expected = keys.map(hex).sort((x, y) => Buffer.compare(Buffer.from(x, 'hex'), Buffer.from(y, 'hex')));
    assert.deepEqual(got, expected);
    assert.deepEqual(got, ['', '00ff', '01', '0100', '7f', '8000', 'c3a9', 'ff']);
  });

  test('changes() inside an open transaction is refused', () => {
    const overlay = new Overlay(new MapState());
    overlay.transaction(() => {
      expectCode(() => overlay.changes(), 'INTERNAL');
    });
  });

  test('MapState.apply and entries round-trip keys of every byte value', () => {
    const state = new MapState();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    state.apply([
      [all, b(1)],
      [b(), b(2)],
    ]);
    const entries = [...state.entries()].map(([k, v]) => [hex(k), hex(v)]);
    assert.deepEqual(entries.sort(), [
      ['', '02'],
      [hex(all), '01'],
    ]);
    state.apply([[all, undefined]]);
    assert.equal(state.get(all), undefined);
    assert.equal(state.map.size, 1);
  });
});

// --- Property test against a model -------------------------------------------------------------

type Op =
  | { readonly kind: 'set'; readonly key: number; readonly value: number }
  | { readonly kind: 'delete'; readonly key: number }
  | { readonly kind: 'tx'; readonly ops: readonly Op[]; readonly commit: boolean };

// Small key space with shared prefixes so overwrites, prefix ordering and deletes all happen.
const KEY_SPACE = [b(), b(0), b(0, 0), b(0, 1), b(1), b(0x7f), b(0x80), b(0xff), b(0xff, 0)];
const keyOf = (i: number) => KEY_SPACE[i % KEY_SPACE.length] as Uint8Array;

const { op } = fc.letrec<{ op: Op; ops: Op[] }>((tie) => ({
  op: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'overlay' },
    fc.record({ kind: fc.constant('set' as const), key: fc.nat(KEY_SPACE.length - 1), value: fc.nat(3) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.nat(KEY_SPACE.length - 1) }),
    fc.record({ kind: fc.constant('tx' as const), ops: tie('ops') as fc.Arbitrary<Op[]>, commit: fc.boolean() }),
  ),
  ops: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 6, depthIdentifier: 'overlay' }),
}));

class Rollback extends Error {}

/** Runs `ops` on both, checking every read of every key after every step. */
function run(overlay: Overlay, model: Map<number, number>, ops: readonly Op[], depth: number): void {
  for (const o of ops) {
    if (o.kind === 'set') {
      overlay.set(keyOf(o.key), b(o.value));
      model.set(o.key, o.value);
    } else if (o.kind === 'delete') {
      overlay.delete(keyOf(o.key));
      model.delete(o.key);
    } else {
      const inner = new Map(model);
      try {
        overlay.transaction(() => {
          run(overlay, inner, o.ops, depth + 1);
          if (!o.commit) throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
      if (o.commit) {
        model.clear();
        for (const [k, v] of inner) model.set(k, v);
      }
    }
    assert.equal(overlay.depth, depth);
    for (let k = 0; k < KEY_SPACE.length; k++) {
      const got = overlay.get(keyOf(k));
      const want = model.get(k);
      assert.deepEqual(got === undefined ? undefined : [...got], want === undefined ? undefined : [want]);
    }
  }
}

test('Overlay matches a Map model under random ops and random transaction boundaries', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.nat(KEY_SPACE.length - 1).map(String), fc.nat(3)),
      fc.array(op, { maxLength: 12 }),
      (baseEntries, ops) => {
        const baseModel = new Map(Object.entries(baseEntries).map(([k, v]) => [Number(k), v] as const));
        const base = baseWith([...baseModel].map(([k, v]) => [keyOf(k), b(v)]));
        const overlay = new Overlay(base);
        const model = new Map(baseModel);
        run(overlay, model, ops, 0);

        // Net changes: exactly the keys whose value differs from the base, sorted by bytes.
        const expected: Array<[string, string | null]> = [];
        for (let k = 0; k < KEY_SPACE.length; k++) {
          const before = baseModel.get(k);
          const after = model.get(k);
          if (before === after) continue;
          expected.push([hex(keyOf(k)), after === undefined ? null : hex(b(after))]);
        }
        expected.sort(([x], [y]) => Buffer.compare(Buffer.from(x, 'hex'), Buffer.from(y, 'hex')));
        const changes = overlay.changes();
        assert.deepEqual(show(changes), expected);

        // Applying the changes to the base yields the model.
        base.apply(changes);
        for (let k = 0; k < KEY_SPACE.length; k++) {
          const got = base.get(keyOf(k));
          assert.deepEqual(got === undefined ? undefined : [...got], model.has(k) ? [model.get(k)] : undefined);
        }
      },
    ),
    { numRuns: 300 },
  );
});
