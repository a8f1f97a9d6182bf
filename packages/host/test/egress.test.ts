// The egress relay turns each item the enclave asks for into its call, signed by the operator: state
// commits (attributed or not) and a worker's commit attestations included. The node is a stand-in
// that records what it was asked to submit.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2_256, cryptoReady, devKeypair, type Keypair, utf8 } from '@phalanx/crypto';
import type { EgressItem } from '@phalanx/pruntime/ecall';
import type { RuntimeCall } from '@phalanx/runtime';
import type { TxResult } from '@phalanx/sdk';
import { EgressRelay } from '../src/egress.js';
import type { NodeLink } from '../src/node-link.js';
import { quiet } from './helpers.js';

interface Submitted {
  readonly signer: Uint8Array;
  readonly call: RuntimeCall;
  readonly nonce: number | undefined;
}

/** A node that accepts everything (or refuses with `error`) and remembers what was submitted. */
function standInLink(error?: string) {
  const submitted: Submitted[] = [];
  const client = {
    nextNonce: async () => 7,
    signAndSubmit: async (keypair: Keypair, call: RuntimeCall, options: { nonce?: number }): Promise<TxResult> => {
      submitted.push({ signer: keypair.publicKey, call, nonce: options.nonce });
      const failure = error === undefined ? undefined : { pallet: 'Phat', error, message: 'refused' };
      return {
        hash: '0x',
        block: 1,
        blockHash: '0x',
        index: 0,
        ok: error === undefined,
        error: failure,
        events: [],
      } as unknown as TxResult;
    },
  };
  return { link: { client } as unknown as NodeLink, submitted };
}

describe('egress relay: state commits and attestations', () => {
  let operator: Keypair;
  let items: EgressItem[];

  before(async () => {
    await cryptoReady();
    operator = devKeypair('Bob');
    const contract = blake2_256(utf8('contract'));
    const digest = blake2_256(utf8('digest'));
    const worker = blake2_256(utf8('worker'));
    const signature = new Uint8Array(64).fill(1);
    const commit = { commit: { contract, block: 5, commandSequence: 1n, changes: [], digest }, signature };
    items = [
      { tag: 'CommitState', value: commit },
      { tag: 'CommitStateAttested', value: { commit, worker, signature } },
      { tag: 'AttestCommit', value: { claim: { contract, block: 5, commandSequence: 1n, digest }, worker, signature } },
    ];
  });

  it('submits each as its Phat call, one nonce each, signed by the operator', async () => {
    const { link, submitted } = standInLink();
    const relay = new EgressRelay(link, { operator, sudo: operator, log: quiet });
    await relay.relay(items);
    const [plain, attributed, vote] = items as [EgressItem, EgressItem, EgressItem];
    assert.deepEqual(
      submitted.map((s) => s.call),
      [
        { tag: 'Phat', value: { tag: 'commitState', value: { commit: plain.value } } },
        { tag: 'Phat', value: { tag: 'commitStateAttested', value: attributed.value } },
        { tag: 'Phat', value: { tag: 'attestCommit', value: vote.value } },
      ],
    );
    assert.deepEqual(
      submitted.map((s) => s.nonce),
      [7, 8, 9],
    );
    for (const s of submitted) assert.deepEqual(s.signer, operator.publicKey);
    assert.equal(relay.waiting, 0);
  });

  it('a vote the chain already has is not worth a warning; another refusal is', async () => {
    const warnings: string[] = [];
    const log = { ...quiet, warn: (message: string) => warnings.push(message) };
    const vote = items.slice(2);
    await new EgressRelay(standInLink('AlreadyAttested').link, { operator, sudo: operator, log }).relay(vote);
    assert.deepEqual(warnings, []);
    await new EgressRelay(standInLink('NotContractWorker').link, { operator, sudo: operator, log }).relay(vote);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /attestation .* refused: Phat\.NotContractWorker/);
  });
});
