// MQ pallet: signed messages from every origin kind, exact sequencing (duplicates are no-ops,
// gaps fail), signatures bound to the chain id, the per-block outbound queue, and the routing of
// the chain's own topics (MasterKey publication).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { type Message, type SignedMessage, signMessage } from '@phalanx/primitives';
import { DispatchError, MapState, MQ_LIMITS, MQ_TOPICS, Mq, Overlay, pushPalletMessage, Registry } from '../src/index.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  kp,
  mq,
  names,
  registerGatekeeper,
  registerWorker,
  signed,
  TestChain,
  worker,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const account = (who: Uint8Array) => ({ tag: 'Account' as const, value: who });

function outbound(chain: TestChain): Message[] {
  const count = Mq.OutboundCount.get(chain.state) ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const message = Mq.Outbound.get(chain.state, i);
    assert.ok(message !== undefined);
    return message;
  });
}

describe('Mq: pushMessage', () => {
  test('accepts the next sequence: bumps it, queues the message, emits MessageAccepted', () => {
    const chain = new TestChain();
    const origin = account(dev.bob.publicKey);
    const msg = signed(chain, dev.bob, origin, 'app/hello', utf8('hi'), 0n);
    const result = chain.submit(dev.bob, mq.push(msg));
    expectOk(result);
    assert.deepEqual(names(result.events), ['Balances.FeePaid', 'Mq.MessageAccepted', 'System.ExtrinsicSuccess']);
    assert.deepEqual(eventsOf(result.events, 'Mq', 'MessageAccepted'), [{ origin, topic: utf8('app/hello'), sequence: 0n }]);
    assert.equal(Mq.Sequences.get(chain.state, origin), 1n);
    assert.deepEqual(outbound(chain), [msg.message]);
    expectOk(chain.submit(dev.bob, mq.push(signed(chain, dev.bob, origin, 'app/hello', utf8('again'), 1n))));
    assert.equal(Mq.Sequences.get(chain.state, origin), 2n);
  });

  test('the outbound queue holds only the current block, in order', () => {
    const chain = new TestChain();
    const bob = account(dev.bob.publicKey);
    const charlie = account(dev.charlie.publicKey);
    const a = signed(chain, dev.bob, bob, 't', utf8('a'), 0n);
    const b = signed(chain, dev.charlie, charlie, 't', utf8('b'), 0n);
    const c = signed(chain, dev.bob, bob, 't', utf8('c'), 1n);
    for (const r of chain.block([
      [dev.bob, mq.push(a)],
      [dev.charlie, mq.push(b)],
      [dev.bob, mq.push(c)],
    ]))
      expectOk(r);
    assert.deepEqual(outbound(chain), [a.message, b.message, c.message]);
    chain.block([]);
    assert.equal(Mq.OutboundCount.get(chain.state), undefined);
    assert.equal(Mq.Outbound.get(chain.state, 0), undefined);
    assert.equal(Mq.Sequences.get(chain.state, bob), 2n, 'sequences persist');
  });

  test('a replayed sequence is a successful no-op (MessageDuplicate), even within one block', () => {
    const chain = new TestChain();
    const origin = account(dev.bob.publicKey);
    const msg = signed(chain, dev.bob, origin, 't', utf8('x'), 0n);
    const [first, second] = chain.block([
      [dev.bob, mq.push(msg)],
      [dev.bob, mq.push(msg)],
    ]);
    assert.ok(first !== undefined && second !== undefined);
    expectOk(first);
    expectOk(second);
    assert.deepEqual(names(second.events), ['Balances.FeePaid', 'Mq.MessageDuplicate', 'System.ExtrinsicSuccess']);
    assert.deepEqual(eventsOf(second.events, 'Mq', 'MessageDuplicate'), [{ origin, sequence: 0n }]);
    assert.equal(Mq.Sequences.get(chain.state, origin), 1n);
    assert.deepEqual(outbound(chain), [msg.message], 'queued once');
    // In a later block too (a late copy).
    const late = chain.submit(dev.bob, mq.push(msg));
    expectOk(late);
    assert.deepEqual(names(late.events), ['Balances.FeePaid', 'Mq.MessageDuplicate', 'System.ExtrinsicSuccess']);
    assert.deepEqual(outbound(chain), []);
  });

  test('a sequence gap is refused', () => {
    const chain = new TestChain();
    const origin = account(dev.bob.publicKey);
    expectFailure(chain, dev.bob, mq.push(signed(chain, dev.bob, origin, 't', utf8('x'), 1n)), 'Mq', 'SequenceGap');
    assert.equal(Mq.Sequences.get(chain.state, origin), undefined);
  });

  test('a forged or altered signature is refused', () => {
    const chain = new TestChain();
    const origin = account(dev.bob.publicKey);
    const msg = signed(chain, dev.bob, origin, 't', utf8('pay 1'), 0n);
    const altered: SignedMessage = { ...msg, message: { ...msg.message, payload: utf8('pay 9') } };
    expectFailure(chain, dev.bob, mq.push(altered), 'Mq', 'BadSignature');
    const resequenced: SignedMessage = { ...msg, sequence: 1n };
    expectFailure(chain, dev.bob, mq.push(resequenced), 'Mq', 'BadSignature');
    // Signed by Charlie's key but naming Bob as origin.
    const byCharlie = signMessage(dev.charlie, { ...msg.message, origin: account(dev.charlie.publicKey) }, 0n, chain.chainId);
    expectFailure(chain, dev.bob, mq.push({ ...byCharlie, message: msg.message }), 'Mq', 'BadSignature');
  });

  test('a message signed for another chain is refused', () => {
    const chain = new TestChain();
    const origin = account(dev.bob.publicKey);
    const foreign = signMessage(dev.bob, { origin, topic: utf8('t'), payload: utf8('x') }, 0n, blake2_256(utf8('other chain')));
    expectFailure(chain, dev.bob, mq.push(foreign), 'Mq', 'BadSignature');
  });

  test('an account origin must be the extrinsic signer', () => {
    const chain = new TestChain();
    const msg = signed(chain, dev.bob, account(dev.bob.publicKey), 't', utf8('x'), 0n);
    expectFailure(chain, dev.charlie, mq.push(msg), 'Mq', 'AccountMismatch');
  });

  test('pallet origins are refused', () => {
    const chain = new TestChain();
    const forged: SignedMessage = {
      message: { origin: { tag: 'Pallet', value: 'Phat' }, topic: utf8(MQ_TOPICS.command), payload: new Uint8Array(8) },
      sequence: 0n,
      signature: new Uint8Array(64),
    };
    expectFailure(chain, dev.bob, mq.push(forged), 'Mq', 'PalletOriginRefused');
  });

  test('worker origins must be registered workers', () => {
    const chain = new TestChain();
    const stranger = worker('stranger');
    const origin = { tag: 'Worker' as const, value: stranger.identity.publicKey };
    expectFailure(chain, dev.bob, mq.push(signed(chain, stranger.identity, origin, 't', utf8('x'), 0n)), 'Mq', 'UnknownWorker');
    const w = registerWorker(chain, 'w1');
    const from = { tag: 'Worker' as const, value: w.identity.publicKey };
    expectOk(chain.submit(dev.dave, mq.push(signed(chain, w.identity, from, 'worker/heartbeat', utf8('x'), 0n))));
    assert.equal(Mq.Sequences.get(chain.state, from), 1n);
  });

  test('gatekeeper origins must be gatekeepers (a registered worker is not)', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    const origin = { tag: 'Gatekeeper' as const, value: w.identity.publicKey };
    expectFailure(chain, dev.bob, mq.push(signed(chain, w.identity, origin, 't', utf8('x'), 0n)), 'Mq', 'NotGatekeeper');
  });

  test('contract origins must be deployed contracts', () => {
    const chain = new TestChain();
    const key = kp('//contract/none/identity');
    const origin = { tag: 'Contract' as const, value: key.publicKey };
    expectFailure(chain, dev.bob, mq.push(signed(chain, key, origin, 't', utf8('x'), 0n)), 'Mq', 'UnknownContract');
  });

  test("the chain's own topics are reserved for their origin kind", () => {
    const chain = new TestChain();
    const bob = account(dev.bob.publicKey);
    for (const topic of [MQ_TOPICS.command, MQ_TOPICS.instantiate, MQ_TOPICS.masterPubkey, MQ_TOPICS.contractKeys]) {
      expectFailure(chain, dev.bob, mq.push(signed(chain, dev.bob, bob, topic, new Uint8Array(32), 0n)), 'Mq', 'TopicNotAllowed');
    }
  });
});

