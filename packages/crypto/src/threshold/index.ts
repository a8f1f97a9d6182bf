/**
 * Threshold MasterKey: the cryptographic core of issue 13 (DESIGN §3), pure and deterministic
 * given its injected randomness (`random(n)`), over ristretto255 with @noble/curves' group and
 * scalar arithmetic, RFC 9497 hash-to-group, DLEQ proofs and Finalize.
 *
 * What it gives
 * - DKG (dkg.ts): Pedersen/Feldman key generation as in FROST (Komlo–Goldberg) with the
 *   complaint round of Gennaro–Jarecki–Krawczyk–Rabin. Round 1 `dkgStart` → broadcast a
 *   `DkgDealing` (commitments, Schnorr proof of a_0 under the session context, seed commitments).
 *   Round 2 `dkgPayload` → one private payload per other member; each recipient runs
 *   `dkgCheckPayload` → a `Complaint` to broadcast, or nothing. Round 3 (only if complaints)
 *   `dkgJustify` → the accuser's payload, published in the clear. Then `dkgOutcome` (anyone) gives
 *   the qualified dealers, the exclusions with reasons and the `GroupPublic` (commitments[0] = the
 *   MasterPubkey); `dkgFinish` (each member) gives its `KeyShare` and `RefreshSeeds`.
 *   @noble/curves 2.x ships FROST's DKG (`ristretto255_FROST.DKG`), but it needs all n packages,
 *   throws on the first bad one without a complaint round or exclusion, and binds no session
 *   context, so the rounds are written here on noble's primitives instead.
 * - Threshold OPRF (oprf.ts): `oprfPartialEvaluate` (a holder's s_i·H(input) with an RFC 9497
 *   DLEQ proof), `oprfCombine` / `thresholdContractSeed` (check, name bad answers, interpolate any
 *   t valid ones): byte for byte today's `oprfEvaluate` / `contractSeed` from the whole key.
 * - Resharing (reshare.ts): `reshareWholeSecret` (the one-time move of today's whole MasterKey to
 *   shares, by its holder) and `reshareShare` (old committee → new committee); group key unchanged.
 *   The new committee agrees its refresh seeds with seed-exchange.ts meanwhile.
 * - Refresh without communication (refresh.ts): `refreshShare` per epoch, locally, from the
 *   zero-sharing seeds of the DKG (replicated-set pseudo-random zero sharing, seeds.ts: C(n, t−2)
 *   sets, fine for n ≤ 7 and capped at n ≤ 10); `refreshGroup` moves the public commitments (hence
 *   every verification share) from the members' announcements.
 *
 * What the caller must do
 * - Order the rounds (the chain): all round-1 dealings, then payloads, then complaints, then
 *   justifications, each with a deadline; a member that misses round 1 is simply absent, a missing
 *   payload is complained about (pass `undefined` to the check). Use a fresh `context` per session
 *   (e.g. SCALE(genesis hash, session number)): it binds proofs and payloads to the session.
 * - Encrypt every payload to its recipient (and authenticate it: the on-chain envelope does);
 *   only justifications are ever published in the clear. Accept a complaint only if its accuser
 *   signed it, and a dealing or justification only from its dealer (signed extrinsics).
 * - Pass a CSPRNG as `random` (`randomBytes`); seeded streams are for tests. OPRF proof nonces are
 *   hedged with the share, but polynomials and seeds are only as good as `random`.
 * - Seal `KeyShare` and `RefreshSeeds` (codecs.ts has their SCALE codecs, and those of every
 *   message). Round states stay in enclave memory: a member that restarts mid-session drops out
 *   (complaints or absence exclude it, or the session runs again). Erase the previous epoch's share and seeds
 *   after each refresh (`eraseShare`, `eraseSeeds`), the DKG/reshare state after the session, and
 *   the whole MasterKey after `reshareWholeSecret`. `refreshShare` leaves its inputs intact.
 * - Publish each member's `RefreshAnnouncement` and apply `refreshGroup` at each epoch so workers
 *   check answers against current verification shares; answers carry their epoch.
 * No function here reconstructs the whole secret: combination happens only in the exponent
 * (OPRF answers, commitments). `reshareWholeSecret` takes it from its current holder, once.
 *
 * Why this zero sharing (seeds.ts): shares of zero on a degree-(t−1) polynomial Z with Z(0) = 0
 * from seeds fixed at DKG time. Pairwise seeds alone work only for t = n: a term known to a
 * subset A must vanish outside A, and a non-zero degree-(t−1) polynomial with Z(0) = 0 vanishes
 * on at most t − 2 members, so |A| ≥ n − t + 2. Cramer–Damgård–Ishai replicated seeds with
 * exactly those sets reach the bound: C(n, t−2) sets, C(n−1, t−2) per member (2-of-3: 1, 3-of-5:
 * 4 of 5, 4-of-7: 15 of 21, worst at n = 7: 5-of-7 with 35), C(n−2, t−2) 32-byte contributions
 * per DKG payload — exponential in n, cheap for n ≤ 7. Security: whoever holds the refresh state
 * of t − 2 members misses the seed of a set of honest members, so the others' zero shares stay
 * pseudo-random to it; t − 1 members' states give every zero share, for any construction (their
 * t − 1 points and Z(0) = 0 fix Z). With t = 2 that means one member's state gives them all.
 *
 * Threat model of the refresh: a share that leaks alone (without the seeds) is useless with shares
 * of another epoch. Seeds step one way each epoch, so a member's full state at epoch e does not
 * give earlier epochs' zero shares; it does give later ones (inherent to refresh without fresh
 * communication). A leaked full state is healed only by resharing or a new DKG, which the chain
 * should run on membership changes and on the rotation period.
 */

