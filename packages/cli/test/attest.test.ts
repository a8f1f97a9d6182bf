import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('../../bin/phalanx.js', import.meta.url));
const fixtures = fileURLToPath(
  new URL(process.env.PHALANX_FIXTURES ?? '../../../../../shared/fixtures/attestation/', import.meta.url),
);
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [bin, 'attest', 'verify', ...args]).then(
    ({ stdout }) => ({ code: 0, json: JSON.parse(stdout) }),
    (error: { code: number; stdout: string }) => ({ code: error.code, json: JSON.parse(error.stdout) }),
  );

describe('phalanx attest verify', () => {
  it('verifies the real SGX and TDX quotes at a time inside their windows', async () => {
    const sgx = await run(
      `${fixtures}/sgx_quote.bin`,
      '--collateral',
      `${fixtures}/sgx_quote_collateral.json`,
      '--at',
      '1751624924',
      '--json',
    );
    assert.equal(sgx.code, 0);
    assert.equal(sgx.json.ok, true);
    assert.equal(sgx.json.tee, 'sgx');
    assert.equal(sgx.json.status, 'ConfigurationAndSWHardeningNeeded');
    assert.deepEqual(sgx.json.advisories, ['INTEL-SA-00289', 'INTEL-SA-00615']);
    assert.equal(sgx.json.confidenceLevel, 3);
    assert.match(sgx.json.measurement, /^0x[0-9a-f]{64}$/);
    assert.match(sgx.json.reportData, /^0x[0-9a-f]{128}$/);
    const tdx = await run(
      `${fixtures}/tdx_quote.bin`,
      '--collateral',
      `${fixtures}/tdx_quote_collateral.json`,
      '--at',
      '1751624191',
      '--json',
    );
    assert.deepEqual(
      [tdx.json.ok, tdx.json.tee, tdx.json.status, tdx.json.advisories, tdx.json.confidenceLevel],
      [true, 'tdx', 'UpToDate', [], 1],
    );
  });

  it('answers {ok: false, error} for expired collateral and a mismatched pair', async () => {
    const expired = await run(
      `${fixtures}/sgx_quote.bin`,
      '--collateral',
      `${fixtures}/sgx_quote_collateral.json`,
      '--at',
      '1760000000',
      '--json',
    );
    assert.equal(expired.code, 1);
    assert.equal(expired.json.ok, false);
    assert.equal(expired.json.error.code, 'ATTESTATION_INVALID');
    assert.match(expired.json.error.message, /expired/i);
    const mixed = await run(
      `${fixtures}/sgx_quote.bin`,
      '--collateral',
      `${fixtures}/tdx_quote_collateral.json`,
      '--at',
      '1751624924',
      '--json',
    );
    assert.equal(mixed.json.ok, false);
  });
});
