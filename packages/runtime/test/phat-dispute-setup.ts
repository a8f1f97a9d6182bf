// The commit-dispute set-up shared by its tests: a chain whose contract c1 runs on `n` workers,
// each running with STAKE locked behind it in Bob's pool, and builders for attributed commits and
// attestations signed by a chosen worker.
import { blake2_256, type Keypair, utf8 } from '@phalanx/crypto';
import {
  claimOf,
  Phat,
  type RuntimeCall,
  type StateCommit,
  type StateCommitRecord,
  signCommitClaim,
  signStateCommit,
  stateDigest,
} from '../src/index.js';
import { dev, expectOk, phat, registerGatekeeper, root, type TestChain, type TestWorker } from './pallet-helpers.js';
import { CLUSTER, CODE, deploy, type Setup } from './phat-setup.js';
import { ok, pool, poolChain, poolWithWorkers } from './stake-pool-setup.js';

export const STAKE = 10_000n;
export const digestOf = (label: string) => blake2_256(utf8(label));

export interface DisputeSetup {
  readonly chain: TestChain;
  readonly contract: Uint8Array;
  readonly contractKey: Keypair;
  readonly workers: TestWorker[];
  readonly pid: number;
}

/** Contract c1 deployed on `n` staked workers (one command submitted, so commits may cover it). */
export function disputeSetup(n = 3): DisputeSetup {
  const chain = poolChain(0n, 5);
  const gk = registerGatekeeper(chain, 'gk');
  const { pid, workers } = poolWithWorkers(chain, n, 'cw');
  ok(chain, dev.charlie, pool.contribute(pid, STAKE * BigInt(n)));
  for (const w of workers) ok(chain, dev.bob, pool.startWorker(pid, w.identity.publicKey, STAKE));
  root(
    chain,
    phat.createCluster(
      CLUSTER,
      workers.map((w) => w.identity.publicKey),
    ),
  );
  expectOk(chain.submit(dev.charlie, phat.uploadCode(CODE)));
  const s: Setup = { chain, gk, w1: workers[0] as TestWorker, w2: workers[1] as TestWorker, gkSeq: 0n };
  const { contract, keys } = deploy(s);
  expectOk(chain.submit(dev.dave, phat.command(contract)));
  return { chain, contract, contractKey: keys.identity, workers, pid };
}

/** A well-formed commit at the current block on the recorded digest (its one change labelled `label`). */
export function commitAt(d: DisputeSetup, label = 'a', block = d.chain.number): StateCommit {
  const changes = [[digestOf(`entry-${label}`), utf8(`ciphertext-${label}`)] as const];
  const recorded: StateCommitRecord | undefined = Phat.StateCommits.get(d.chain.state, d.contract);
  const previous = recorded?.digest ?? new Uint8Array(32);
  const commandSequence = 1n;
  return {
    contract: d.contract,
    block,
    commandSequence,
    changes,
    digest: stateDigest(previous, block, commandSequence, changes),
  };
}

/** `Phat.commitStateAttested`: `commit` signed by the contract key, its claim by `worker`. */
export function attested(d: DisputeSetup, commit: StateCommit, worker: Keypair, as: Uint8Array = worker.publicKey): RuntimeCall {
  const signed = signStateCommit(d.contractKey, commit, d.chain.chainId);
  const { signature } = signCommitClaim(worker, claimOf(commit), d.chain.chainId);
  return { tag: 'Phat', value: { tag: 'commitStateAttested', value: { commit: signed, worker: as, signature } } };
}

/** `Phat.attestCommit`: `worker` signs `digest` for `block` (the command sequence of `commitAt`). */
export function attest(
  d: DisputeSetup,
  block: number,
  digest: Uint8Array,
  worker: Keypair,
  chainId = d.chain.chainId,
): RuntimeCall {
  const claim = { contract: d.contract, block, commandSequence: 1n, digest };
  return { tag: 'Phat', value: { tag: 'attestCommit', value: signCommitClaim(worker, claim, chainId) } };
}

export const mismatchSlash = (ppm: number): RuntimeCall => ({
  tag: 'StakePool',
  value: { tag: 'setPenaltyParams', value: { lateSlash: 0, mismatchSlash: ppm } },
});
