// The one compliance suite every TEE backend passes (DESIGN §2, §6). A backend's test file calls
// `teeCompliance` with a factory and what only it knows (how its attestations verify, how to get
// the same build on another machine, another build on the same machine).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cryptoReady, equalBytes, randomBytes, seal, toHex, unseal } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import { Attestation, type VerifiedReport } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { Tee, TeeBackendKind } from '../src/tee/index.js';

export interface TeeComplianceOptions {
  readonly kind: TeeBackendKind;
  readonly insecure: boolean;
  /** Checks an attestation as the chain would (the registry's `verifyAttestation` with the right settings). */
  readonly verify: (attestation: Attestation) => VerifiedReport;
  /** The same build on another machine. */
  readonly makeOtherMachine: () => Promise<Tee>;
  /** The same machine running another build, or why the backend cannot make one in tests. */
  readonly otherBuild: { readonly make: () => Promise<Tee> } | { readonly skip: string };
  /**
   * For a backend whose quotes are a recording: the report data the recording binds, and why a
   * live binding cannot be shown. The suite then checks that other report data is REFUSED.
   */
  readonly recorded?: { readonly reportData: Uint8Array; readonly reason: string };
}

const code = (expected: string) => (error: unknown) => isPhalanxError(error) && error.code === expected;

export function teeCompliance(name: string, makeTee: () => Promise<Tee>, options: TeeComplianceOptions): void {
  const otherBuild = 'make' in options.otherBuild ? options.otherBuild.make : undefined;
  const otherBuildSkip = 'skip' in options.otherBuild ? options.otherBuild.skip : false;

  describe(`Tee compliance: ${name}`, () => {
    before(() => cryptoReady());

    test('says what it is: kind, insecure flag, and a warning exactly when insecure', async () => {
      const tee = await makeTee();
      assert.equal(tee.kind, options.kind);
      assert.equal(tee.insecure, options.insecure);
      if (tee.insecure) assert.ok(typeof tee.warning === 'string' && /insecure/i.test(tee.warning), 'an insecure TEE warns');
      else assert.equal(tee.warning, null);
    });

    test('measurement: 32 bytes, stable across calls and instances, handed out as a copy', async () => {
      const tee = await makeTee();
      const first = await tee.measurement();
      assert.ok(first instanceof Uint8Array);
      assert.equal(first.length, 32);
      first.fill(0xee);
      assert.deepEqual(await tee.measurement(), await (await makeTee()).measurement());
      assert.notDeepEqual(await tee.measurement(), first, 'changing a returned copy changes nothing');
    });

    test('measurement identifies the build, not the machine', async () => {
      const mine = await (await makeTee()).measurement();
      assert.deepEqual(await (await options.makeOtherMachine()).measurement(), mine);
    });

    test('measurement differs for another build', { skip: otherBuildSkip }, async () => {
      assert.ok(otherBuild);
      const mine = await (await makeTee()).measurement();
      assert.notDeepEqual(await (await otherBuild()).measurement(), mine);
    });

    test('sealing key: 32 bytes, stable across calls and instances on one machine and build, a copy', async () => {
      const tee = await makeTee();
      const first = await tee.sealingKey();
      assert.ok(first instanceof Uint8Array);
      assert.equal(first.length, 32);
      assert.ok(first.some((byte) => byte !== 0));
      const again = await tee.sealingKey();
      assert.deepEqual(again, first);
      assert.deepEqual(await (await makeTee()).sealingKey(), first, 'a restarted instance gets the same key');
      first.fill(0);
      assert.deepEqual(await tee.sealingKey(), again, 'wiping a returned key changes nothing');
    });

    test('sealing key differs on another machine', async () => {
      const mine = await (await makeTee()).sealingKey();
      assert.ok(!equalBytes(await (await options.makeOtherMachine()).sealingKey(), mine));
    });

    test('sealing key differs for another build', { skip: otherBuildSkip }, async () => {
      assert.ok(otherBuild);
      const mine = await (await makeTee()).sealingKey();
      assert.ok(!equalBytes(await (await otherBuild()).sealingKey(), mine));
    });

    test('attest: the verified report carries the requested report data and this measurement', async () => {
      const tee = await makeTee();
      const reportData = options.recorded?.reportData.slice() ?? randomBytes(64);
      const attestation = await tee.attest(reportData);
      const decoded = decode(Attestation, encode(Attestation, attestation));
      assert.deepEqual(decoded, attestation, 'the attestation fits the chain codec (it goes into an extrinsic)');
      const verified = options.verify(decoded);
      assert.equal(toHex(verified.reportData), toHex(reportData));
      assert.deepEqual(verified.measurement, await tee.measurement());
      assert.equal(verified.tee.tag === 'Sim', tee.insecure, 'only an insecure TEE produces simulated reports');
      if (tee.insecure) assert.equal(verified.confidenceLevel, 5, 'a simulator gets the worst confidence level');
      else assert.ok(verified.confidenceLevel >= 1 && verified.confidenceLevel <= 4);
    });

    test('attest: any requested report data is bound (two requests, two verified reports)', {
      skip: options.recorded?.reason ?? false,
    }, async () => {
      const tee = await makeTee();
      const a = randomBytes(64);
      const b = randomBytes(64);
      assert.deepEqual(options.verify(await tee.attest(a)).reportData, a);
      assert.deepEqual(options.verify(await tee.attest(b)).reportData, b);
    });

    if (options.recorded !== undefined) {
      const recorded = options.recorded.reportData;
      test('attest: refuses (ATTESTATION_INVALID) a quote that binds other report data than requested', async () => {
        const tee = await makeTee();
        const other = recorded.slice();
        other[0] = (other[0] as number) ^ 1;
        await assert.rejects(tee.attest(other), code('ATTESTATION_INVALID'));
        await assert.rejects(tee.attest(new Uint8Array(64)), code('ATTESTATION_INVALID'));
      });
    }

    test('attest: report data that is not exactly 64 bytes is INVALID_INPUT', async () => {
      const tee = await makeTee();
      for (const length of [0, 1, 32, 63, 65, 128]) {
        await assert.rejects(tee.attest(new Uint8Array(length)), code('INVALID_INPUT'), `${length} bytes`);
      }
      const notBytes: unknown[] = ['00'.repeat(64), new Array(64).fill(0), null, undefined];
      for (const value of notBytes) {
        await assert.rejects(tee.attest(value as Uint8Array), code('INVALID_INPUT'));
      }
    });

    test('sealed data round-trips on the same machine and build, across instances', async () => {
      const plaintext = randomBytes(100);
      const blob = seal(await (await makeTee()).sealingKey(), 'compliance', plaintext);
      assert.deepEqual(unseal(await (await makeTee()).sealingKey(), 'compliance', blob), plaintext);
    });

    test('sealed data cannot be opened on another machine (SEAL_INVALID)', async () => {
      const blob = seal(await (await makeTee()).sealingKey(), 'compliance', randomBytes(100));
      const otherKey = await (await options.makeOtherMachine()).sealingKey();
      assert.throws(() => unseal(otherKey, 'compliance', blob), code('SEAL_INVALID'));
    });

    test('sealed data cannot be opened by another build (SEAL_INVALID)', { skip: otherBuildSkip }, async () => {
      assert.ok(otherBuild);
      const blob = seal(await (await makeTee()).sealingKey(), 'compliance', randomBytes(100));
      const otherKey = await (await otherBuild()).sealingKey();
      assert.throws(() => unseal(otherKey, 'compliance', blob), code('SEAL_INVALID'));
    });
  });
}
