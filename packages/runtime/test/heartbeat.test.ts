// Registry heartbeats (offline worker detection): challenges issued from block randomness on
// schedule, answers through the MQ (routed to the registry), refusals of wrong, stale and unknown
// answers, silent workers marked offline once after the window, answers bringing them back, and
// the root-only settings — all driven through real blocks.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { blake2_256, concatBytes, cryptoReady, utf8 } from '@phalanx/crypto';
import type { SignedMessage } from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import {
  buildGenesisState,
  DEFAULT_HEARTBEAT_SETTINGS,
  devGenesisConfig,
  type EventRecord,
  HEARTBEAT_SEED_DOMAIN,
  HeartbeatAnswer,
  heartbeatResponse,
  heartbeatSeed,
  MQ_TOPICS,
  Mq,
  Registry,
  type RuntimeCall,
  System,
} from '../src/index.js';
import {
  dev,
  eventsOf,
  expectFailure,
  expectOk,
  expectSudoFailure,
  GENESIS_TIME,
  mq,
  names,
  registerGatekeeper,
  registerWorker,
  registry,
  root,
  signed,
  simAttestation,
  TestChain,
  type TestWorker,
  worker,
} from './pallet-helpers.js';

before(async () => {
  await cryptoReady();
});

const setHeartbeatSettings = (challengeInterval: number, window: number): RuntimeCall => ({
  tag: 'Registry',
  value: { tag: 'setHeartbeatSettings', value: { settings: { challengeInterval, window } } },
});

const workerOrigin = (w: TestWorker) => ({ tag: 'Worker' as const, value: w.identity.publicKey });

/** Every event of the block just run (initialisation hooks included). */
function blockEvents(chain: TestChain): EventRecord[] {
  return System.Events.get(chain.state) ?? [];
}

/** Runs empty blocks up to `number`; returns the events of each block run, by number. */
function advanceTo(chain: TestChain, number: number): Map<number, EventRecord[]> {
  const out = new Map<number, EventRecord[]>();
  while (chain.number < number) {
    chain.block([]);
    out.set(chain.number, blockEvents(chain));
  }
  return out;
}

/** Registry events named `name` over several blocks, as [block, payload] pairs. */
function registryEvents<T>(blocks: Map<number, EventRecord[]>, name: string): Array<[number, T]> {
  return [...blocks].flatMap(([n, events]) => eventsOf<T>(events, 'Registry', name).map((e) => [n, e] as [number, T]));
}

function currentSeed(chain: TestChain, block: number): Uint8Array {
  const challenge = Registry.Challenge.get(chain.state);
  assert.equal(challenge?.block, block, `the current challenge is block ${block}`);
  return (challenge as { seed: Uint8Array }).seed;
}

/** A worker's signed heartbeat message (correct response unless `response` is given). */
function answer(
  chain: TestChain,
  w: TestWorker,
  challengeBlock: number,
  seed: Uint8Array,
  sequence: bigint,
  response = heartbeatResponse(seed, w.identity.publicKey),
): SignedMessage {
  const payload = encode(HeartbeatAnswer, { challengeBlock, response });
  return signed(chain, w.identity, workerOrigin(w), MQ_TOPICS.heartbeat, payload, sequence);
}

function record(chain: TestChain, w: TestWorker) {
  const r = Registry.Workers.get(chain.state, w.identity.publicKey);
  assert.ok(r !== undefined, 'the worker is registered');
  return r;
}

