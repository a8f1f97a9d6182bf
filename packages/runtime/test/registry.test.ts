// Registry pallet: worker registration with simulated attestations (every check and its failure),
// re-registration, the attestation policy, the measurement allow-list and gatekeepers, all driven
// through the real executive.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, cryptoReady, keypairFromUri, utf8 } from '@phalanx/crypto';
import { workerReportData } from '@phalanx/primitives';
import {
  buildGenesisState,
  CONFIDENCE,
  chainIdOf,
  DEV_SIM_MEASUREMENT,
  devGenesisConfig,
  devSimSigner,
  Mq,
  Registry,
} from '../src/index.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  GENESIS_TIME,
  names,
  registerWorker,
  registry,
  root,
  simAttestation,
  TestChain,
  worker,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const SIM = { tag: 'Sim', value: null } as const;
const OTHER_MEASUREMENT = blake2_256(utf8('another pruntime build'));

describe('Registry: genesis', () => {
  test('the dev genesis trusts the dev simulator at level 5 and allows the dev measurement', () => {
    const chain = new TestChain();
    assert.deepEqual(Registry.AttestationSettings.get(chain.state), {
      allowSim: true,
      simSigners: [devSimSigner().publicKey],
      maxConfidenceLevel: CONFIDENCE.worst,
    });
    assert.deepEqual(Registry.Measurements.get(chain.state), [DEV_SIM_MEASUREMENT]);
    assert.deepEqual(Mq.ChainId.get(chain.state), chainIdOf('Phalanx Development', GENESIS_TIME));
    assert.equal(Registry.MasterPubkey.get(chain.state), undefined);
  });

  test('the chain id depends on the chain name and genesis time', () => {
    assert.notDeepEqual(chainIdOf('Phalanx Development', GENESIS_TIME), chainIdOf('Phalanx Development', GENESIS_TIME + 1n));
    assert.notDeepEqual(chainIdOf('Phalanx Development', GENESIS_TIME), chainIdOf('Phalanx Test', GENESIS_TIME));
  });

  test('a genesis without a registry section trusts no simulator', () => {
    const { registry: _omitted, ...config } = devGenesisConfig(GENESIS_TIME);
    const chain = new TestChain(config);
    assert.equal(Registry.AttestationSettings.get(chain.state), undefined);
    const w = worker('w1');
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, simAttestation(w.info)), 'Registry', 'SimNotAllowed');
  });

  test('genesis refuses invalid registry settings', () => {
    const base = devGenesisConfig(GENESIS_TIME);
    const withRegistry = (registryConfig: NonNullable<typeof base.registry>) => () =>
      buildGenesisState({ ...base, registry: registryConfig });
    const attestation = base.registry?.attestation;
    assert.ok(attestation !== undefined);
    assert.throws(withRegistry({ attestation: { ...attestation, maxConfidenceLevel: 0 }, measurements: [] }), {
      code: 'INVALID_INPUT',
    });
    assert.throws(withRegistry({ attestation: { ...attestation, maxConfidenceLevel: 6 }, measurements: [] }), {
      code: 'INVALID_INPUT',
    });
    assert.throws(withRegistry({ attestation, measurements: [DEV_SIM_MEASUREMENT, DEV_SIM_MEASUREMENT] }), {
      code: 'INVALID_INPUT',
    });
    assert.throws(withRegistry({ attestation, measurements: [new Uint8Array(31)] }), { code: 'INVALID_INPUT' });
  });

  test('devGenesisConfig takes the pRuntime build measurements to allow', () => {
    const chain = new TestChain(devGenesisConfig(GENESIS_TIME, [OTHER_MEASUREMENT]));
    assert.deepEqual(Registry.Measurements.get(chain.state), [OTHER_MEASUREMENT]);
  });
});