describe('Mq: MasterKey publication (routed to the registry)', () => {
  const keys = {
    get master() {
      return kp('//master');
    },
    get other() {
      return kp('//master/other');
    },
  };

  test('the first publication by a gatekeeper sets the MasterKey; the same key again is a no-op', () => {
    const chain = new TestChain();
    const gk = registerGatekeeper(chain, 'gk1');
    const origin = { tag: 'Gatekeeper' as const, value: gk.identity.publicKey };
    const publish = (seq: bigint, key: Uint8Array) => signed(chain, gk.identity, origin, MQ_TOPICS.masterPubkey, key, seq);
    const result = chain.submit(dev.bob, mq.push(publish(0n, keys.master.publicKey)));
    expectOk(result);
    assert.deepEqual(names(result.events), [
      'Balances.FeePaid',
      'Registry.MasterPubkeyPublished',
      'Mq.MessageAccepted',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'MasterPubkeyPublished'), [{ pubkey: keys.master.publicKey }]);
    assert.deepEqual(Registry.MasterPubkey.get(chain.state), keys.master.publicKey);
    assert.deepEqual(
      outbound(chain).map((m) => m.topic),
      [utf8(MQ_TOPICS.masterPubkey)],
      'also delivered to enclaves',
    );

    const again = chain.submit(dev.bob, mq.push(publish(1n, keys.master.publicKey)));
    assert.deepEqual(names(again.events), ['Balances.FeePaid', 'Mq.MessageAccepted', 'System.ExtrinsicSuccess']);
  });

  test('a later different key is reported and the first kept', () => {
    const chain = new TestChain();
    const gk1 = registerGatekeeper(chain, 'gk1');
    const gk2 = registerGatekeeper(chain, 'gk2');
    const from = (gk: typeof gk1) => ({ tag: 'Gatekeeper' as const, value: gk.identity.publicKey });
    expectOk(
      chain.submit(dev.bob, mq.push(signed(chain, gk1.identity, from(gk1), MQ_TOPICS.masterPubkey, keys.master.publicKey, 0n))),
    );
    const result = chain.submit(
      dev.bob,
      mq.push(signed(chain, gk2.identity, from(gk2), MQ_TOPICS.masterPubkey, keys.other.publicKey, 0n)),
    );
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'MasterPubkeyConflict'), [
      { gatekeeper: gk2.identity.publicKey, recorded: keys.master.publicKey, published: keys.other.publicKey },
    ]);
    assert.deepEqual(Registry.MasterPubkey.get(chain.state), keys.master.publicKey);
  });

  test('publication by a non-gatekeeper is refused, under any origin kind', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    const asGatekeeper = { tag: 'Gatekeeper' as const, value: w.identity.publicKey };
    const asWorker = { tag: 'Worker' as const, value: w.identity.publicKey };
    expectFailure(
      chain,
      dev.bob,
      mq.push(signed(chain, w.identity, asGatekeeper, MQ_TOPICS.masterPubkey, keys.master.publicKey, 0n)),
      'Mq',
      'NotGatekeeper',
    );
    expectFailure(
      chain,
      dev.bob,
      mq.push(signed(chain, w.identity, asWorker, MQ_TOPICS.masterPubkey, keys.master.publicKey, 0n)),
      'Mq',
      'TopicNotAllowed',
    );
    assert.equal(Registry.MasterPubkey.get(chain.state), undefined);
  });

  test('a malformed payload fails the push and does not consume the sequence', () => {
    const chain = new TestChain();
    const gk = registerGatekeeper(chain, 'gk1');
    const origin = { tag: 'Gatekeeper' as const, value: gk.identity.publicKey };
    const bad = signed(chain, gk.identity, origin, MQ_TOPICS.masterPubkey, new Uint8Array(31), 0n);
    expectFailure(chain, dev.bob, mq.push(bad), 'Mq', 'BadPayload');
    assert.equal(Mq.Sequences.get(chain.state, origin), undefined);
    expectOk(
      chain.submit(dev.bob, mq.push(signed(chain, gk.identity, origin, MQ_TOPICS.masterPubkey, keys.master.publicKey, 0n))),
    );
  });

  test('once published, the MasterKey may speak as a gatekeeper (identical egress from every gatekeeper)', () => {
    const chain = new TestChain();
    const gk = registerGatekeeper(chain, 'gk1');
    const origin = { tag: 'Gatekeeper' as const, value: gk.identity.publicKey };
    const masterOrigin = { tag: 'Gatekeeper' as const, value: keys.master.publicKey };
    const early = signed(chain, keys.master, masterOrigin, 'gatekeeper/announce', utf8('x'), 0n);
    expectFailure(chain, dev.bob, mq.push(early), 'Mq', 'NotGatekeeper');
    expectOk(
      chain.submit(dev.bob, mq.push(signed(chain, gk.identity, origin, MQ_TOPICS.masterPubkey, keys.master.publicKey, 0n))),
    );
    const [a, b] = chain.block([
      [dev.bob, mq.push(early)],
      [dev.charlie, mq.push(early)],
    ]);
    assert.ok(a !== undefined && b !== undefined);
    assert.deepEqual(names(a.events), ['Balances.FeePaid', 'Mq.MessageAccepted', 'System.ExtrinsicSuccess']);
    assert.deepEqual(names(b.events), ['Balances.FeePaid', 'Mq.MessageDuplicate', 'System.ExtrinsicSuccess']);
  });
});

describe('Mq: pallet messages', () => {
  test('pushPalletMessage queues unsigned Pallet-origin messages, bounded in size and count', () => {
    const state = new Overlay(new MapState());
    const ctx = { state };
    pushPalletMessage(ctx, 'Phat', 'phalanx/test', utf8('payload'));
    assert.deepEqual(Mq.Outbound.get(state, 0), {
      origin: { tag: 'Pallet', value: 'Phat' },
      topic: utf8('phalanx/test'),
      payload: utf8('payload'),
    });
    assert.throws(
      () => pushPalletMessage(ctx, 'Phat', 'phalanx/test', new Uint8Array(64 * 1024 + 1)),
      (e: unknown) => e instanceof DispatchError && e.error === 'PayloadTooLarge',
    );
    Mq.OutboundCount.set(state, MQ_LIMITS.maxOutbound);
    assert.throws(
      () => pushPalletMessage(ctx, 'Phat', 'phalanx/test', utf8('one too many')),
      (e: unknown) => e instanceof DispatchError && e.pallet === 'Mq' && e.error === 'OutboundFull',
    );
    assert.equal(Mq.OutboundCount.get(state), MQ_LIMITS.maxOutbound, 'nothing was added');
  });
});
