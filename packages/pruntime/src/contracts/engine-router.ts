import type { ContractEngine, EngineSession } from './engine.js';

/**
 * Whether contract code is an ink! `.contract` bundle (a JSON object) rather than a JS module. A JS
 * module compiled for Phalanx never starts with `{"`; a bundle always does (cargo-contract writes
 * `{\n  "source": …`), so the test needs no parse.
 */
export const isInkBundle = (code: string): boolean => /^\s*\{\s*"/.test(code);

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
}