describe('Registry: registerWorker', () => {
  test('registers a simulated worker: record, listing, event', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const result = chain.submit(dev.bob, registry.registerWorker(w.info, simAttestation(w.info)));
    expectOk(result);
    assert.deepEqual(Registry.Workers.get(chain.state, w.identity.publicKey), {
      info: w.info,
      operator: dev.bob.publicKey,
      tee: SIM,
      measurement: DEV_SIM_MEASUREMENT,
      confidenceLevel: 5,
      registeredAt: 1,
      lastHeartbeat: 1,
      online: true,
    });
    assert.deepEqual(Registry.WorkerIds.get(chain.state), [w.identity.publicKey]);
    assert.deepEqual(names(result.events), ['Balances.FeePaid', 'Registry.WorkerRegistered', 'System.ExtrinsicSuccess']);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'WorkerRegistered'), [
      { identity: w.identity.publicKey, operator: dev.bob.publicKey, confidenceLevel: 5, tee: SIM },
    ]);
  });

  test('a WorkerInfo may name its operator, which must then be the signer', () => {
    const chain = new TestChain();
    const named = worker('w1', { operator: dev.bob.publicKey });
    expectFailure(
      chain,
      dev.charlie,
      registry.registerWorker(named.info, simAttestation(named.info)),
      'Registry',
      'OperatorMismatch',
    );
    expectOk(chain.submit(dev.bob, registry.registerWorker(named.info, simAttestation(named.info))));
    assert.deepEqual(Registry.Workers.get(chain.state, named.identity.publicKey)?.operator, dev.bob.publicKey);
  });

  test('re-registration by the same operator updates the worker (WorkerUpdated)', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    const updated = worker('w1', { endpoints: ['https://w1.example:443', 'http://10.0.0.1:8000'], runtimeVersion: 2 });
    const result = chain.submit(dev.bob, registry.registerWorker(updated.info, simAttestation(updated.info)));
    expectOk(result);
    assert.deepEqual(names(result.events), ['Balances.FeePaid', 'Registry.WorkerUpdated', 'System.ExtrinsicSuccess']);
    const record = Registry.Workers.get(chain.state, w.identity.publicKey);
    assert.deepEqual(record?.info, updated.info);
    assert.equal(record?.registeredAt, 1);
    assert.equal(record?.lastHeartbeat, 2);
    assert.deepEqual(Registry.WorkerIds.get(chain.state), [w.identity.publicKey], 'listed once');
  });

  test('re-registration by another operator is refused', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1', dev.bob);
    expectFailure(chain, dev.charlie, registry.registerWorker(w.info, simAttestation(w.info)), 'Registry', 'NotOperator');
    assert.deepEqual(Registry.Workers.get(chain.state, w.identity.publicKey)?.operator, dev.bob.publicKey);
  });

  test('report data that is not the hash of this WorkerInfo is refused', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const other = worker('w1', { endpoints: ['http://attacker.example'] });
    // A genuine report, but for another WorkerInfo (e.g. the host swapped the endpoints).
    expectFailure(chain, dev.bob, registry.registerWorker(other.info, simAttestation(w.info)), 'Registry', 'ReportDataMismatch');
    const zeros = simAttestation(w.info, { reportData: new Uint8Array(64) });
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, zeros), 'Registry', 'ReportDataMismatch');
    assert.equal(Registry.Workers.get(chain.state, w.identity.publicKey), undefined);
    assert.equal(Registry.WorkerIds.get(chain.state), undefined);
  });

  test('a measurement not on the allow-list is refused (simulated reports too)', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const attestation = simAttestation(w.info, { measurement: OTHER_MEASUREMENT });
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, attestation), 'Registry', 'MeasurementNotAllowed');
  });

  test('a report by an untrusted simulator key is refused', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const attestation = simAttestation(w.info, { signer: keypairFromUri('//RogueSimulator') });
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, attestation), 'Registry', 'UntrustedSimSigner');
  });

  test('a report naming the trusted simulator but signed by another key is refused', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const forged = simAttestation(w.info, { signer: keypairFromUri('//RogueSimulator') });
    assert.equal(forged.tag, 'Sim');
    const attestation = {
      tag: 'Sim' as const,
      value: { ...(forged.value as Extract<typeof forged, { tag: 'Sim' }>['value']), signer: devSimSigner().publicKey },
    };
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, attestation), 'Registry', 'BadAttestation');
    // Also: a genuine report whose measurement was altered afterwards.
    const genuine = simAttestation(w.info);
    const altered = {
      tag: 'Sim' as const,
      value: { ...(genuine.value as typeof attestation.value), measurement: OTHER_MEASUREMENT },
    };
    root(chain, registry.addMeasurement(OTHER_MEASUREMENT));
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, altered), 'Registry', 'BadAttestation');
  });

  test('simulated reports are refused once allowSim is off', () => {
    const chain = new TestChain();
    root(
      chain,
      registry.setAttestationSettings({ allowSim: false, simSigners: [devSimSigner().publicKey], maxConfidenceLevel: 5 }),
    );
    const w = worker('w1');
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, simAttestation(w.info)), 'Registry', 'SimNotAllowed');
  });

  test('a level worse than the accepted maximum is refused (a simulator is level 5)', () => {
    const chain = new TestChain();
    root(
      chain,
      registry.setAttestationSettings({ allowSim: true, simSigners: [devSimSigner().publicKey], maxConfidenceLevel: 4 }),
    );
    const w = worker('w1');
    expectFailure(chain, dev.bob, registry.registerWorker(w.info, simAttestation(w.info)), 'Registry', 'ConfidenceTooLow');
  });

  test('the report data binds the whole WorkerInfo (a changed feature list is refused)', () => {
    const chain = new TestChain();
    const w = worker('w1');
    const changed = { ...w.info, features: [9] };
    assert.notDeepEqual(workerReportData(changed), workerReportData(w.info));
    expectFailure(chain, dev.bob, registry.registerWorker(changed, simAttestation(w.info)), 'Registry', 'ReportDataMismatch');
  });
});

