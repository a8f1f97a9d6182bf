// Shared by the ink! engine tests: WAT → wasm through wabt (a second toolchain, not our writer),
// the fixtures of ../shared/fixtures/ink, a plain in-memory RawStorage and a call environment.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import type { RawStorage } from '../src/contracts/engine.js';
import type { InkEnv } from '../src/contracts/ink/host-context.js';

const wabt = await wabtInit();

/** `features`: wabt proposals to enable for a hostile module (e.g. `extended_const`). */
export function wat(text: string, features: Record<string, boolean> = {}): Uint8Array {
  const module = wabt.parseWat('test.wat', text, features);
  try {
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** ../shared beside the repository (five levels up from dist/test), or beside a worktree one level deeper. */
export const FIXTURES =
  process.env.PHALANX_INK_FIXTURES ??
  ['../../../../../shared/fixtures/ink', '../../../../../../shared/fixtures/ink']
    .map((dir) => join(import.meta.dirname, dir))
    .find((dir) => existsSync(dir)) ??
  'shared/fixtures/ink (set PHALANX_INK_FIXTURES)';
export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
export const fixtureWasm = (name: string) =>
  new Uint8Array(Buffer.from((JSON.parse(fixture(name)) as { source: { wasm: string } }).source.wasm.slice(2), 'hex'));

export class MemoryStorage implements RawStorage {
  readonly entries = new Map<string, Uint8Array>();
  get(key: Uint8Array): Uint8Array | undefined {
    return this.entries.get(Buffer.from(key).toString('hex'));
  }
  set(key: Uint8Array, value: Uint8Array | undefined): void {
    const id = Buffer.from(key).toString('hex');
    if (value === undefined) this.entries.delete(id);
    else this.entries.set(id, value.slice());
  }
}

export function testEnv(overrides: Partial<InkEnv> = {}): InkEnv {
  return {
    caller: new Uint8Array(32).fill(1),
    address: new Uint8Array(32).fill(2),
    codeHash: new Uint8Array(32).fill(3),
    blockNumber: 7,
    timestamp: 1_700_000_000_000,
    gasPrice: 2n,
    query: false,
    ...overrides,
  };
}
