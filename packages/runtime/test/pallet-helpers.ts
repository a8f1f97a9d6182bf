// Harness for the protocol-pallet tests (registry, mq, phat): a dev chain driven through the real
// executive (signed extrinsics → checkExtrinsic → BlockExecutor.apply → finalize), its state kept
// in a MapState, plus builders for workers, attestations, MQ messages and contracts.
import assert from 'node:assert/strict';
import { blake2_256, devKeypair, equalBytes, type Keypair, keypairFromUri, utf8 } from '@phalanx/crypto';
import {
  type Envelope,
  type Message,
  type MessageOrigin,
  type SignedMessage,
  signExtrinsic,
  signMessage,
  type WorkerInfo,
  workerReportData,
} from '@phalanx/primitives';
import { encode } from '@phalanx/scale';
import {
  type ApplyOutcome,
  type Attestation,
  BlockExecutor,
  buildGenesisState,
  Consensus,
  checkExtrinsic,
  DEV_SIM_MEASUREMENT,
  devGenesisConfig,
  devSimSigner,
  type EventRecord,
  Extrinsic,
  feeFor,
  type GenesisConfig,
  type MapState,
  Mq,
  Registry,
  RuntimeCall,
  readAccount,
  type SignedStateCommit,
  type StateChange,
  System,
  signSimReport,
  stateKeyId,
  Timestamp,
} from '../src/index.js';

export const GENESIS_HASH = blake2_256(utf8('phalanx/test/pallets-genesis'));
export const GENESIS_TIME = 1_700_000_000_000n;

const cache = new Map<string, Keypair>();
/** sr25519 key pair of a secret URI (cached: derivation is slow). Call after `cryptoReady()`. */
export function kp(uri: string): Keypair {
  let pair = cache.get(uri);
  if (pair === undefined) {
    pair = uri.startsWith('dev:') ? devKeypair(uri.slice(4) as 'Alice') : keypairFromUri(uri);
    cache.set(uri, pair);
  }
  return pair;
}

export const dev = {
  get alice() {
    return kp('dev:Alice');
  },
  get bob() {
    return kp('dev:Bob');
  },
  get charlie() {
    return kp('dev:Charlie');
  },
  get dave() {
    return kp('dev:Dave');
  },
  get eve() {
    return kp('dev:Eve');
  },
  /** Authors every test block, so fees paid by the others are visible. */
  get ferdie() {
    return kp('dev:Ferdie');
  },
};

export interface TxResult {
  readonly outcome: ApplyOutcome;
  /** Events of this extrinsic only. */
  readonly events: EventRecord[];
  readonly fee: bigint;
  readonly changes: StateChange[];
}

type Tx = readonly [Keypair, RuntimeCall];

/** A chain from a genesis config, advanced block by block. */
export class TestChain {
  readonly state: MapState;
  number = 0;
  private readonly genesisTime: bigint;

  constructor(config: GenesisConfig = devGenesisConfig(GENESIS_TIME)) {
    this.state = buildGenesisState(config);
    this.genesisTime = config.timestamp;
  }

  get chainId(): Uint8Array {
    const id = Mq.ChainId.get(this.state);
    assert.ok(id !== undefined, 'genesis sets Mq.ChainId');
    return id;
  }

  /** Runs the next block with `txs` (each must be includable); returns per-extrinsic results. */
  block(txs: readonly Tx[]): TxResult[] {
    this.number++;
    const env = {
      number: this.number,
      timestamp: this.genesisTime + BigInt(this.number) * 6000n,
      author: dev.ferdie.publicKey,
      parentHash: blake2_256(utf8(`parent-${this.number}`)),
    };
    const executor = new BlockExecutor(this.state, env, new Uint8Array(64));
    const applied: Array<{ size: number; outcome: ApplyOutcome }> = [];
    for (const [signer, call] of txs) {
      const nonce = readAccount(executor.state, signer.publicKey).nonce;
      const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, signer, GENESIS_HASH, { nonce, call }));
      applied.push({ size: bytes.length, outcome: executor.apply(checkExtrinsic(bytes, GENESIS_HASH)) });
    }
    const { changes, events } = executor.finalize();
    this.state.apply(changes);
    return applied.map(({ size, outcome }, index) => ({
      outcome,
      events: events.filter((r) => r.phase.tag === 'ApplyExtrinsic' && r.phase.value === index),
      fee: feeFor(size, 0n),
      changes,
    }));
  }

  /** One extrinsic in its own block. */
  submit(signer: Keypair, call: RuntimeCall): TxResult {
    return this.block([[signer, call]])[0] as TxResult;
  }

  /** A root call through `sudo.sudo`, signed by Alice (the dev sudo key). */
  sudo(call: RuntimeCall): TxResult {
    return this.submit(dev.alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } });
  }
}

/** `Pallet.Event` names of some events, in order. */
export function names(events: readonly EventRecord[]): string[] {
  return events.map((r) => `${r.event.tag}.${(r.event.value as { tag: string }).tag}`);
}

