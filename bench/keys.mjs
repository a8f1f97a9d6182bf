// `npm run bench -- keys`: the threshold MasterKey core (issue 13) on one core, one thread —
// DKG for n = 3, 5, 7 (t = ⌈(n+1)/2⌉), threshold ContractKey derivation vs the single-key path,
// and the per-epoch refresh. Pure computation: no channel encryption, no chain round trips.
import { loadavg } from 'node:os';
import * as c from '@phalanx/crypto';
import { opsPerSecond } from './harness.mjs';
import { deployLatency } from './keys-deploy.mjs';

const { threshold: th } = c;
const range = (n) => Array.from({ length: n }, (_, i) => i + 1);
const round = (ms) => Math.round(ms * 100) / 100;

/** Median wall time of `fn` over `runs` runs, in ms. */
function medianMs(fn, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(runs / 2)]);
}

/** Every round of a DKG for all members in one process; returns the members' results. */
function dkg(params, context) {
  const started = range(params.n).map((i) => th.dkgStart(params, i, context, c.randomBytes));
  const inbox = new Map(range(params.n).map((j) => [j, new Map()]));
  for (const { state } of started)
    for (const j of range(params.n)) if (j !== state.index) inbox.get(j).set(state.index, th.dkgPayload(state, j));
  const dealings = started.map((s) => s.dealing);
  const complaints = [];
  for (const j of range(params.n)) {
    for (const d of dealings)
      if (d.dealer !== j) {
        const complaint = th.dkgCheckPayload(params, context, d, j, inbox.get(j).get(d.dealer));
        if (complaint) complaints.push(complaint);
      }
  }
  const transcript = { dealings, complaints, justifications: [] };
  return started.map((s) => th.dkgFinish(s.state, transcript, inbox.get(s.state.index)));
}

export async function run() {
  await c.cryptoReady();
  const context = c.utf8('bench/keys');
  const master = c.Sr25519Keypair.fromSeed(c.randomBytes(32));
  const identity = { clusterId: c.randomBytes(32), deployer: c.randomBytes(32), codeHash: c.randomBytes(32), salt: c.utf8('s') };
  const input = c.contractInput(identity);

  const dkgResults = {};
  const refreshResults = {};
  const oprfResults = {};
  for (const n of [3, 5, 7]) {
    const t = Math.ceil((n + 1) / 2);
    const params = { n, t };
    const label = `${t}-of-${n}`;
    dkg(params, context); // warm-up
    const allMembers = medianMs(() => dkg(params, context));
    dkgResults[label] = {
      all_members_one_core_ms: allMembers,
      // One member's own work: its dealing, n−1 payloads, n−1 checks and the finish (≈ all / n).
      per_member_ms: round(allMembers / n),
    };

    const members = dkg(params, context);
    const group = members[0].outcome.group;
    const shares = members.map((m) => m.share);
    const seeds = members.map((m) => m.seeds);
    const stepped = shares.map((s, k) => th.refreshShare(s, seeds[k]));
    refreshResults[label] = {
      zero_sharing_sets: th.zeroSharingSets(params).length,
      sets_per_member: th.setsContaining(params, 1).length,
      refresh_share_per_member_ms: medianMs(() => th.refreshShare(shares[0], seeds[0]), 21),
      refresh_group_public_ms: medianMs(
        () =>
          th.refreshGroup(
            group,
            stepped.map((s) => s.announcement),
          ),
        11,
      ),
    };

    const answers = shares.map((s) => th.oprfPartialEvaluate(s, input, c.randomBytes));
    const chosen = answers.slice(0, t);
    oprfResults[label] = {
      partial_evaluate_per_gatekeeper_ops: opsPerSecond(() => th.oprfPartialEvaluate(shares[0], input, c.randomBytes), {
        batch: 8,
      }),
      combine_t_answers_at_worker_ops: opsPerSecond(() => th.thresholdContractSeed(group, identity, chosen), { batch: 4 }),
      // Computation on the critical path deploy → key: gatekeepers answer in parallel, so one
      // partial evaluation, then the worker's combine (network and chain latency not included).
      critical_path_ms: round(
        medianMs(() => th.oprfPartialEvaluate(shares[0], input, c.randomBytes), 21) +
          medianMs(() => th.thresholdContractSeed(group, identity, chosen), 21),
      ),
    };
  }
  const singleOps = opsPerSecond(() => c.contractSeed(master, identity), { batch: 8 });
  const deploy = await deployLatency();
  return {
    unit: 'ms (median) or operations per second, single thread',
    // The machine is shared: a load above the core count inflates every number below.
    load_average_1m_at_end: Math.round(loadavg()[0] * 100) / 100,
    dkg: dkgResults,
    refresh: refreshResults,
    contract_key_derivation: {
      single_key_contract_seed_ops: singleOps,
      single_key_ms: round(1000 / singleOps),
      threshold: oprfResults,
    },
    // Through real pRuntimes and the real runtime, in one process (see keys-deploy.mjs).
    deploy_to_key_at_worker: deploy,
  };
}
