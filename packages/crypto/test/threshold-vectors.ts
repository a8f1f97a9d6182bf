// Inputs and computation of test/vectors/threshold-oprf.json, shared by its generator and its test.
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { fill } from './fixtures.js';
import { runDkg, seededRandom } from './threshold-helpers.js';

export const VECTOR_MASTER_SEED = fill(0x01);
export const VECTOR_CONTEXT = c.utf8('phalanx/test/threshold-vectors');
export const VECTOR_SHARINGS = [
  { n: 3, t: 2 },
  { n: 5, t: 3 },
  { n: 7, t: 4 },
] as const;

export function vectorIdentities(deployer: Uint8Array): c.ContractIdentity[] {
  return [
    { clusterId: fill(0x02), deployer, codeHash: fill(0x03), salt: c.utf8('salt-1') },
    { clusterId: fill(0x02), deployer, codeHash: fill(0x03), salt: c.utf8('salt-2') },
    { clusterId: fill(0x04), deployer, codeHash: fill(0x05), salt: new Uint8Array(0) },
  ];
}

/** The sharing of the vector MasterKey that the vectors pin (reshareWholeSecret, seeded randomness). */
export function vectorSharing(master: c.Sr25519Keypair, params: th.ThresholdParams) {
  const { dealing, state } = th.reshareWholeSecret(
    master.pair.secretKey,
    params,
    VECTOR_CONTEXT,
    seededRandom(`vectors/${params.n}-${params.t}`),
  );
  const members = Array.from({ length: params.n }, (_, i) => i + 1);
  const payloads = new Map(members.map((j) => [j, new Map([[0, th.resharePayload(state, j)]])]));
  const transcript = { dealings: [dealing], complaints: [], justifications: [] };
  const source = { kind: 'whole', publicKey: master.publicKey } as const;
  const shares = members.map(
    (j) => th.reshareFinish(source, params, VECTOR_CONTEXT, j, transcript, payloads.get(j) as Map<number, Uint8Array>).share,
  );
  const group = th.reshareOutcome(source, params, VECTOR_CONTEXT, transcript).group;
  th.eraseReshareState(state);
  return { group, shares };
}

/**
 * A seeded 3-of-5 DKG and one refresh, pinning every threshold domain string: the dealer's proof
 * (dkg-proof), a payload (payload tag, seed-commit), the set seeds (set-seed), the epoch-1 share
 * and announcement (zero-share) and the stepped seeds (seed-ratchet).
 */
export function dkgVector() {
  const hex = (b: Uint8Array) => c.toHex(b).slice(2);
  const params = { n: 5, t: 3 };
  const context = c.utf8('test-dkg/vector');
  const started = th.dkgStart(params, 1, context, seededRandom('vector/1'));
  const run = runDkg(params, 'vector');
  const member = run.shares[0] as th.KeyShare;
  const refreshed = th.refreshShare(member, run.seeds[0] as th.RefreshSeeds);
  return {
    n: params.n,
    t: params.t,
    dealer1Proof: hex(started.dealing.proof),
    dealer1SeedCommitments: started.dealing.seedCommitments.map(hex),
    payload1to2: hex(th.dkgPayload(started.state, 2)),
    groupCommitments: run.outcome.group.commitments.map(hex),
    member1Share: hex(member.secret),
    member1Seeds: run.seeds[0]?.seeds.map(hex),
    member1ShareEpoch1: hex(refreshed.share.secret),
    member1AnnouncementEpoch1: refreshed.announcement.points.map(hex),
    member1SeedsEpoch1: refreshed.seeds.seeds.map(hex),
  };
}