/** Payloads of every `pallet.name` event. */
export function eventsOf<T = Record<string, unknown>>(events: readonly EventRecord[], pallet: string, name: string): T[] {
  return events
    .filter((r) => r.event.tag === pallet && (r.event.value as { tag: string }).tag === name)
    .map((r) => (r.event.value as { value: T }).value);
}

export function expectOk(result: TxResult): void {
  assert.deepEqual(result.outcome, { ok: true }, `expected success, got ${JSON.stringify(result.outcome)}`);
}

// Keys a failed call may still change: the signer's and author's accounts (nonce, fee), and the
// block's own bookkeeping (system, timestamp, clearing the previous block's MQ outbound and validator updates, the
// registry's heartbeat challenge every `challengeInterval` blocks).
const BOOKKEEPING = [
  System.Number.key,
  System.ParentHash.key,
  System.Events.key,
  System.Randomness.key,
  Timestamp.Now.key,
  Registry.Challenge.key,
  Registry.PreviousChallenge.key,
];
const BOOKKEEPING_PREFIXES = [System.BlockHash.prefix];

function isBookkeeping(key: Uint8Array, value: Uint8Array | undefined, accounts: readonly Uint8Array[]): boolean {
  if (BOOKKEEPING.some((k) => equalBytes(k, key))) return true;
  if (BOOKKEEPING_PREFIXES.some((p) => key.length > p.length && equalBytes(key.subarray(0, p.length), p))) return true;
  if (value === undefined && (equalBytes(key, Mq.OutboundCount.key) || startsWith(key, Mq.Outbound.prefix))) return true;
  // Clearing the previous block's validator updates.
  if (value === undefined && (equalBytes(key, Consensus.ValidatorUpdates.key) || equalBytes(key, Consensus.AddedThisBlock.key)))
    return true;
  return accounts.some((who) => equalBytes(key, System.Account.keyOf(who)));
}

function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  return key.length >= prefix.length && equalBytes(key.subarray(0, prefix.length), prefix);
}

/** Runs a call expected to fail: it is included, its writes reverted, its fee charged. */
export function expectFailure(chain: TestChain, signer: Keypair, call: RuntimeCall, pallet: string, error: string): TxResult {
  const before = readAccount(chain.state, signer.publicKey);
  const result = chain.submit(signer, call);
  assert.equal(result.outcome.ok, false, `expected ${pallet}.${error}, but the call succeeded`);
  if (!result.outcome.ok)
    assert.deepEqual([result.outcome.error.pallet, result.outcome.error.error], [pallet, error], result.outcome.error.message);
  assert.deepEqual(names(result.events), ['Balances.FeePaid', 'System.ExtrinsicFailed']);
  const after = readAccount(chain.state, signer.publicKey);
  assert.equal(after.nonce, before.nonce + 1, 'the nonce is used');
  assert.equal(after.free, before.free - result.fee, 'the fee is charged');
  assert.equal(after.reserved, before.reserved, 'nothing is reserved');
  const touched = result.changes.filter(([key, value]) => !isBookkeeping(key, value, [signer.publicKey, dev.ferdie.publicKey]));
  assert.deepEqual(
    touched.map(([key]) => stateKeyId(key)),
    [],
    'a failed call leaves no state change',
  );
  return result;
}

/** Runs a root call expected to fail inside sudo: `Sudid { error }`, nothing written. */
export function expectSudoFailure(chain: TestChain, call: RuntimeCall, pallet: string, error: string): void {
  const result = chain.sudo(call);
  expectOk(result);
  const [sudid] = eventsOf<{ error?: { pallet: string; error: string; message: string } }>(result.events, 'Sudo', 'Sudid');
  assert.ok(sudid?.error !== undefined, `expected ${pallet}.${error}, but the root call succeeded`);
  assert.deepEqual([sudid.error.pallet, sudid.error.error], [pallet, error], sudid.error.message);
  const touched = result.changes.filter(
    ([key, value]) => !isBookkeeping(key, value, [dev.alice.publicKey, dev.ferdie.publicKey]),
  );
  assert.deepEqual(
    touched.map(([key]) => stateKeyId(key)),
    [],
    'a failed root call leaves no state change',
  );
}

/** Runs a root call expected to succeed; returns its events. */
export function root(chain: TestChain, call: RuntimeCall): EventRecord[] {
  const result = chain.sudo(call);
  expectOk(result);
  const [sudid] = eventsOf<{ error?: { message: string } }>(result.events, 'Sudo', 'Sudid');
  assert.equal(sudid?.error, undefined, sudid?.error?.message);
  return result.events;
}

// ---- Call builders ----

