// Registry.startMigration's preconditions: root only, two different allowed builds, a shared
// MasterKey, existing clusters, one migration at a time. Each refusal is typed and writes nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, utf8 } from '@phalanx/crypto';
import { DEV_SIM_MEASUREMENT, Registry, type RuntimeCall } from '../src/index.js';
import { dev, expectFailure, expectOk, expectSudoFailure, registry, root, TestChain } from './pallet-helpers.js';
import { deal, ready, thresholdChain } from './threshold-setup.js';

before(async () => {
  await cryptoReady();
});

const B = blake2_256(utf8('build-b'));
const start = (from: Uint8Array, to: Uint8Array, clusters: Uint8Array[] = []): RuntimeCall => ({
  tag: 'Registry',
  value: { tag: 'startMigration', value: { from, to, clusters } },
});

describe('Registry: startMigration', () => {
  it('refuses a whole-key chain, unknown builds, the same build, a missing cluster, and non-root', () => {
    const chain = new TestChain();
    root(chain, registry.addMeasurement(B));
    expectSudoFailure(chain, start(DEV_SIM_MEASUREMENT, B), 'Registry', 'NoSharedKey');
    expectSudoFailure(chain, start(DEV_SIM_MEASUREMENT, blake2_256(utf8('unknown'))), 'Registry', 'MeasurementNotAllowed');
    expectSudoFailure(chain, start(B, B), 'Registry', 'SameBuild');
    expectFailure(chain, dev.bob, start(DEV_SIM_MEASUREMENT, B), 'System', 'BadOrigin');
    assert.equal(Registry.Migration.get(chain.state), undefined);
  });

  it('starts once on a chain with a shared MasterKey; a second is refused', () => {
    const { chain, members } = thresholdChain();
    for (const m of members) expectOk(deal(chain, m));
    for (const m of members) expectOk(ready(chain, m));
    chain.block([]);
    root(chain, registry.addMeasurement(B));
    expectSudoFailure(chain, start(DEV_SIM_MEASUREMENT, B, [blake2_256(utf8('no-such-cluster'))]), 'Registry', 'ClusterNotFound');
    root(chain, start(DEV_SIM_MEASUREMENT, B));
    assert.deepEqual(Registry.Migration.get(chain.state)?.to, B);
    expectSudoFailure(chain, start(DEV_SIM_MEASUREMENT, B), 'Registry', 'MigrationRunning');
  });
});
