// The ABCI socket framing: uvarint length prefixes (Go's binary.PutUvarint), messages however the
// socket splits them, and lengths over the cap refused before anything of that size is buffered.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Request } from 'cosmjs-types/tendermint/abci/types';
import fc from 'fast-check';
import { ABCI_MAX_MESSAGE_BYTES, AbciFrameReader, frameMessage } from '../src/cometbft/abci-framing.js';

const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('ABCI framing', () => {
  test('length prefixes are Go uvarints', () => {
    // binary.PutUvarint: 0 → 00, 127 → 7f, 128 → 80 01, 300 → ac 02, 16384 → 80 80 01
    const prefix = (n: number) => Buffer.from(frameMessage(new Uint8Array(n)).subarray(0, -n || undefined)).toString('hex');
    assert.equal(Buffer.from(frameMessage(new Uint8Array(0))).toString('hex'), '00');
    assert.equal(prefix(127), '7f');
    assert.equal(prefix(128), '8001');
    assert.equal(prefix(300), 'ac02');
    assert.equal(prefix(16384), '808001');
  });

  test('an Echo request framed as CometBFT frames it', () => {
    const bytes = Request.encode({ echo: { message: 'hello' } }).finish();
    // Request.echo is field 1 (length-delimited): 0a 07 | RequestEcho.message field 1: 0a 05 "hello"
    assert.equal(Buffer.from(frameMessage(bytes)).toString('hex'), '090a070a0568656c6c6f');
    const [message] = new AbciFrameReader().push(frameMessage(bytes));
    assert.deepEqual(Request.decode(message as Uint8Array).echo, { message: 'hello' });
  });

  test('any split of a stream of messages gives back the same messages, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 40 }),
        (messages, cuts) => {
          const stream = concat(messages.map(frameMessage));
          const reader = new AbciFrameReader();
          const out: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = cuts[i % cuts.length] as number;
            out.push(...reader.push(stream.subarray(at, at + size)));
            at += size;
          }
          assert.deepEqual(out, messages);
          assert.equal(reader.pending, 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a length over the cap, or a run of 10 continuation bytes, is refused before buffering it', () => {
    const reader = new AbciFrameReader(1000);
    assert.throws(() => reader.push(new Uint8Array([0xe9, 0x07])), /1001 bytes is over the limit of 1000/);
    assert.throws(() => new AbciFrameReader().push(new Uint8Array(10).fill(0x80)), /malformed or oversized/);
    // Just the prefix of a message one byte over the default 64 MiB cap: refused with nothing else received.
    const over = ABCI_MAX_MESSAGE_BYTES + 1;
    const prefix = [(over & 0x7f) | 0x80, ((over >> 7) & 0x7f) | 0x80, ((over >> 14) & 0x7f) | 0x80, over >> 21];
    assert.throws(() => new AbciFrameReader().push(new Uint8Array(prefix)), /over the limit/);
  });
});
