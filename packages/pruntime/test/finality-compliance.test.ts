// One compliance suite for every FinalityVerifier (the light client's finality seam), run against
// each implementation: authority seals over a dev chain built here, and CometBFT commits over the
// network recorded from real CometBFT processes. Every implementation must accept its chain in
// order, refuse another engine's proof, refuse a header whose state root or time is not what
// finality committed, and resume from its checkpoint (through SCALE) exactly where it stopped.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { cryptoReady } from '@phalanx/crypto';
import { type Header, ZERO_HASH, ZERO_SIGNATURE } from '@phalanx/primitives';
import type { StateReader } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import {
  AuthoritySealFinality,
  CometbftBlockFinality,
  FinalityCheckpoint,
  type FinalityProof,
  type FinalityVerifier,
} from '../src/light-client/index.js';
import { ChainBuilder } from './chain-builder.js';
import { height, trustRoot } from './cometbft-fixture.js';

interface Step {
  readonly header: Header;
  readonly parent: Header;
  readonly proof: FinalityProof;
}

interface Subject {
  fresh(): FinalityVerifier;
  resume(checkpoint: FinalityCheckpoint): FinalityVerifier;
  /** At least four blocks, in order, each final by its proof. */
  readonly steps: readonly Step[];
  /** A valid proof of the other engine. */
  readonly foreignProof: FinalityProof;
  readonly state: StateReader;
}

function devSubject(): Subject {
  const chain = new ChainBuilder();
  const blocks = [chain.next(), chain.next(), chain.next(), chain.next()];
  const headers = [chain.genesis.header, ...blocks.map((block) => block.header)];
  const seal: FinalityProof = { tag: 'AuthoritySeal', value: null };
  return {
    fresh: () => new AuthoritySealFinality(chain.genesis.hash),
    resume: () => new AuthoritySealFinality(chain.genesis.hash),
    steps: blocks.map((block, i) => ({ header: block.header, parent: headers[i] as Header, proof: seal })),
    foreignProof: cometbftSteps()[0]?.proof as FinalityProof,
    state: chain.state,
  };
}

const millis = (time: { seconds: bigint; nanos: number }) => time.seconds * 1000n + BigInt(Math.floor(time.nanos / 1e6));
const appHashOf = (h: number) => new Uint8Array(createHash('sha256').update(`height ${h}`).digest());

/** Our headers for the recorded CometBFT heights: number, CometBFT's time, and the app hash H + 1 carries. */
function cometbftSteps(): Step[] {
  const steps: Step[] = [];
  let parent: Header = {
    parentHash: ZERO_HASH,
    number: 0,
    stateRoot: ZERO_HASH,
    extrinsicsRoot: ZERO_HASH,
    timestamp: 0n,
    author: ZERO_HASH,
    seal: ZERO_SIGNATURE,
  };
  for (let h = 1; h <= 6; h++) {
    const proven = h === 1 ? [height(1), height(2)] : [height(h + 1)];
    const header: Header = {
      ...parent,
      number: h,
      timestamp: millis(height(h).signedHeader.header.time),
      stateRoot: appHashOf(h),
    };
    const proof: FinalityProof = {
      tag: 'Cometbft',
      value: { signedHeaders: proven.map((p) => p.signedHeader), validatorSets: proven.map((p) => p.validators) },
    };
    steps.push({ header, parent, proof });
    parent = header;
  }
  return steps;
}

function cometbftSubject(): Subject {
  return {
    fresh: () => CometbftBlockFinality.fromTrustRoot(trustRoot),
    resume: (checkpoint) => {
      assert.equal(checkpoint.tag, 'Cometbft');
      return CometbftBlockFinality.restore(trustRoot, (checkpoint as Extract<FinalityCheckpoint, { tag: 'Cometbft' }>).value);
    },
    steps: cometbftSteps(),
    foreignProof: { tag: 'AuthoritySeal', value: null },
    state: { get: () => undefined },
  };
}

const refused = (pattern: RegExp) => (error: unknown) =>
  error instanceof Error && (error as { code?: string }).code === 'SYNC_INVALID' && pattern.test(error.message);

const SUBJECTS: [string, () => Subject][] = [
  ['authority seals (dev engine)', devSubject],
  ['CometBFT commits (recorded 4-validator network)', cometbftSubject],
];

for (const [name, make] of SUBJECTS) {
  describe(`finality compliance: ${name}`, () => {
    let subject: Subject;
    before(async () => {
      await cryptoReady();
      subject = make();
    });

    test('accepts its chain in order', () => {
      const verifier = subject.fresh();
      for (const step of subject.steps) verifier.verify(step.header, step.parent, step.proof, subject.state);
    });

    test("refuses another engine's proof", () => {
      const [first] = subject.steps as [Step];
      assert.throws(() => subject.fresh().verify(first.header, first.parent, subject.foreignProof, subject.state), refused(/./));
    });

    test('refuses a header whose state root or time is not what was made final', () => {
      const [first] = subject.steps as [Step];
      const root = new Uint8Array(first.header.stateRoot);
      root[0] = (root[0] as number) ^ 1;
      for (const header of [
        { ...first.header, stateRoot: root },
        { ...first.header, timestamp: first.header.timestamp + 1n },
      ]) {
        assert.throws(() => subject.fresh().verify(header, first.parent, first.proof, subject.state), refused(/./));
      }
    });

    test('resumes from its checkpoint (through SCALE) where it stopped', () => {
      const verifier = subject.fresh();
      const [a, b, c, d] = subject.steps as [Step, Step, Step, Step];
      verifier.verify(a.header, a.parent, a.proof, subject.state);
      verifier.verify(b.header, b.parent, b.proof, subject.state);
      const saved = decode(FinalityCheckpoint, encode(FinalityCheckpoint, verifier.checkpoint()));
      const resumed = subject.resume(saved);
      assert.equal(resumed.kind, verifier.kind);
      resumed.verify(c.header, c.parent, c.proof, subject.state);
      resumed.verify(d.header, d.parent, d.proof, subject.state);
    });
  });
}

describe('finality compliance: CometBFT specifics', () => {
  test('a block is final only with the next height: a replayed or skipped proof is refused', async () => {
    await cryptoReady();
    const steps = cometbftSteps();
    const [a, b, , d] = steps as [Step, Step, Step, Step];
    const verifier: FinalityVerifier = CometbftBlockFinality.fromTrustRoot(trustRoot);
    verifier.verify(a.header, a.parent, a.proof, { get: () => undefined });
    verifier.verify(b.header, b.parent, b.proof, { get: () => undefined });
    assert.throws(() => verifier.verify(b.header, b.parent, b.proof, { get: () => undefined }), refused(/height/));
    assert.throws(() => verifier.verify(d.header, d.parent, d.proof, { get: () => undefined }), refused(/height/));
  });
});