export const registry = {
  registerWorker: (info: WorkerInfo, attestation: Attestation): RuntimeCall => ({
    tag: 'Registry',
    value: { tag: 'registerWorker', value: { info, attestation } },
  }),
  setAttestationSettings: (settings: {
    allowSim: boolean;
    simSigners: Uint8Array[];
    maxConfidenceLevel: number;
  }): RuntimeCall => ({
    tag: 'Registry',
    value: { tag: 'setAttestationSettings', value: { settings } },
  }),
  addMeasurement: (measurement: Uint8Array): RuntimeCall => ({
    tag: 'Registry',
    value: { tag: 'addMeasurement', value: { measurement } },
  }),
  removeMeasurement: (measurement: Uint8Array): RuntimeCall => ({
    tag: 'Registry',
    value: { tag: 'removeMeasurement', value: { measurement } },
  }),
  registerGatekeeper: (identity: Uint8Array): RuntimeCall => ({
    tag: 'Registry',
    value: { tag: 'registerGatekeeper', value: { identity } },
  }),
};

export const mq = {
  push: (signed: SignedMessage): RuntimeCall => ({ tag: 'Mq', value: { tag: 'pushMessage', value: { signed } } }),
};

export const phat = {
  createCluster: (clusterId: Uint8Array, workers: Uint8Array[]): RuntimeCall => ({
    tag: 'Phat',
    value: { tag: 'createCluster', value: { clusterId, workers } },
  }),
  addWorkerToCluster: (clusterId: Uint8Array, worker: Uint8Array): RuntimeCall => ({
    tag: 'Phat',
    value: { tag: 'addWorkerToCluster', value: { clusterId, worker } },
  }),
  uploadCode: (code: Uint8Array): RuntimeCall => ({ tag: 'Phat', value: { tag: 'uploadCode', value: { code } } }),
  instantiate: (clusterId: Uint8Array, codeHash: Uint8Array, salt: Uint8Array, args: Envelope = envelope(1)): RuntimeCall => ({
    tag: 'Phat',
    value: { tag: 'instantiate', value: { clusterId, codeHash, salt, args } },
  }),
  command: (contract: Uint8Array, env: Envelope = envelope(2), gasLimit = 1_000_000n, gasPrice = 100n): RuntimeCall => ({
    tag: 'Phat',
    value: { tag: 'command', value: { contract, envelope: env, gasLimit, gasPrice } },
  }),
  commitState: (commit: SignedStateCommit): RuntimeCall => ({
    tag: 'Phat',
    value: { tag: 'commitState', value: { commit } },
  }),
};

/** A stand-in encrypted envelope (the chain never opens one). */
export function envelope(fill: number, length = 48): Envelope {
  return {
    senderPubkey: new Uint8Array(32).fill(fill),
    iv: new Uint8Array(12).fill(fill),
    ciphertext: new Uint8Array(length).fill(fill),
  };
}

// ---- Workers ----

export interface TestWorker {
  readonly identity: Keypair;
  readonly ecdh: Keypair;
  readonly info: WorkerInfo;
}

/** A worker's keys and WorkerInfo (deterministic per name). */
export function worker(
  name: string,
  options: { operator?: Uint8Array; endpoints?: string[]; runtimeVersion?: number } = {},
): TestWorker {
  const identity = kp(`//worker/${name}`);
  const ecdh = kp(`//worker/${name}/ecdh`);
  return {
    identity,
    ecdh,
    info: {
      identityPubkey: identity.publicKey,
      ecdhPubkey: ecdh.publicKey,
      runtimeVersion: options.runtimeVersion ?? 1,
      endpoints: options.endpoints ?? [`http://${name}.local:8000`],
      features: [1, 2],
      operator: options.operator,
    },
  };
}

/** A simulated attestation of `info` (dev simulator, dev measurement unless overridden). */
export function simAttestation(
  info: WorkerInfo,
  options: { signer?: Keypair; measurement?: Uint8Array; reportData?: Uint8Array } = {},
): Attestation {
  const signer = options.signer ?? devSimSigner();
  const report = signSimReport(signer, options.measurement ?? DEV_SIM_MEASUREMENT, options.reportData ?? workerReportData(info));
  return { tag: 'Sim', value: report };
}

/** Registers a worker operated by `operator` (Bob by default). */
export function registerWorker(chain: TestChain, name: string, operator: Keypair = dev.bob): TestWorker {
  const w = worker(name);
  expectOk(chain.submit(operator, registry.registerWorker(w.info, simAttestation(w.info))));
  return w;
}

/** Registers a worker and makes it a gatekeeper. */
export function registerGatekeeper(chain: TestChain, name: string): TestWorker {
  const w = registerWorker(chain, name);
  root(chain, registry.registerGatekeeper(w.identity.publicKey));
  return w;
}

// ---- MQ ----

export function message(origin: MessageOrigin, topic: string, payload: Uint8Array): Message {
  return { origin, topic: utf8(topic), payload };
}

/** A message signed by `signer` (the origin's key) for this chain. */
export function signed(
  chain: TestChain,
  signer: Keypair,
  origin: MessageOrigin,
  topic: string,
  payload: Uint8Array,
  sequence: bigint,
): SignedMessage {
  return signMessage(signer, message(origin, topic, payload), sequence, chain.chainId);
}