describe('Registry: root calls', () => {
  test('setAttestationSettings: stores and announces; refuses bad levels, duplicate keys and non-root origins', () => {
    const chain = new TestChain();
    const settings = { allowSim: false, simSigners: [devSimSigner().publicKey], maxConfidenceLevel: 2 };
    const events = root(chain, registry.setAttestationSettings(settings));
    assert.deepEqual(eventsOf(events, 'Registry', 'AttestationSettingsChanged'), [settings]);
    assert.deepEqual(Registry.AttestationSettings.get(chain.state), settings);
    expectSudoFailure(
      chain,
      registry.setAttestationSettings({ ...settings, maxConfidenceLevel: 0 }),
      'Registry',
      'InvalidSettings',
    );
    expectSudoFailure(
      chain,
      registry.setAttestationSettings({ ...settings, maxConfidenceLevel: 6 }),
      'Registry',
      'InvalidSettings',
    );
    const twice = { ...settings, simSigners: [devSimSigner().publicKey, devSimSigner().publicKey] };
    expectSudoFailure(chain, registry.setAttestationSettings(twice), 'Registry', 'InvalidSettings');
    expectFailure(chain, dev.alice, registry.setAttestationSettings(settings), 'System', 'BadOrigin');
  });

  test('addMeasurement / removeMeasurement manage the allow-list', () => {
    const chain = new TestChain();
    const events = root(chain, registry.addMeasurement(OTHER_MEASUREMENT));
    assert.deepEqual(eventsOf(events, 'Registry', 'MeasurementAdded'), [{ measurement: OTHER_MEASUREMENT }]);
    assert.deepEqual(Registry.Measurements.get(chain.state), [DEV_SIM_MEASUREMENT, OTHER_MEASUREMENT]);
    expectSudoFailure(chain, registry.addMeasurement(OTHER_MEASUREMENT), 'Registry', 'MeasurementExists');

    const w1 = worker('w1');
    expectOk(
      chain.submit(dev.bob, registry.registerWorker(w1.info, simAttestation(w1.info, { measurement: OTHER_MEASUREMENT }))),
    );
    assert.deepEqual(Registry.Workers.get(chain.state, w1.identity.publicKey)?.measurement, OTHER_MEASUREMENT);

    const removed = root(chain, registry.removeMeasurement(OTHER_MEASUREMENT));
    assert.deepEqual(eventsOf(removed, 'Registry', 'MeasurementRemoved'), [{ measurement: OTHER_MEASUREMENT }]);
    assert.deepEqual(Registry.Measurements.get(chain.state), [DEV_SIM_MEASUREMENT]);
    expectSudoFailure(chain, registry.removeMeasurement(OTHER_MEASUREMENT), 'Registry', 'MeasurementNotFound');
    const w2 = worker('w2');
    const attestation = simAttestation(w2.info, { measurement: OTHER_MEASUREMENT });
    expectFailure(chain, dev.bob, registry.registerWorker(w2.info, attestation), 'Registry', 'MeasurementNotAllowed');
    assert.ok(Registry.Workers.has(chain.state, w1.identity.publicKey), 'registered workers stay');

    expectFailure(chain, dev.alice, registry.addMeasurement(OTHER_MEASUREMENT), 'System', 'BadOrigin');
    expectFailure(chain, dev.alice, registry.removeMeasurement(DEV_SIM_MEASUREMENT), 'System', 'BadOrigin');
  });

  test('registerGatekeeper: a registered worker, once, by root', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'gk');
    const unknown = worker('nobody');
    expectSudoFailure(chain, registry.registerGatekeeper(unknown.identity.publicKey), 'Registry', 'WorkerNotFound');
    expectFailure(chain, dev.alice, registry.registerGatekeeper(w.identity.publicKey), 'System', 'BadOrigin');
    const events = root(chain, registry.registerGatekeeper(w.identity.publicKey));
    assert.deepEqual(eventsOf(events, 'Registry', 'GatekeeperRegistered'), [{ identity: w.identity.publicKey }]);
    assert.deepEqual(Registry.Gatekeepers.get(chain.state), [w.identity.publicKey]);
    expectSudoFailure(chain, registry.registerGatekeeper(w.identity.publicKey), 'Registry', 'AlreadyGatekeeper');
  });

  test('a simulated worker cannot become a gatekeeper once the chain stops accepting simulators', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'gk');
    root(chain, registry.setAttestationSettings({ allowSim: false, simSigners: [], maxConfidenceLevel: 5 }));
    expectSudoFailure(chain, registry.registerGatekeeper(w.identity.publicKey), 'Registry', 'SimNotAllowed');
  });
});
