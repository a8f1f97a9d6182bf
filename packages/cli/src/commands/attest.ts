import { readFileSync } from 'node:fs';
import { verifyDcapQuote } from '@phalanx/attestation';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { parseCommandArgs, usageError } from '../args.js';
import { type Io, printJson } from '../output.js';

export const ATTEST_HELP = `phalanx attest — remote attestation, offline

Usage:
  phalanx attest verify QUOTE_FILE --collateral FILE --at UNIX_SECONDS [--json]
      Verifies an Intel SGX or TDX DCAP quote against its collateral (JSON as Intel PCS/PCCS
      serve it) at the given time — the same check the chain makes at a block's timestamp.
      Prints {ok, tee, status, advisories, measurement, reportData, confidenceLevel}.`;

const options = {
  collateral: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw new PhalanxError('INVALID_INPUT', `cannot read the ${what} file ${path}`, { cause });
  }
}

export async function attestCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('attest', rest, options);
  if (values.help || sub === undefined || sub === 'help') {
    io.out(ATTEST_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'verify') throw usageError(`unknown attest command "${sub}" (try verify)`);
  const [quoteFile, ...extra] = positionals;
  if (quoteFile === undefined || extra.length > 0) throw usageError('attest verify takes exactly one QUOTE_FILE');
  if (values.collateral === undefined) throw usageError('attest verify needs --collateral FILE');
  if (values.at === undefined || !/^\d{1,12}$/.test(values.at))
    throw usageError('attest verify needs --at UNIX_SECONDS (the time to verify at)');
  await cryptoReady();
  const report = verifyDcapQuote(readInput(quoteFile, 'quote'), readInput(values.collateral, 'collateral'), Number(values.at));
  const view = {
    ok: true,
    tee: report.tee,
    status: report.status,
    advisories: report.advisories,
    measurement: toHex(report.measurement),
    reportData: toHex(report.reportData),
    confidenceLevel: report.confidenceLevel,
  };
  if (values.json) printJson(io, view);
  else
    io.out(
      `${view.tee.toUpperCase()} quote verified: ${view.status} (confidence level ${view.confidenceLevel}), measurement ${view.measurement}`,
    );
  return 0;
}
