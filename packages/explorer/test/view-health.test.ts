// A worker's health on the page: the chain's online/offline together with its host's /info; a
// halted pRuntime is shown as halted, with its reason, even while the chain still counts it online.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthSummary, hostInfoFrom, workerHealth } from '../src/view/worker-health.js';

const REASON = "SYNC_INVALID: block 12: the state changes do not rebuild the header's state root";

describe('worker health', () => {
  it('a halted pRuntime is "halted" with its reason, whether the chain still says online or not', () => {
    for (const online of [true, false]) {
      const health = workerHealth(online, { best: 11, halted: REASON });
      assert.equal(health.state, 'halted');
      assert.equal(health.status, 'halted');
      assert.equal(health.host, `pRuntime halted: ${REASON}`);
      assert.equal(health.bad, true);
    }
  });

  it('serving, offline, not answering and not asked yet', () => {
    assert.deepEqual(workerHealth(true, { best: 40 }), {
      state: 'serving',
      status: 'online',
      host: 'serving, synced to #40',
      bad: false,
    });
    const offline = workerHealth(false, { message: 'cannot reach the worker: fetch failed' });
    assert.equal(offline.state, 'offline');
    assert.equal(offline.status, 'offline');
    assert.equal(offline.host, 'not answering (cannot reach the worker: fetch failed)');
    assert.equal(offline.bad, true);
    const silent = workerHealth(true, {});
    assert.deepEqual([silent.state, silent.status, silent.host, silent.bad], ['not-answering', 'online', 'not answering', true]);
    const unknown = workerHealth(true, undefined);
    assert.deepEqual([unknown.state, unknown.status, unknown.bad], ['unknown', 'online', false]);
  });

  it('keeps only well-typed fields of what a host answered, capped', () => {
    assert.deepEqual(hostInfoFrom({ best: 7, halted: null, identity: '0x01' }), { best: 7 });
    assert.deepEqual(hostInfoFrom({ best: '7', halted: 42 }), {});
    assert.equal(hostInfoFrom({ halted: 'x'.repeat(10_000) }).halted?.length, 500);
    assert.deepEqual(hostInfoFrom(null), { message: 'its /info answer is not a JSON object' });
    assert.deepEqual(hostInfoFrom([1]), {});
    assert.deepEqual(hostInfoFrom({ code: 'CONNECTION', message: 'cannot reach the worker' }), {
      message: 'cannot reach the worker',
    });
    // A halted host's /info as the host serves it: halted wins over its (frozen) best block.
    assert.equal(workerHealth(true, hostInfoFrom({ best: 11, halted: REASON })).state, 'halted');
  });

  it('summarizes: serving always counted, bad states named, healthy only when every worker serves', () => {
    const healthy = healthSummary([workerHealth(true, { best: 3 }), workerHealth(true, { best: 3 })]);
    assert.equal(healthy.text, '2 workers: 2 serving');
    assert.equal(healthy.bad, false);
    const mixed = healthSummary([
      workerHealth(true, { best: 3 }),
      workerHealth(true, { best: 2, halted: REASON }),
      workerHealth(false, {}),
      workerHealth(true, undefined),
    ]);
    assert.equal(mixed.text, '4 workers: 1 serving, 1 pRuntime halted, 1 offline, 1 not asked yet');
    assert.equal(mixed.counts.halted, 1);
    assert.equal(mixed.bad, true);
    assert.equal(healthSummary([]).text, '0 workers: 0 serving');
    assert.equal(healthSummary([workerHealth(true, {})]).text, '1 worker: 0 serving, 1 not answering');
  });
});
