import { type AttestationReport, verifyDcapQuote } from '@phalanx/attestation';
import { blake2_256, derive, equalBytes, toHex, utf8 } from '@phalanx/crypto';
import { describeType, PhalanxError } from '@phalanx/errors';
import { type Attestation, REGISTRY_LIMITS } from '@phalanx/runtime';
import { assertReportData, TEE_LENGTHS, type Tee } from './tee.js';

/** What the dstack guest agent answers to a quote request (`GetQuote`). */
export interface DstackQuote {
  /** The raw Intel TDX DCAP quote (v4). */
  readonly quote: Uint8Array;
  /** The agent's event log (JSON), from which a verifier can replay RTMR3. */
  readonly eventLog?: string;
}

/** The agent's self-description (`Info`): app id, instance id, compose hash… */
export type DstackAgentInfo = Readonly<Record<string, unknown>>;

/**
 * The dstack guest agent (Intel TDX), over a transport the caller injects: pRuntime does no
 * network of its own. The transport must reach the agent INSIDE the confidential VM (dstack's
 * Unix socket): the agent is part of the TCB, since it hands out sealing keys. What the agent
 * returns is still checked: quotes are verified and must bind the requested report data.
 */
export interface DstackAgent {
  /** A TDX quote whose report data is `reportData` (64 bytes). */
  getQuote(reportData: Uint8Array): Promise<DstackQuote>;
  /** A key the agent derives for this app (and its KMS policy) under `path` and `purpose`. */
  deriveKey(path: string, purpose: string): Promise<Uint8Array>;
  info?(): Promise<DstackAgentInfo>;
}

export interface DstackTeeOptions {
  readonly agent: DstackAgent;
  /** The collateral (JSON, as Intel PCS/PCCS serve it) to verify `quote` against; fetched by the host. */
  readonly collateralFor: (quote: Uint8Array) => Promise<Uint8Array>;
  /** The time (unix seconds) quotes are verified at, e.g. the latest synced block's timestamp. */
  readonly now: () => number;
}

/** Where the sealing key comes from: agent.deriveKey(path, purpose), then bound to the measurement. */
export const DSTACK_SEALING_PATH = 'phalanx/sealing';
export const DSTACK_SEALING_PURPOSE = 'sealing';
export const DSTACK_SEALING_LABEL = 'dstack-sealing-key';

/**
 * The report data of the quote `create` asks for to learn the measurement. Its report data is
 * not checked (a measurement does not depend on it); every `attest` quote's is.
 */
export const DSTACK_PROBE_REPORT_DATA: Uint8Array = (() => {
  const out = new Uint8Array(TEE_LENGTHS.reportData);
  out.set(blake2_256(utf8('phalanx/tee-dstack/measurement-probe/v1')), 0);
  return out;
})();

/**
 * Intel TDX through the dstack guest agent. The measurement is `tdxMeasurement` of the agent's
 * first quote, verified at `now()`. `attest` verifies every quote against its collateral before
 * handing it out, and refuses (ATTESTATION_INVALID) one whose report data is not the requested
 * one or whose measurement changed. The sealing key is
 * derive(agent.deriveKey("phalanx/sealing", "sealing"), "dstack-sealing-key", measurement):
 * dstack binds the agent's key to the app (and machine, per its KMS policy); the derivation binds
 * it to this measurement as well.
 */
export class DstackTee implements Tee {
  readonly kind = 'dstack' as const;
  readonly insecure = false;
  readonly warning = null;
  readonly #options: DstackTeeOptions;
  readonly #measurement: Uint8Array;
  #eventLog: string | null;

  private constructor(options: DstackTeeOptions, measurement: Uint8Array, eventLog: string | null) {
    this.#options = options;
    this.#measurement = measurement;
    this.#eventLog = eventLog;
  }

  static async create(options: DstackTeeOptions): Promise<DstackTee> {
    const { agent, collateralFor, now } = options;
    if (typeof agent?.getQuote !== 'function' || typeof agent.deriveKey !== 'function') {
      throw new PhalanxError('INVALID_INPUT', 'agent must implement getQuote and deriveKey', { details: { parameter: 'agent' } });
    }
    if (typeof collateralFor !== 'function' || typeof now !== 'function') {
      throw new PhalanxError('INVALID_INPUT', 'collateralFor and now must be functions', { details: { parameter: 'options' } });
    }
    const probe = await verifiedQuote(options, DSTACK_PROBE_REPORT_DATA);
    return new DstackTee({ agent, collateralFor, now }, probe.report.measurement, probe.eventLog);
  }