describe('Registry heartbeats: settings and genesis', () => {
  test('the dev genesis sets a challenge every 10 blocks and a 30-block window', () => {
    const chain = new TestChain();
    assert.deepEqual(Registry.HeartbeatSettings.get(chain.state), { challengeInterval: 10, window: 30 });
    assert.deepEqual(DEFAULT_HEARTBEAT_SETTINGS, { challengeInterval: 10, window: 30 });
    assert.equal(Registry.Challenge.get(chain.state), undefined, 'no challenge before block 10');
  });

  test('genesis takes its own heartbeat settings and refuses invalid ones', () => {
    const base = devGenesisConfig(GENESIS_TIME);
    const reg = base.registry;
    assert.ok(reg !== undefined);
    const custom = buildGenesisState({ ...base, registry: { ...reg, heartbeat: { challengeInterval: 4, window: 12 } } });
    assert.deepEqual(Registry.HeartbeatSettings.get(custom), { challengeInterval: 4, window: 12 });
    const { heartbeat: _omitted, ...without } = reg;
    assert.equal(Registry.HeartbeatSettings.get(buildGenesisState({ ...base, registry: without })), undefined);
    for (const heartbeat of [
      { challengeInterval: 0, window: 30 },
      { challengeInterval: 10, window: 9 },
    ]) {
      assert.throws(() => buildGenesisState({ ...base, registry: { ...reg, heartbeat } }), { code: 'INVALID_INPUT' });
    }
  });

  test('setHeartbeatSettings is root-only, validated, and takes effect on the schedule', () => {
    const chain = new TestChain();
    expectFailure(chain, dev.bob, setHeartbeatSettings(5, 5), 'System', 'BadOrigin');
    expectSudoFailure(chain, setHeartbeatSettings(0, 10), 'Registry', 'InvalidSettings');
    expectSudoFailure(chain, setHeartbeatSettings(5, 4), 'Registry', 'InvalidSettings');
    assert.deepEqual(Registry.HeartbeatSettings.get(chain.state), DEFAULT_HEARTBEAT_SETTINGS, 'unchanged');
    const events = root(chain, setHeartbeatSettings(5, 5));
    assert.deepEqual(eventsOf(events, 'Registry', 'HeartbeatSettingsChanged'), [{ challengeInterval: 5, window: 5 }]);
    assert.deepEqual(Registry.HeartbeatSettings.get(chain.state), { challengeInterval: 5, window: 5 });
    const blocks = advanceTo(chain, 16);
    assert.deepEqual(
      registryEvents<{ block: number }>(blocks, 'HeartbeatChallenge').map(([n, e]) => [n, e.block]),
      [
        [5, 5],
        [10, 10],
        [15, 15],
      ],
    );
  });

  test('a chain without heartbeat settings uses the defaults', () => {
    const base = devGenesisConfig(GENESIS_TIME);
    const reg = base.registry;
    assert.ok(reg !== undefined);
    const { heartbeat: _omitted, ...without } = reg;
    const chain = new TestChain({ ...base, registry: without });
    const blocks = advanceTo(chain, 20);
    assert.deepEqual(
      registryEvents<{ block: number }>(blocks, 'HeartbeatChallenge').map(([n]) => n),
      [10, 20],
    );
  });
});

describe('Registry heartbeats: challenges', () => {
  test('a challenge every challengeInterval blocks, seeded by the randomness of its block', () => {
    const chain = new TestChain();
    const blocks = advanceTo(chain, 25);
    const challenges = registryEvents<{ block: number; seed: Uint8Array }>(blocks, 'HeartbeatChallenge');
    assert.deepEqual(
      challenges.map(([n, e]) => [n, e.block]),
      [
        [10, 10],
        [20, 20],
      ],
    );
    for (const [n] of challenges) {
      const phases = (blocks.get(n) ?? []).filter((r) => r.event.tag === 'Registry').map((r) => r.phase.tag);
      assert.deepEqual(phases, ['Initialization'], 'issued while the block initialises');
    }
    // The current challenge and the previous one are kept.
    const current = Registry.Challenge.get(chain.state);
    assert.equal(current?.block, 20);
    assert.deepEqual(current?.seed, challenges[1]?.[1].seed);
    assert.deepEqual(Registry.PreviousChallenge.get(chain.state), challenges[0]?.[1]);
  });

  test('seeds are blake2_256("phalanx/heartbeat/v1" ‖ System.Randomness ‖ block) and deterministic', () => {
    const chain = new TestChain();
    advanceTo(chain, 10);
    const randomness = System.Randomness.get(chain.state);
    assert.ok(randomness !== undefined);
    const seed = currentSeed(chain, 10);
    const block = new Uint8Array([10, 0, 0, 0]); // SCALE u32
    assert.equal(HEARTBEAT_SEED_DOMAIN, 'phalanx/heartbeat/v1');
    assert.deepEqual(seed, blake2_256(concatBytes(utf8('phalanx/heartbeat/v1'), randomness, block)));
    assert.deepEqual(seed, heartbeatSeed(randomness, 10));
    // The same chain replayed gives the same seed; other randomness or another block gives another.
    const replay = new TestChain();
    advanceTo(replay, 10);
    assert.deepEqual(currentSeed(replay, 10), seed);
    assert.notDeepEqual(heartbeatSeed(new Uint8Array(32).fill(1), 10), seed);
    assert.notDeepEqual(heartbeatSeed(randomness, 20), seed);
    advanceTo(chain, 20);
    assert.notDeepEqual(currentSeed(chain, 20), seed);
  });

  test('the response is blake2_256(seed ‖ identity), and the answer codec is SCALE (u32, [u8; 32])', () => {
    const seed = new Uint8Array(32).fill(7);
    const identity = new Uint8Array(32).fill(9);
    assert.deepEqual(heartbeatResponse(seed, identity), blake2_256(concatBytes(seed, identity)));
    const response = new Uint8Array(32).fill(3);
    assert.deepEqual(
      encode(HeartbeatAnswer, { challengeBlock: 258, response }),
      concatBytes(new Uint8Array([2, 1, 0, 0]), response),
    );
    assert.equal(MQ_TOPICS.heartbeat, 'phalanx/registry/heartbeat');
  });
});

