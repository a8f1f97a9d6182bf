import { blake2_256 } from '@phalanx/crypto';
import type { ContractEngine, EngineSession } from './engine.js';
import { parseBundle } from './ink/bundle.js';

/**
 * Whether contract code is an ink! `.contract` bundle (a JSON object) rather than a JS module. A JS
 * module compiled for Phalanx never starts with `{"`; a bundle always does (cargo-contract writes
 * `{\n  "source": …`), so the test needs no parse.
 */
export const isInkBundle = (code: string): boolean => /^\s*\{\s*"/.test(code);

/** The ink! code hash of a bundle (blake2_256 of its wasm, what `code_hash` and `delegate_call` name); none for JS. */
export function inkCodeHashOf(code: string): Uint8Array | undefined {
  if (!isInkBundle(code)) return undefined;
  try {
    return blake2_256(parseBundle(code).wasm);
  } catch {
    return undefined;
  }
}

/**
 * One ContractEngine for the worker over both engines: each contract's code picks its engine (an
 * ink! bundle the ink! engine, anything else the JS engine), so the worker, its instances and their
 * state, commits and receipts are the same for both.
 */
export class EngineRouter implements ContractEngine {
  readonly name = 'router';

  constructor(
    private readonly js: ContractEngine,
    private readonly ink: ContractEngine,
  ) {}

  private pick(code: string): ContractEngine {
    return isInkBundle(code) ? this.ink : this.js;
  }

  open(code: string): Promise<EngineSession> {
    return this.pick(code).open(code);
  }

  openForQueries(code: string): Promise<EngineSession> {
    return this.pick(code).openForQueries(code);
  }

  openSync(code: string): EngineSession | undefined {
    return this.pick(code).openSync?.(code);
  }
}
