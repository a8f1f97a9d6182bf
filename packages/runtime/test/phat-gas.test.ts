// Gas billing of contract commands (issue 10 item 3): a command reserves `gasLimit × gasPrice` from
// its sender, the receipt that states the gas used pays `min(used, limit) × price` to the gas account
// and frees the rest, a command whose receipt never comes is refunded after the timeout — and no
// value is created or lost on the way (a property test over random sequences).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, type Keypair } from '@phalanx/crypto';
import fc from 'fast-check';
import { COMMAND_GAS, GAS_ACCOUNT, Phat, readAccount, System, UNIT } from '../src/index.js';
import { totalIssuance } from './helpers.js';
import { dev, envelope, eventsOf, expectFailure, expectOk, phat } from './pallet-helpers.js';
import { type Deployed, deployed, receipts } from './phat-setup.js';

before(async () => {
  await cryptoReady();
});

const reservedOf = (d: Deployed, who: Keypair) => readAccount(d.s.chain.state, who.publicKey).reserved;
const freeOf = (d: Deployed, account: Uint8Array) => readAccount(d.s.chain.state, account).free;
const blockEvents = (d: Deployed, name: string) => eventsOf(System.Events.getOr(d.s.chain.state, []), 'Phat', name);

describe('Phat: gas billing', () => {
  test('a command reserves gasLimit × gasPrice; its receipt pays the gas used and frees the rest', () => {
    const d = deployed();
    const before = readAccount(d.s.chain.state, dev.dave.publicKey);
    const sent = d.s.chain.submit(dev.dave, phat.command(d.contract, envelope(2), 5_000_000n, 200n));
    expectOk(sent);
    const held = readAccount(d.s.chain.state, dev.dave.publicKey);
    assert.equal(held.reserved - before.reserved, 1_000_000_000n, 'limit × price reserved');
    assert.equal(before.free - held.free, 1_000_000_000n + sent.fee);
    assert.deepEqual(Phat.GasReservations.get(d.s.chain.state, [d.contract, 0n])?.gasLimit, 5_000_000n);

    expectOk(d.s.chain.submit(dev.bob, receipts(d, [[0n, 1_250_000n]])));
    const after = readAccount(d.s.chain.state, dev.dave.publicKey);
    assert.equal(after.reserved, before.reserved, 'the reserve is gone');
    assert.equal(before.free - after.free, 250_000_000n + sent.fee, 'paid: gas used × price (and the fee)');
    assert.equal(after.free - held.free, 750_000_000n, 'the unused part is freed');
    assert.equal(freeOf(d, GAS_ACCOUNT), 250_000_000n, 'to the gas account, not burned');
    assert.deepEqual(blockEvents(d, 'GasSettled'), [
      { contract: d.contract, sequence: 0n, payer: dev.dave.publicKey, gasUsed: 1_250_000n, charged: 250_000_000n },
    ]);
    assert.equal(Phat.GasReservations.get(d.s.chain.state, [d.contract, 0n]), undefined);
  });

  test('a heavy call costs its sender more than a light one: the fee follows the gas', () => {
    const d = deployed();
    const cost = (gasUsed: bigint, sequence: bigint) => {
      const before = freeOf(d, dev.eve.publicKey);
      expectOk(d.s.chain.submit(dev.eve, phat.command(d.contract, envelope(2), COMMAND_GAS.maxLimit, 100n)));
      const fee = before - freeOf(d, dev.eve.publicKey) - COMMAND_GAS.maxLimit * 100n;
      expectOk(d.s.chain.submit(dev.bob, receipts(d, [[sequence, gasUsed]])));
      return before - freeOf(d, dev.eve.publicKey) - fee;
    };
    assert.equal(cost(200_000n, 0n), 20_000_000n);
    assert.equal(cost(900_000_000n, 1n), 90_000_000_000n);
  });

  test('gas used beyond the limit is charged at the limit; a second receipt charges nothing', () => {
    const d = deployed();
    expectOk(d.s.chain.submit(dev.dave, phat.command(d.contract, envelope(2), 1_000_000n, 100n)));
    const held = freeOf(d, dev.dave.publicKey);
    expectOk(d.s.chain.submit(dev.bob, receipts(d, [[0n, 7_000_000n]])));
    assert.equal(held - freeOf(d, dev.dave.publicKey), 0n, 'the whole reserve was the most it could pay');
    assert.equal(reservedOf(d, dev.dave), 0n);
    expectOk(d.s.chain.submit(dev.bob, receipts(d, [[0n, 500_000n]])));
    assert.equal(freeOf(d, GAS_ACCOUNT), 100_000_000n, 'settled once');
  });

  test('bad gas terms and a sender who cannot reserve are refused, with nothing reserved or sequenced', () => {
    const d = deployed();
    const { chain } = d.s;
    expectFailure(chain, dev.dave, phat.command(d.contract, envelope(2), COMMAND_GAS.minLimit - 1n), 'Phat', 'InvalidGasLimit');
    expectFailure(chain, dev.dave, phat.command(d.contract, envelope(2), COMMAND_GAS.maxLimit + 1n), 'Phat', 'InvalidGasLimit');
    expectFailure(chain, dev.dave, phat.command(d.contract, envelope(2), 1_000_000n, 99n), 'Phat', 'GasPriceTooLow');
    const rich = 10n ** 30n; // more than dave holds
    expectFailure(chain, dev.dave, phat.command(d.contract, envelope(2), 1_000_000n, rich), 'Balances', 'InsufficientBalance');
    assert.equal(reservedOf(d, dev.dave), 0n);
    assert.equal(Phat.CommandSequences.get(chain.state, d.contract), undefined);
  });

  test('a command with no receipt is refunded in full after the timeout, and its records are gone', () => {
    const d = deployed();
    const { chain } = d.s;
    expectOk(chain.submit(dev.dave, phat.command(d.contract, envelope(2), 2_000_000n, 100n)));
    const expiresAt = chain.number + COMMAND_GAS.receiptTimeout;
    while (chain.number < expiresAt - 1) chain.block([]);
    assert.equal(reservedOf(d, dev.dave), 200_000_000n, 'still reserved just before the timeout');
    chain.block([]);
    assert.equal(reservedOf(d, dev.dave), 0n);
    assert.deepEqual(blockEvents(d, 'GasRefunded'), [
      { contract: d.contract, sequence: 0n, payer: dev.dave.publicKey, amount: 200_000_000n },
    ]);
    assert.equal(Phat.GasReservations.get(chain.state, [d.contract, 0n]), undefined);
    assert.equal(Phat.GasExpiryCount.get(chain.state, expiresAt), undefined);
    assert.equal(Phat.GasExpiries.get(chain.state, [expiresAt, 0]), undefined);
    // A receipt arriving after the refund pays nothing (the workers were down that long).
    expectOk(chain.submit(dev.bob, receipts(d, [[0n, 300_000n]])));
    assert.equal(freeOf(d, GAS_ACCOUNT), 0n);
  });

  test('a gas reservation is held: Balances.unreserve cannot free it, so its refund at the timeout cannot fail', () => {
    const d = deployed();
    const { chain } = d.s;
    expectOk(chain.submit(dev.dave, phat.command(d.contract, envelope(2), 2_000_000n, 100n)));
    const unreserve = { tag: 'Balances' as const, value: { tag: 'unreserve' as const, value: { value: 200_000_000n } } };
    expectFailure(chain, dev.dave, unreserve, 'Balances', 'InsufficientReserve');
    assert.equal(reservedOf(d, dev.dave), 200_000_000n, 'still reserved');
    const expiresAt = chain.number + COMMAND_GAS.receiptTimeout;
    while (chain.number < expiresAt) chain.block([]); // the expiry hook refunds it; no block fails
    assert.equal(reservedOf(d, dev.dave), 0n);
  });

  test('value is conserved: total issuance = free + reserved over random commands, receipts and timeouts', () => {
    const signers = [dev.dave, dev.eve, dev.charlie];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('command' as const),
        who: fc.nat(signers.length - 1),
        gasLimit: fc.bigInt({ min: COMMAND_GAS.minLimit, max: COMMAND_GAS.maxLimit }),
        gasPrice: fc.oneof(fc.bigInt({ min: COMMAND_GAS.minPrice, max: 10_000n }), fc.constant(UNIT * 1000n)),
      }),
      fc.record({
        kind: fc.constant('receipt' as const),
        of: fc.nat(20),
        gasUsed: fc.oneof(fc.bigInt({ min: 0n, max: COMMAND_GAS.maxLimit * 2n }), fc.constant(0n)),
      }),
      fc.record({ kind: fc.constant('blocks' as const), count: fc.constantFrom(1, 7, COMMAND_GAS.receiptTimeout) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const d = deployed();
        const { chain } = d.s;
        const issuance = totalIssuance(chain.state);
        const reservedBefore = signers.map((who) => reservedOf(d, who));
        let commands = 0n;
        for (const s of steps) {
          if (s.kind === 'command') {
            chain.block([[signers[s.who] as Keypair, phat.command(d.contract, envelope(2), s.gasLimit, s.gasPrice)]]);
            commands = Phat.CommandSequences.get(chain.state, d.contract) ?? 0n;
          } else if (s.kind === 'receipt') {
            expectOk(chain.submit(dev.bob, receipts(d, [[BigInt(s.of) % (commands + 1n), s.gasUsed]])));
          } else {
            for (let i = 0; i < s.count; i++) chain.block([]);
          }
          assert.equal(totalIssuance(chain.state), issuance, 'no value created or lost');
        }
        // What stays reserved is exactly what the pending reservations hold.
        const pending = new Map<string, bigint>();
        for (let sequence = 0n; sequence < commands; sequence++) {
          const held = Phat.GasReservations.get(chain.state, [d.contract, sequence]);
          if (held === undefined) continue;
          const key = Buffer.from(held.payer).toString('hex');
          pending.set(key, (pending.get(key) ?? 0n) + held.gasLimit * held.gasPrice);
        }
        signers.forEach((who, i) => {
          const expected = (reservedBefore[i] ?? 0n) + (pending.get(Buffer.from(who.publicKey).toString('hex')) ?? 0n);
          assert.equal(reservedOf(d, who), expected);
        });
      }),
      { numRuns: 25 },
    );
  });
});