describe('Registry heartbeats: answers', () => {
  test('a correct answer records the heartbeat (HeartbeatReceived) and consumes the sequence', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    assert.equal(record(chain, w).lastHeartbeat, 1, 'registration counts as a heartbeat');
    advanceTo(chain, 10);
    const seed = currentSeed(chain, 10);
    const result = chain.submit(dev.dave, mq.push(answer(chain, w, 10, seed, 0n)));
    expectOk(result);
    assert.deepEqual(names(result.events), [
      'Balances.FeePaid',
      'Registry.HeartbeatReceived',
      'Mq.MessageAccepted',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'HeartbeatReceived'), [
      { identity: w.identity.publicKey, challengeBlock: 10 },
    ]);
    assert.equal(record(chain, w).lastHeartbeat, 11);
    assert.equal(record(chain, w).online, true);
    assert.equal(Mq.Sequences.get(chain.state, workerOrigin(w)), 1n);
  });

  test('the previous challenge is still answerable across a boundary; an older one is stale', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    advanceTo(chain, 10);
    const seed10 = currentSeed(chain, 10);
    advanceTo(chain, 20);
    const ok = chain.submit(dev.dave, mq.push(answer(chain, w, 10, seed10, 0n)));
    expectOk(ok);
    assert.deepEqual(eventsOf(ok.events, 'Registry', 'HeartbeatReceived'), [
      { identity: w.identity.publicKey, challengeBlock: 10 },
    ]);
    assert.equal(record(chain, w).lastHeartbeat, 21);
    advanceTo(chain, 30);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w, 10, seed10, 1n)), 'Registry', 'StaleChallenge');
    assert.equal(Mq.Sequences.get(chain.state, workerOrigin(w)), 1n, 'a refused answer does not consume the sequence');
    assert.equal(record(chain, w).lastHeartbeat, 21);
  });

  test('wrong responses are refused without consuming the sequence', () => {
    const chain = new TestChain();
    const w1 = registerWorker(chain, 'w1');
    const w2 = registerWorker(chain, 'w2');
    advanceTo(chain, 10);
    const seed = currentSeed(chain, 10);
    const garbage = new Uint8Array(32).fill(0xaa);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w1, 10, seed, 0n, garbage)), 'Registry', 'BadHeartbeatResponse');
    // Another worker's response (or one computed from the wrong seed) does not count.
    const othersResponse = heartbeatResponse(seed, w2.identity.publicKey);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w1, 10, seed, 0n, othersResponse)), 'Registry', 'BadHeartbeatResponse');
    const wrongSeed = heartbeatResponse(new Uint8Array(32), w1.identity.publicKey);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w1, 10, seed, 0n, wrongSeed)), 'Registry', 'BadHeartbeatResponse');
    assert.equal(Mq.Sequences.get(chain.state, workerOrigin(w1)), undefined);
    assert.equal(record(chain, w1).lastHeartbeat, 1);
    // The same sequence then carries the right answer.
    expectOk(chain.submit(dev.dave, mq.push(answer(chain, w1, 10, seed, 0n))));
  });

  test('answers before any challenge, to a block without a challenge, malformed, or from a non-worker are refused', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    const zero = new Uint8Array(32);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w, 0, zero, 0n)), 'Registry', 'NoChallenge');
    advanceTo(chain, 10);
    const seed = currentSeed(chain, 10);
    expectFailure(chain, dev.dave, mq.push(answer(chain, w, 15, seed, 0n)), 'Registry', 'UnknownChallenge');
    expectFailure(chain, dev.dave, mq.push(answer(chain, w, 20, seed, 0n)), 'Registry', 'UnknownChallenge');
    const short = signed(chain, w.identity, workerOrigin(w), MQ_TOPICS.heartbeat, new Uint8Array(35), 0n);
    expectFailure(chain, dev.dave, mq.push(short), 'Mq', 'BadPayload');
    // An unknown worker.
    const stranger = worker('stranger');
    expectFailure(chain, dev.dave, mq.push(answer(chain, stranger, 10, seed, 0n)), 'Mq', 'UnknownWorker');
    // Not a worker origin: the topic is reserved for workers.
    const payload = encode(HeartbeatAnswer, { challengeBlock: 10, response: heartbeatResponse(seed, dev.bob.publicKey) });
    const asAccount = signed(chain, dev.bob, { tag: 'Account', value: dev.bob.publicKey }, MQ_TOPICS.heartbeat, payload, 0n);
    expectFailure(chain, dev.bob, mq.push(asAccount), 'Mq', 'TopicNotAllowed');
    assert.equal(Mq.Sequences.get(chain.state, workerOrigin(w)), undefined);
  });
});

