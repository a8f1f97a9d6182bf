// The dstack (Intel TDX) backend against a stand-in guest agent serving the RECORDED real TDX quote
// of ../shared/fixtures/attestation. A recording binds one fixed report data, so the property
// "any requested report data is bound" cannot be shown here; the suite checks instead that
// DstackTee REFUSES to hand out a quote binding other report data than requested.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { cryptoReady, derive, fromHex, toHex } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { DEFAULT_ATTESTATION_SETTINGS, REGISTRY_LIMITS, verifyAttestation } from '@phalanx/runtime';
import {
  DSTACK_PROBE_REPORT_DATA,
  DSTACK_SEALING_LABEL,
  DSTACK_SEALING_PATH,
  DSTACK_SEALING_PURPOSE,
  type DstackAgent,
  type DstackQuote,
  DstackTee,
  type DstackTeeOptions,
} from '../src/tee/index.js';
import { teeCompliance } from './tee-compliance.js';

const fixtures = new URL(process.env.PHALANX_FIXTURES ?? '../../../../../shared/fixtures/attestation/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
const TDX_QUOTE = read('tdx_quote.bin');
const TDX_COLLATERAL = read('tdx_quote_collateral.json');
/** Inside the collateral's validity window (fixtures README). */
const AT = 1751624191;
/** Pinned by packages/attestation/test/vectors/fixtures-expected.json. */
const TDX_MEASUREMENT = '0x67000b83a0bd29e5dbad52d6d1ce61237ffc9df9efca6c5989dd2f6f6ae38460';
const TDX_REPORT_DATA = fromHex(
  '0x9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20',
);
const code = (expected: string) => (error: unknown) => isPhalanxError(error) && error.code === expected;

/**
 * A local stand-in for the dstack guest agent: it serves a recorded quote whatever report data
 * is asked for, and derives keys from its own machine secret (as an agent does per app/machine).
 */
class RecordedAgent implements DstackAgent {
  readonly requests: Uint8Array[] = [];
  readonly keyRequests: [string, string][] = [];
  quote: Uint8Array;
  key: ((path: string, purpose: string) => unknown) | undefined;
  failing = false;

  constructor(
    readonly machineSecret: Uint8Array,
    quote: Uint8Array = TDX_QUOTE,
  ) {
    this.quote = quote;
  }

  async getQuote(reportData: Uint8Array): Promise<DstackQuote> {
    if (this.failing) throw new Error('agent socket closed');
    this.requests.push(reportData.slice());
    return { quote: this.quote, eventLog: '[]' };
  }

  async deriveKey(path: string, purpose: string): Promise<Uint8Array> {
    if (this.failing) throw new Error('agent socket closed');
    this.keyRequests.push([path, purpose]);
    if (this.key !== undefined) return this.key(path, purpose) as Uint8Array;
    return derive(this.machineSecret, 'stand-in agent', path, purpose);
  }
}

const machineA = new Uint8Array(32).fill(0xa1);
const machineB = new Uint8Array(32).fill(0xb2);
const options = (agent: DstackAgent, overrides: Partial<DstackTeeOptions> = {}): DstackTeeOptions => ({
  agent,
  collateralFor: async () => TDX_COLLATERAL,
  now: () => AT,
  ...overrides,
});

before(() => cryptoReady());

teeCompliance('dstack (recorded TDX quote)', () => DstackTee.create(options(new RecordedAgent(machineA))), {
  kind: 'dstack',
  insecure: false,
  verify: (attestation) => verifyAttestation(attestation, DEFAULT_ATTESTATION_SETTINGS, BigInt(AT) * 1000n),
  makeOtherMachine: () => DstackTee.create(options(new RecordedAgent(machineB))),
  otherBuild: {
    skip:
      'one recorded TDX quote gives one measurement; the measurement binding of the key is checked by the ' +
      '"sealing key = derive(agent key, label, measurement)" test',
  },
  recorded: {
    reportData: TDX_REPORT_DATA,
    reason: 'a recorded quote binds one fixed report data (the stand-in agent ignores the request); checked instead: refusal',
  },
});

describe('DstackTee', () => {
  test('measurement is the TDX measurement of the agent’s quote, learned with the probe report data', async () => {
    const agent = new RecordedAgent(machineA);
    const tee = await DstackTee.create(options(agent));
    assert.equal(toHex(await tee.measurement()), TDX_MEASUREMENT);
    assert.deepEqual(agent.requests, [DSTACK_PROBE_REPORT_DATA]);
    assert.equal(tee.insecure, false);
    assert.equal(tee.warning, null);
    assert.deepEqual(JSON.parse(JSON.stringify(tee)), { kind: 'dstack', insecure: false, measurement: TDX_MEASUREMENT });
  });

  test('attest asks the agent for exactly the requested report data and hands out quote + collateral', async () => {
    const agent = new RecordedAgent(machineA);
    const tee = await DstackTee.create(options(agent));
    const attestation = await tee.attest(TDX_REPORT_DATA);
    assert.deepEqual(agent.requests.at(-1), TDX_REPORT_DATA);
    assert.equal(attestation.tag, 'Dcap');
    assert.deepEqual(attestation.tag === 'Dcap' && attestation.value, { quote: TDX_QUOTE, collateral: TDX_COLLATERAL });
    assert.equal(tee.eventLog, '[]');
  });

  test('sealing key = derive(agent.deriveKey("phalanx/sealing", "sealing"), "dstack-sealing-key", measurement)', async () => {
    const agent = new RecordedAgent(machineA);
    const tee = await DstackTee.create(options(agent));
    const key = await tee.sealingKey();
    assert.deepEqual(agent.keyRequests, [[DSTACK_SEALING_PATH, DSTACK_SEALING_PURPOSE]]);
    assert.deepEqual([DSTACK_SEALING_PATH, DSTACK_SEALING_PURPOSE], ['phalanx/sealing', 'sealing']);
    const agentKey = derive(machineA, 'stand-in agent', 'phalanx/sealing', 'sealing');
    assert.deepEqual(key, derive(agentKey, DSTACK_SEALING_LABEL, fromHex(TDX_MEASUREMENT)));
    const otherMeasurement = fromHex(TDX_MEASUREMENT);
    otherMeasurement[0] = (otherMeasurement[0] as number) ^ 1;
    assert.notDeepEqual(key, derive(agentKey, DSTACK_SEALING_LABEL, otherMeasurement), 'bound to the measurement');
  });

  test('collateral outside its validity window: create and attest fail with ATTESTATION_INVALID', async () => {
    const agent = new RecordedAgent(machineA);
    await assert.rejects(DstackTee.create(options(agent, { now: () => AT + 60 * 86_400 })), code('ATTESTATION_INVALID'));
    let now = AT;
    const tee = await DstackTee.create(options(agent, { now: () => now }));
    now = AT + 60 * 86_400;
    await assert.rejects(tee.attest(TDX_REPORT_DATA), code('ATTESTATION_INVALID'));
  });

  test('a tampered quote, a non-TDX quote or bad collateral is refused with ATTESTATION_INVALID', async () => {
    const tampered = TDX_QUOTE.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    await assert.rejects(DstackTee.create(options(new RecordedAgent(machineA, tampered))), code('ATTESTATION_INVALID'));

    const sgx = options(new RecordedAgent(machineA, read('sgx_quote.bin')), {
      collateralFor: async () => read('sgx_quote_collateral.json'),
      now: () => 1751624924,
    });
    await assert.rejects(
      DstackTee.create(sgx),
      (error: unknown) => code('ATTESTATION_INVALID')(error) && /TDX/.test(String(error)),
    );

    const oversize = new Uint8Array(REGISTRY_LIMITS.maxCollateralBytes + 1);
    await assert.rejects(
      DstackTee.create(options(new RecordedAgent(machineA), { collateralFor: async () => oversize })),
      code('ATTESTATION_INVALID'),
    );
    await assert.rejects(
      DstackTee.create(options(new RecordedAgent(machineA), { collateralFor: async () => new TextEncoder().encode('{}') })),
      code('ATTESTATION_INVALID'),
    );
  });

  test('a failing or misbehaving agent gives CONNECTION errors', async () => {
    const failing = new RecordedAgent(machineA);
    failing.failing = true;
    await assert.rejects(DstackTee.create(options(failing)), code('CONNECTION'));

    const agent = new RecordedAgent(machineA);
    const tee = await DstackTee.create(options(agent));
    agent.key = () => new Uint8Array(31);
    await assert.rejects(tee.sealingKey(), code('CONNECTION'));
    agent.key = () => 'not bytes';
    await assert.rejects(tee.sealingKey(), code('CONNECTION'));
    agent.failing = true;
    await assert.rejects(tee.sealingKey(), code('CONNECTION'));
    await assert.rejects(tee.attest(TDX_REPORT_DATA), code('CONNECTION'));

    const noQuote: DstackAgent = {
      getQuote: async () => ({}) as DstackQuote,
      deriveKey: async () => new Uint8Array(32),
    };
    await assert.rejects(DstackTee.create(options(noQuote)), code('CONNECTION'));
  });

  test('options are checked with typed errors', async () => {
    await assert.rejects(DstackTee.create({} as DstackTeeOptions), code('INVALID_INPUT'));
    const agent = new RecordedAgent(machineA);
    await assert.rejects(DstackTee.create({ agent } as unknown as DstackTeeOptions), code('INVALID_INPUT'));
  });
});
