// The software TEE simulator: the compliance suite, then what only the simulator has.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { simMeasurement } from '@phalanx/attestation';
import { blake2_256, cryptoReady, derive, keypairFromUri, toHex, utf8 } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import {
  type AttestationSettings,
  DEFAULT_ATTESTATION_SETTINGS,
  devRegistryGenesis,
  devSimSigner,
  verifyAttestation,
} from '@phalanx/runtime';
import {
  generateMachineSecret,
  MACHINE_SECRET_LENGTH,
  parseMachineSecret,
  SIM_SEALING_LABEL,
  SIM_TEE_WARNING,
  SimTee,
} from '../src/tee/index.js';
import { teeCompliance } from './tee-compliance.js';

const machineA = new Uint8Array(32).fill(0xa1);
const machineB = new Uint8Array(32).fill(0xb2);
const buildA = blake2_256(utf8('test pruntime build A'));
const buildB = blake2_256(utf8('test pruntime build B'));
const code = (expected: string) => (error: unknown) => isPhalanxError(error) && error.code === expected;
const devSettings = (): AttestationSettings => devRegistryGenesis().attestation;

before(() => cryptoReady());

teeCompliance('sim', async () => SimTee.create({ machineSecret: machineA, buildHash: buildA }), {
  kind: 'sim',
  insecure: true,
  verify: (attestation) => verifyAttestation(attestation, devSettings(), 0n),
  makeOtherMachine: async () => SimTee.create({ machineSecret: machineB, buildHash: buildA }),
  otherBuild: { make: async () => SimTee.create({ machineSecret: machineA, buildHash: buildB }) },
});

describe('SimTee', () => {
  test('is labelled insecure, in its fields, its warning and its JSON', () => {
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    assert.equal(tee.insecure, true);
    assert.equal(tee.warning, SIM_TEE_WARNING);
    assert.match(SIM_TEE_WARNING, /^INSECURE/);
    assert.deepEqual(JSON.parse(JSON.stringify(tee)), { kind: 'sim', insecure: true, warning: SIM_TEE_WARNING });
  });

  test('measurement = simMeasurement(buildHash); sealing key = derive(machineSecret, "sim-sealing-key", measurement)', async () => {
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    const measurement = simMeasurement(buildA);
    assert.deepEqual(await tee.measurement(), measurement);
    assert.equal(SIM_SEALING_LABEL, 'sim-sealing-key');
    assert.deepEqual(await tee.sealingKey(), derive(machineA, 'sim-sealing-key', measurement));
  });

  test('reports are signed by the dev simulator by default, else by the given sr25519 key', async () => {
    const reportData = new Uint8Array(64).fill(7);
    const dev = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    assert.deepEqual(dev.simulatorPublicKey, devSimSigner().publicKey);
    const devReport = await dev.attest(reportData);
    assert.equal(devReport.tag, 'Sim');
    assert.deepEqual(devReport.tag === 'Sim' && devReport.value.signer, devSimSigner().publicKey);

    const own = keypairFromUri('//SomeOtherSimulator');
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA, simulatorKey: own });
    const attestation = await tee.attest(reportData);
    assert.throws(() => verifyAttestation(attestation, devSettings(), 0n), code('DISPATCH_FAILED'), 'untrusted signer');
    const trusting = { ...devSettings(), simSigners: [own.publicKey] };
    assert.deepEqual(verifyAttestation(attestation, trusting, 0n).reportData, reportData);
  });

  test('a chain that does not allow the simulator refuses its reports', async () => {
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    const attestation = await tee.attest(new Uint8Array(64));
    assert.throws(() => verifyAttestation(attestation, DEFAULT_ATTESTATION_SETTINGS, 0n), code('DISPATCH_FAILED'));
  });

  test('a tampered report does not verify', async () => {
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    const attestation = await tee.attest(new Uint8Array(64).fill(1));
    assert.equal(attestation.tag, 'Sim');
    if (attestation.tag !== 'Sim') return;
    const forged = { ...attestation, value: { ...attestation.value, reportData: new Uint8Array(64).fill(2) } };
    assert.throws(() => verifyAttestation(forged, devSettings(), 0n), code('DISPATCH_FAILED'));
  });

  test('create checks its inputs with typed errors', () => {
    assert.throws(() => SimTee.create({ machineSecret: new Uint8Array(31), buildHash: buildA }), code('STORE'));
    assert.throws(() => SimTee.create({ machineSecret: machineA, buildHash: new Uint8Array(31) }), code('INVALID_INPUT'));
    const ed = keypairFromUri('//Alice', 'ed25519');
    assert.throws(() => SimTee.create({ machineSecret: machineA, buildHash: buildA, simulatorKey: ed }), code('INVALID_INPUT'));
  });

  test('create neither keeps nor alters the caller’s machine-secret buffer', async () => {
    const secret = machineA.slice();
    const tee = SimTee.create({ machineSecret: secret, buildHash: buildA });
    assert.deepEqual(secret, machineA, 'the caller’s buffer is untouched');
    const key = await tee.sealingKey();
    secret.fill(0x55);
    assert.deepEqual(await tee.sealingKey(), key, 'later changes to it do not reach the TEE');
  });

  test('secrets never show in JSON or inspection', async () => {
    const tee = SimTee.create({ machineSecret: machineA, buildHash: buildA });
    const key = toHex(await tee.sealingKey()).slice(2);
    const shown = `${JSON.stringify(tee)} ${inspect(tee, { depth: 5 })}`;
    assert.ok(!shown.includes(key));
    assert.ok(!shown.includes(toHex(machineA).slice(2)));
  });
});

describe('machine secret file', () => {
  test('exactly 32 bytes is accepted and copied', () => {
    const bytes = generateMachineSecret();
    assert.equal(bytes.length, MACHINE_SECRET_LENGTH);
    const parsed = parseMachineSecret(bytes);
    assert.deepEqual(parsed, bytes);
    assert.notEqual(parsed, bytes);
    assert.notDeepEqual(generateMachineSecret(), bytes);
  });

  test('any other size, all zeros, or not bytes is a typed STORE error', () => {
    for (const length of [0, 1, 31, 33, 64]) {
      assert.throws(() => parseMachineSecret(new Uint8Array(length).fill(9)), code('STORE'), `${length} bytes`);
    }
    assert.throws(() => parseMachineSecret(new Uint8Array(32)), code('STORE'));
    assert.throws(() => parseMachineSecret('a'.repeat(32)), code('STORE'));
    assert.throws(() => parseMachineSecret(undefined), code('STORE'));
  });
});