describe('Registry heartbeats: offline detection', () => {
  test('a silent worker goes offline once, after the window; one answering every challenge stays online', () => {
    const chain = new TestChain();
    const silent = registerWorker(chain, 'silent'); // block 1
    const alive = registerWorker(chain, 'alive'); // block 2
    const blocks = new Map<number, EventRecord[]>();
    let sequence = 0n;
    while (chain.number < 75) {
      for (const [n, events] of advanceTo(chain, chain.number + 1)) blocks.set(n, events);
      if (chain.number % 10 === 0) {
        const seed = currentSeed(chain, chain.number);
        expectOk(chain.submit(dev.dave, mq.push(answer(chain, alive, chain.number, seed, sequence++))));
      }
    }
    assert.deepEqual(registryEvents(blocks, 'WorkerOffline'), [[40, { identity: silent.identity.publicKey, lastHeartbeat: 1 }]]);
    // Detected before the block's new challenge.
    assert.deepEqual(
      names(blocks.get(40) ?? []).filter((n) => n.startsWith('Registry.')),
      ['Registry.WorkerOffline', 'Registry.HeartbeatChallenge'],
    );
    assert.equal(record(chain, silent).online, false);
    assert.equal(record(chain, silent).lastHeartbeat, 1);
    assert.equal(record(chain, alive).online, true);
    assert.equal(record(chain, alive).lastHeartbeat, 71);
  });

  test('an offline worker answering is online again (WorkerOnline), and may go offline again', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1'); // block 1
    advanceTo(chain, 40);
    assert.equal(record(chain, w).online, false);
    const seed = currentSeed(chain, 40);
    const result = chain.submit(dev.dave, mq.push(answer(chain, w, 40, seed, 0n))); // block 41
    expectOk(result);
    assert.deepEqual(names(result.events), [
      'Balances.FeePaid',
      'Registry.WorkerOnline',
      'Registry.HeartbeatReceived',
      'Mq.MessageAccepted',
      'System.ExtrinsicSuccess',
    ]);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'WorkerOnline'), [{ identity: w.identity.publicKey }]);
    assert.deepEqual(record(chain, w).online, true);
    assert.deepEqual(record(chain, w).lastHeartbeat, 41);
    const blocks = advanceTo(chain, 90);
    assert.deepEqual(registryEvents(blocks, 'WorkerOffline'), [[80, { identity: w.identity.publicKey, lastHeartbeat: 41 }]]);
  });

  test('re-registering an offline worker counts as a heartbeat and brings it online', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1');
    advanceTo(chain, 40);
    assert.equal(record(chain, w).online, false);
    const result = chain.submit(dev.bob, registry.registerWorker(w.info, simAttestation(w.info)));
    expectOk(result);
    assert.deepEqual(
      names(result.events).filter((n) => n.startsWith('Registry.')),
      ['Registry.WorkerUpdated', 'Registry.WorkerOnline'],
    );
    assert.equal(record(chain, w).online, true);
    assert.equal(record(chain, w).lastHeartbeat, 41);
  });

  test('gatekeepers are workers: they go offline when silent and answer with their worker origin', () => {
    const chain = new TestChain();
    const gk = registerGatekeeper(chain, 'gk1'); // registered at block 1
    const blocks = advanceTo(chain, 40);
    assert.deepEqual(registryEvents(blocks, 'WorkerOffline'), [[40, { identity: gk.identity.publicKey, lastHeartbeat: 1 }]]);
    const result = chain.submit(dev.dave, mq.push(answer(chain, gk, 40, currentSeed(chain, 40), 0n)));
    expectOk(result);
    assert.deepEqual(eventsOf(result.events, 'Registry', 'WorkerOnline'), [{ identity: gk.identity.publicKey }]);
    assert.deepEqual(Registry.Gatekeepers.get(chain.state), [gk.identity.publicKey], 'still a gatekeeper');
  });

  test('a shorter window set by root applies from the next check', () => {
    const chain = new TestChain();
    const w = registerWorker(chain, 'w1'); // block 1
    root(chain, setHeartbeatSettings(5, 5)); // block 2
    const blocks = advanceTo(chain, 20);
    assert.deepEqual(registryEvents(blocks, 'WorkerOffline'), [[10, { identity: w.identity.publicKey, lastHeartbeat: 1 }]]);
  });
});
