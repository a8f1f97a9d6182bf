// Formatting for the explorer's views: pure, so the unit tests pin what a person reads.
import { PhalanxError } from '@phalanx/errors';

/** Planck → "1.5 PHA" (12 decimals by default), trailing zeros dropped, thousands grouped. */
export function formatBalance(value: bigint, decimals = 12, symbol = 'PHA'): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (abs % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`} ${symbol}`;
}

/** "0x1234…abcd": enough of a hash to recognise it. */
export function shortHash(hex: string, keep = 6): string {
  return hex.length <= 2 + 2 * keep ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

/** Bytes as "512 B", "1.5 KiB", "2.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A duration in ms as "250 ms", "1.2 s", "3 min 4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** How long ago `then` was, at `now` (both ms): "just now", "12 s ago", "3 min ago". */
export function formatAgo(then: number, now: number): string {
  const ms = Math.max(0, now - then);
  if (ms < 1000) return 'just now';
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/** A decoded value (bigints, byte arrays, tagged enums) as short JSON-like text for a table cell. */
export function formatValue(value: unknown, maxBytes = 32): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) {
      const hex = `0x${Array.from(v.subarray(0, maxBytes), (b) => b.toString(16).padStart(2, '0')).join('')}`;
      return v.length > maxBytes ? `${hex}… (${v.length} B)` : hex;
    }
    return v;
  });
}

/** Lowercase hex of bytes with 0x. */
export function hex(bytes: Uint8Array): string {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** "1.5" (PHA) → planck; refuses more decimals than the token has. */
export function parseAmount(text: string, decimals = 12): bigint {
  const match = /^\s*(\d+)(?:\.(\d+))?\s*(PHA)?\s*$/i.exec(text);
  if (match === null) throw new PhalanxError('INVALID_INPUT', `"${text}" is not an amount (e.g. 1.5 or 1.5PHA)`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new PhalanxError('INVALID_INPUT', `at most ${decimals} decimals`);
  return BigInt(match[1] as string) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
