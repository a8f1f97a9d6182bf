// Registration with real Intel DCAP quotes (../shared/fixtures/attestation), verified at the
// block's timestamp. The fixtures' report data is not the hash of any WorkerInfo of ours (no SGX
// machine here to make one), so the full success path is covered with simulated reports; these
// tests prove each refusal a real quote can meet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { verifyDcapQuote } from '@phalanx/attestation';
import { cryptoReady } from '@phalanx/crypto';
import { devGenesisConfig } from '../src/index.js';
import { dev, expectFailure, registry, root, TestChain, worker } from './pallet-helpers.js';

const fixtures = new URL(process.env.PHALANX_FIXTURES ?? '../../../../../shared/fixtures/attestation/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
/** 2025-07-04: inside both fixtures' collateral validity windows. */
const INSIDE_WINDOW_MS = 1_751_624_900_000n;
/** 2025-08-01: after both windows: the collateral has expired. */
const AFTER_WINDOW_MS = 1_754_006_400_000n;

const QUOTES = {
  sgx: { quote: 'sgx_quote.bin', collateral: 'sgx_quote_collateral.json' },
  tdx: { quote: 'tdx_quote.bin', collateral: 'tdx_quote_collateral.json' },
} as const;

function dcap(kind: keyof typeof QUOTES, edit: (quote: Uint8Array, collateral: Uint8Array) => void = () => {}) {
  const quote = read(QUOTES[kind].quote);
  const collateral = read(QUOTES[kind].collateral);
  edit(quote, collateral);
  return { tag: 'Dcap' as const, value: { quote, collateral } };
}

before(() => cryptoReady());

describe('Registry: DCAP attestation at the block time', () => {
  for (const kind of ['sgx', 'tdx'] as const) {
    test(`${kind}: a real quote verifies; an unlisted measurement is refused, then the report data is checked`, () => {
      const chain = new TestChain(devGenesisConfig(INSIDE_WINDOW_MS));
      const w = worker('w1');
      expectFailure(chain, dev.bob, registry.registerWorker(w.info, dcap(kind)), 'Registry', 'MeasurementNotAllowed');
      const at = Number(INSIDE_WINDOW_MS / 1000n);
      const { measurement } = verifyDcapQuote(read(QUOTES[kind].quote), read(QUOTES[kind].collateral), at);
      root(chain, registry.addMeasurement(measurement));
      // The quote is genuine and its measurement now allowed, but it attests other report data.
      const result = expectFailure(chain, dev.bob, registry.registerWorker(w.info, dcap(kind)), 'Registry', 'ReportDataMismatch');
      assert.ok(!result.outcome.ok && /report data/.test(result.outcome.error.message));
    });

    test(`${kind}: expired collateral (a block after its next-update date) is refused`, () => {
      const chain = new TestChain(devGenesisConfig(AFTER_WINDOW_MS));
      const result = expectFailure(
        chain,
        dev.bob,
        registry.registerWorker(worker('w1').info, dcap(kind)),
        'Registry',
        'BadAttestation',
      );
      assert.ok(!result.outcome.ok && /expired/i.test(result.outcome.error.message), 'the message says it expired');
    });

    test(`${kind}: a tampered report body or TCB info is refused`, () => {
      const chain = new TestChain(devGenesisConfig(INSIDE_WINDOW_MS));
      const w = worker('w1');
      const flipBody = dcap(kind, (quote) => {
        quote[48 + 100] = (quote[48 + 100] as number) ^ 1; // inside the report body (after the 48-byte header)
      });
      expectFailure(chain, dev.bob, registry.registerWorker(w.info, flipBody), 'Registry', 'BadAttestation');
      const editTcb = dcap(kind, (_quote, collateral) => {
        const text = Buffer.from(collateral).toString('utf8').replace('UpToDate', 'UpToDatf');
        collateral.set(Buffer.from(text));
      });
      expectFailure(chain, dev.bob, registry.registerWorker(w.info, editTcb), 'Registry', 'BadAttestation');
    });
  }
});
