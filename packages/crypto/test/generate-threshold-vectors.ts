// Regenerates test/vectors/threshold-oprf.json after a DELIBERATE change:
//   npx tsc -b && node packages/crypto/dist/test/generate-threshold-vectors.js
// The contract seeds come from today's single-key path (contractSeed); the test then derives the
// same seeds from every t-subset of the pinned shares.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as c from '../src/index.js';
import { threshold as th } from '../src/index.js';
import { seededRandom } from './threshold-helpers.js';
import { dkgVector, VECTOR_MASTER_SEED, VECTOR_SHARINGS, vectorIdentities, vectorSharing } from './threshold-vectors.js';

await c.cryptoReady();
const hex = (b: Uint8Array) => c.toHex(b).slice(2);
const master = c.Sr25519Keypair.fromSeed(VECTOR_MASTER_SEED);
const alice = c.devKeypair('Alice');
const identities = vectorIdentities(alice.publicKey);
const vectors = {
  description:
    'Threshold ContractKey derivation (issue 13): the same MasterKey gives the same contract seeds whole (contractSeed) and from any t shares (threshold OPRF).',
  masterSeed: hex(VECTOR_MASTER_SEED),
  masterPublicKey: hex(master.publicKey),
  contracts: identities.map((identity) => ({
    clusterId: hex(identity.clusterId),
    deployer: hex(identity.deployer),
    codeHash: hex(identity.codeHash),
    salt: hex(identity.salt),
    input: hex(c.contractInput(identity)),
    oprfOutput: hex(c.oprfEvaluate(master.pair.secretKey, c.contractInput(identity))),
    contractSeed: hex(c.contractSeed(master, identity)),
  })),
  sharings: VECTOR_SHARINGS.map((params) => {
    const { group, shares } = vectorSharing(master, params);
    const input = c.contractInput(identities[0] as c.ContractIdentity);
    return {
      n: params.n,
      t: params.t,
      commitments: group.commitments.map(hex),
      shares: shares.map((s) => ({ index: s.index, secret: hex(s.secret) })),
      answersForFirstContract: shares.map((s) => {
        const answer = th.oprfPartialEvaluate(s, input, seededRandom(`vectors/answer/${params.n}/${s.index}`));
        return { index: s.index, element: hex(answer.element), proof: hex(answer.proof) };
      }),
    };
  }),
  dkg: dkgVector(),
};
writeFileSync(
  fileURLToPath(new URL('../../test/vectors/threshold-oprf.json', import.meta.url)),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
console.log('wrote threshold-oprf.json');
