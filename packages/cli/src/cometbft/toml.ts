import { PhalanxError } from '@phalanx/errors';

/**
 * Sets `key = value` in `section` ('' = the top level) of CometBFT's generated config.toml. It
 * edits the file CometBFT wrote rather than writing one of our own, so every setting we do not
 * name keeps CometBFT's default for the pinned version; a key that is not there is an error (a
 * renamed setting in a new version must not be silently ignored).
 */
export function setTomlValue(text: string, section: string, key: string, value: string | number | boolean): string {
  const lines = text.split('\n');
  let current = '';
  const rendered = typeof value === 'string' ? JSON.stringify(value) : String(value);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header !== null) {
      current = header[1] as string;
      continue;
    }
    if (current === section && new RegExp(`^${key}\\s*=`).test(line)) {
      lines[i] = `${key} = ${rendered}`;
      return lines.join('\n');
    }
  }
  throw new PhalanxError('INTERNAL', `CometBFT's config.toml has no "${key}" in [${section || 'top level'}]`);
}

export function setTomlValues(text: string, values: readonly [section: string, key: string, value: string | number | boolean][]) {
  return values.reduce((out, [section, key, value]) => setTomlValue(out, section, key, value), text);
}