  /** The event log of the last quote the agent gave (null when it gave none). */
  get eventLog(): string | null {
    return this.#eventLog;
  }

  async measurement(): Promise<Uint8Array> {
    return this.#measurement.slice();
  }

  async attest(reportData: Uint8Array): Promise<Attestation> {
    assertReportData(reportData);
    const requested = reportData.slice();
    const { quote, collateral, report, eventLog } = await verifiedQuote(this.#options, requested);
    if (!equalBytes(report.reportData, requested)) {
      throw new PhalanxError(
        'ATTESTATION_INVALID',
        'the dstack agent returned a quote for other report data than requested: refusing to hand it out',
        { details: { requested: toHex(requested), quoted: toHex(report.reportData) } },
      );
    }
    if (!equalBytes(report.measurement, this.#measurement)) {
      throw new PhalanxError('ATTESTATION_INVALID', 'the dstack agent returned a quote of another measurement than at start', {
        details: { expected: toHex(this.#measurement), quoted: toHex(report.measurement) },
      });
    }
    this.#eventLog = eventLog;
    return { tag: 'Dcap', value: { quote, collateral } };
  }

  async sealingKey(): Promise<Uint8Array> {
    const answer = await callAgent('derive the sealing key', () =>
      this.#options.agent.deriveKey(DSTACK_SEALING_PATH, DSTACK_SEALING_PURPOSE),
    );
    if (!(answer instanceof Uint8Array) || answer.length !== TEE_LENGTHS.sealingKey) {
      throw new PhalanxError(
        'CONNECTION',
        `the dstack agent's derived key must be ${TEE_LENGTHS.sealingKey} bytes, got ${describeType(answer)}`,
      );
    }
    const agentKey = answer.slice();
    try {
      return derive(agentKey, DSTACK_SEALING_LABEL, this.#measurement);
    } finally {
      agentKey.fill(0);
    }
  }

  toJSON(): { kind: 'dstack'; insecure: false; measurement: string } {
    return { kind: this.kind, insecure: this.insecure, measurement: toHex(this.#measurement) };
  }
}

interface VerifiedQuote {
  readonly quote: Uint8Array;
  readonly collateral: Uint8Array;
  readonly report: AttestationReport;
  readonly eventLog: string | null;
}

/** Asks the agent for a quote, fetches its collateral and verifies it (a TDX quote, at `now()`). */
async function verifiedQuote(options: DstackTeeOptions, reportData: Uint8Array): Promise<VerifiedQuote> {
  const answer = await callAgent('make a quote', () => options.agent.getQuote(reportData.slice()));
  if (typeof answer !== 'object' || answer === null || !(answer.quote instanceof Uint8Array)) {
    throw new PhalanxError('CONNECTION', 'the dstack agent answered a quote request without quote bytes');
  }
  const quote = answer.quote.slice();
  if (quote.length > REGISTRY_LIMITS.maxQuoteBytes) {
    throw new PhalanxError('ATTESTATION_INVALID', `the quote is ${quote.length} bytes, more than the chain accepts`, {
      details: { max: REGISTRY_LIMITS.maxQuoteBytes, actual: quote.length },
    });
  }
  const eventLog = typeof answer.eventLog === 'string' ? answer.eventLog : null;
  const fetched = await options.collateralFor(quote.slice());
  if (!(fetched instanceof Uint8Array)) {
    throw new PhalanxError('ATTESTATION_INVALID', `collateral must be JSON bytes, got ${describeType(fetched)}`);
  }
  const collateral = fetched.slice();
  if (collateral.length > REGISTRY_LIMITS.maxCollateralBytes) {
    throw new PhalanxError('ATTESTATION_INVALID', `the collateral is ${collateral.length} bytes, more than the chain accepts`, {
      details: { max: REGISTRY_LIMITS.maxCollateralBytes, actual: collateral.length },
    });
  }
  const report = verifyDcapQuote(quote, collateral, options.now());
  if (report.tee !== 'tdx') {
    throw new PhalanxError('ATTESTATION_INVALID', `the dstack agent returned an ${report.tee} quote; dstack runs on Intel TDX`);
  }
  return { quote, collateral, report, eventLog };
}

async function callAgent<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof PhalanxError) throw cause;
    throw new PhalanxError('CONNECTION', `the dstack guest agent failed to ${what}`, { cause });
  }
}
