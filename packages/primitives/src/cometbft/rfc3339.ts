import { PhalanxError } from '@phalanx/errors';
import type { CometbftTime } from './types.js';

/**
 * RFC 3339 UTC times as CometBFT's RPC writes them (Go's `time.RFC3339Nano`: 'Z', 0..9 fraction
 * digits with trailing zeros dropped) to a Timestamp. Pure arithmetic (no Date, no clock); only
 * 'Z' is accepted because CometBFT canonicalises every time to UTC (types/canonical.go).
 */
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

export function parseRfc3339(text: unknown, field: string): CometbftTime {
  const match = typeof text === 'string' ? RFC3339_UTC.exec(text) : null;
  const fail = (why: string) =>
    new PhalanxError('INVALID_INPUT', `${field} must be an RFC 3339 UTC time like 2026-01-02T03:04:05.123456789Z (${why})`, {
      details: { parameter: field },
    });
  if (match === null) throw fail('malformed');
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1) throw fail('year 0');
  if (month < 1 || month > 12) throw fail('month out of range');
  if (day < 1 || day > daysInMonth(year, month)) throw fail('day out of range');
  if (hour > 23 || minute > 59 || second > 59) throw fail('time of day out of range');
  const fraction = match[7] ?? '';
  const nanos = Number(fraction.padEnd(9, '0'));
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second);
  return { seconds, nanos };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