export { agreementPartial, openEnvelopeWithPartials, thresholdAgreement } from './agreement.js';
export {
  complaintCodec,
  dkgDealingCodec,
  groupPublicCodec,
  justificationCodec,
  keyShareCodec,
  oprfAnswerCodec,
  refreshAnnouncementCodec,
  refreshSeedsCodec,
  reshareDealingCodec,
  seedDealingCodec,
} from './codecs.js';
export {
  type DkgDealing,
  type DkgOutcome,
  type DkgState,
  type DkgTranscript,
  dkgCheckPayload,
  dkgDealingProblem,
  dkgFinish,
  dkgJustify,
  dkgOutcome,
  dkgPayload,
  dkgStart,
} from './dkg.js';
export { lagrangeAtZero, MAX_CONTEXT, MAX_PARTICIPANTS, type Random, type ThresholdParams } from './group.js';
export {
  type OprfAnswer,
  type OprfCombination,
  oprfAnswerProblem,
  oprfCombine,
  oprfInputElement,
  oprfPartialEvaluate,
  partialEvaluateElement,
  thresholdContractSeed,
  thresholdMasterDerivedSecret,
} from './oprf.js';
export { decodePayload, encodePayload, type Payload } from './payload.js';
export {
  groupKey,
  type RefreshAnnouncement,
  type RefreshProblem,
  refreshGroup,
  refreshShare,
  shareMatchesGroup,
  verificationShare,
  zeroSharingPolynomials,
} from './refresh.js';
export {
  eraseReshareState,
  type ReshareDealing,
  type ReshareOutcome,
  type ReshareSource,
  type ReshareState,
  type ReshareTranscript,
  reshareCheckPayload,
  reshareDealingProblem,
  reshareFinish,
  reshareJustify,
  reshareOutcome,
  resharePayload,
  reshareShare,
  reshareWholeSecret,
} from './reshare.js';
export {
  type SeedDealing,
  type SeedTranscript,
  seedExchangeCheckPayload,
  seedExchangeFinish,
  seedExchangeJustify,
  seedExchangePayload,
  seedExchangeStart,
} from './seed-exchange.js';
export { type SeedDealerState, setsContaining, zeroSharingSets } from './seeds.js';
export {
  type Complaint,
  type Exclusion,
  eraseSeeds,
  eraseShare,
  type GroupPublic,
  type Justification,
  type KeyShare,
  type RefreshSeeds,
} from './types.js';
