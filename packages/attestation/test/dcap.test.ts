// Real Intel DCAP quotes from ../shared/fixtures/attestation, verified offline at a given time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import fc from 'fast-check';
import { confidenceOf, MAX_QUOTE_BYTES, verifyDcapQuote } from '../src/index.js';
import expected from './vectors/fixtures-expected.json' with { type: 'json' };

const fixtures = new URL(process.env.PHALANX_FIXTURES ?? '../../../../../shared/fixtures/attestation/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
const invalid = (error: unknown) => isPhalanxError(error, 'ATTESTATION_INVALID');

before(() => cryptoReady());

describe('DCAP quote verification', () => {
  for (const fixture of expected.fixtures) {
    const quote = () => read(fixture.quote);
    const collateral = () => read(fixture.collateral);

    test(`${fixture.tee}: verifies inside the collateral window with the documented status`, () => {
      const report = verifyDcapQuote(quote(), collateral(), fixture.at);
      assert.equal(report.tee, fixture.tee);
      assert.equal(report.status, fixture.status);
      assert.deepEqual(report.advisories, fixture.advisories);
      assert.equal(report.confidenceLevel, fixture.confidenceLevel);
      assert.equal(toHex(report.measurement), fixture.measurement, 'measurement derivation is pinned');
      assert.equal(toHex(report.reportData), fixture.reportData);
    });

    test(`${fixture.tee}: refused before the window opens and after it closes (expired)`, () => {
      assert.throws(() => verifyDcapQuote(quote(), collateral(), fixture.windowStart - 86_400), invalid);
      assert.throws(
        () => verifyDcapQuote(quote(), collateral(), fixture.windowEnd + 86_400),
        (error: unknown) => invalid(error) && /expired/i.test((error as Error).message),
      );
    });

    test(`${fixture.tee}: flipping any bit of the report body fails`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 48, max: 48 + fixture.bodyLength - 1 }), fc.integer({ min: 0, max: 7 }), (offset, bit) => {
          const tampered = quote();
          tampered[offset] = (tampered[offset] as number) ^ (1 << bit);
          assert.throws(() => verifyDcapQuote(tampered, collateral(), fixture.at), invalid);
        }),
        { numRuns: 25 },
      );
    });

    test(`${fixture.tee}: edited TCB info or QE identity fails`, () => {
      for (const field of ['tcb_info', 'qe_identity']) {
        const json = JSON.parse(Buffer.from(collateral()).toString('utf8'));
        json[field] = json[field].replace('"version":', '"version": ');
        assert.throws(() => verifyDcapQuote(quote(), JSON.stringify(json), fixture.at), invalid, field);
      }
    });
  }

  test('malformed input is refused with a typed error', () => {
    const collateral = read('sgx_quote_collateral.json');
    assert.throws(() => verifyDcapQuote(new Uint8Array(10), collateral, 1_751_624_924), invalid);
    assert.throws(() => verifyDcapQuote(new Uint8Array(MAX_QUOTE_BYTES + 1), collateral, 1_751_624_924), {
      code: 'INVALID_INPUT',
    });
    assert.throws(() => verifyDcapQuote(read('sgx_quote.bin'), 'not json', 1_751_624_924), invalid);
    assert.throws(() => verifyDcapQuote(read('sgx_quote.bin'), '{"tcb_info": 1}', 1_751_624_924), invalid);
    assert.throws(() => verifyDcapQuote(read('sgx_quote.bin'), collateral, -1), { code: 'INVALID_INPUT' });
  });

  test('TCB status → confidence level', () => {
    assert.equal(confidenceOf('UpToDate'), 1);
    assert.equal(confidenceOf('SWHardeningNeeded'), 2);
    assert.equal(confidenceOf('ConfigurationAndSWHardeningNeeded'), 3);
    assert.equal(confidenceOf('OutOfDate'), 4);
    assert.equal(confidenceOf('Revoked'), undefined);
    assert.equal(confidenceOf('toString'), undefined);
  });
});
