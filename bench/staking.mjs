// `npm run bench -- staking`: block execution time of NPoS staking in the runtime (no node, no
// trie: BlockExecutor over an in-memory state, as a node executes a block before re-rooting).
// For 1k, 10k and 100k nominators (100 validator candidates, 16 targets each, 50 elected): the era
// boundary block (seq-Phragmén over the snapshot, set changes, exposures, first payout page), the
// heaviest snapshot block (the voter snapshot walks the nominator list in chunks over the era's last
// blocks) and the heaviest payout block (the reward is paid in pages over the next blocks); and a
// block of 1,000 staking calls (bond + nominate). Env: BENCH_STAKING_SIZES (default 1000,10000,100000).
import * as c from '@phalanx/crypto';
import { signExtrinsic } from '@phalanx/primitives';
import {
  BlockExecutor,
  buildGenesisState,
  checkExtrinsic,
  devGenesisConfig,
  Extrinsic,
  RuntimeCall,
  STAKING_LIMITS,
  Staking,
  UNIT,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';

const SIZES = (process.env.BENCH_STAKING_SIZES ?? '1000,10000,100000').split(',').map(Number);
const CANDIDATES = 100;
const ELECTED = 50;
const TARGETS = 16;
/** Long enough for the 100k snapshot (100 chunks) to run before the election block. */
const ERA = 120;
const GENESIS_HASH = c.blake2_256(c.utf8('phalanx/bench/staking'));

/** Deterministic pseudo-random numbers (xorshift32): the same chain every run. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const account = (label, i) => c.blake2_256(c.utf8(`bench-staking/${label}/${i}`));

function genesis(nominators) {
  const random = rng(nominators);
  const base = devGenesisConfig();
  const validators = Array.from({ length: CANDIDATES }, (_, i) => account('validator', i));
  const keys = Array.from({ length: CANDIDATES }, (_, i) => c.Ed25519Keypair.fromSeed(account('key', i)).publicKey);
  const noms = Array.from({ length: nominators }, (_, i) => account('nominator', i));
  const bonds = [
    ...validators.map((a) => ({ account: a, value: (1_000n + BigInt(Math.floor(random() * 1000))) * UNIT })),
    ...noms.map((a) => ({ account: a, value: (10n + BigInt(Math.floor(random() * 10_000))) * UNIT })),
  ];
  const targets = () => {
    const picked = new Set();
    while (picked.size < TARGETS) picked.add(Math.floor(random() * CANDIDATES));
    return [...picked].map((i) => validators[i]);
  };
  return {
    ...base,
    chainName: 'Phalanx Staking Bench',
    balances: [...base.balances, ...bonds.map((b) => [b.account, b.value + 100n * UNIT])],
    validators: [{ consensusKey: keys[0], power: 10n, operator: validators[0] }],
    staking: {
      params: {
        validatorCount: ELECTED,
        eraLength: ERA,
        bondingDuration: 2,
        minNominatorBond: UNIT,
        minValidatorBond: 100n * UNIT,
        eraReward: 100_000n * UNIT,
        offenceSlash: 10_000,
        powerUnit: UNIT,
      },
      bonds,
      validators: validators.map((a, i) => ({ account: a, consensusKey: keys[i], commission: 50_000 })),
      nominators: noms.map((a) => ({ account: a, targets: targets() })),
    },
  };
}

function runBlock(state, number, extrinsics = []) {
  const env = {
    number,
    timestamp: 1_700_000_000_000n + BigInt(number) * 6000n,
    author: account('author', 0),
    parentHash: c.blake2_256(c.utf8(`p${number}`)),
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  const executor = new BlockExecutor(state, env, new Uint8Array(64));
  for (const x of extrinsics) executor.apply(x);
  const { changes, events } = executor.finalize();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  const cpuMs = (used.user + used.system) / 1000;
  state.apply(changes);
  const bytes = changes.reduce((sum, [k, v]) => sum + k.length + (v?.length ?? 0), 0);
  return { ms, cpuMs, bytes, events };
}

const round = (x) => Number(x.toFixed(1));

function eraChange(nominators) {
  const t0 = performance.now();
  const state = buildGenesisState(genesis(nominators));
  const genesisMs = performance.now() - t0;
  const blocks = [];
  for (let n = 1; n <= 2 * ERA + 20; n++) blocks.push({ n, ...runBlock(state, n) });
  const boundary = blocks.find((b) => b.n === 2 * ERA);
  const election = blocks.find((b) => b.n === 2 * ERA - 1);
  const heaviest = (list) => list.sort((a, b) => b.cpuMs - a.cpuMs)[0] ?? { ms: 0, cpuMs: 0 };
  const snapshotRange = blocks.filter((b) => b.n > ERA && b.n < 2 * ERA - 1);
  const snapshot = heaviest([...snapshotRange]);
  const payoutRange = blocks.filter((b) => b.n > 2 * ERA);
  const payout = heaviest([...payoutRange]);
  const paid = (b) => b.events.some((e) => e.event.tag === 'Staking' && e.event.value.tag === 'ValidatorPaid');
  const exposures = (Staking.ErasValidators.get(state, 2) ?? []).reduce(
    (sum, v) => sum + (Staking.ErasStakers.get(state, [2, v.stash])?.others.length ?? 0),
    0,
  );
  const timing = (b) => ({ wallMs: round(b.ms), cpuMs: round(b.cpuMs), bytesWritten: b.bytes ?? 0 });
  return {
    nominators,
    electingVoters: Math.min(nominators, STAKING_LIMITS.maxElectingVoters) + CANDIDATES,
    exposureEntries: exposures,
    genesisBuildMs: Math.round(genesisMs),
    electionBlock: timing(election),
    boundaryBlock: timing(boundary),
    heaviestSnapshotBlock: timing(snapshot),
    snapshotBlocks: snapshotRange.filter((b) => b.bytes > 5_000).length,
    heaviestPayoutBlock: timing(payout),
    payoutBlocks: (boundary !== undefined && paid(boundary) ? 1 : 0) + payoutRange.filter(paid).length,
    heaviestBlockCpuMs: round(Math.max(...blocks.map((b) => b.cpuMs))),
  };
}

function callsBlock() {
  const signers = Array.from({ length: 1000 }, (_, i) => c.keypairFromSeed('sr25519', account('caller', i)));
  const config = genesis(0);
  const candidates = config.staking.validators.map((v) => v.account);
  const state = buildGenesisState({
    ...config,
    balances: [...config.balances, ...signers.map((s) => [s.publicKey, 1000n * UNIT])],
  });
  const sign = (s, nonce, call) =>
    checkExtrinsic(encode(Extrinsic, signExtrinsic(RuntimeCall, s, GENESIS_HASH, { nonce, call })), GENESIS_HASH);
  const bonds = signers.map((s) => sign(s, 0, { tag: 'Staking', value: { tag: 'bond', value: { value: 100n * UNIT } } }));
  const nominations = signers.map((s, i) =>
    sign(s, 1, { tag: 'Staking', value: { tag: 'nominate', value: { targets: candidates.slice(i % 80, (i % 80) + TARGETS) } } }),
  );
  const bond = runBlock(state, 1, bonds);
  const nominate = runBlock(state, 2, nominations);
  return {
    callsPerBlock: 1000,
    bondBlock: { wallMs: round(bond.ms), cpuMs: round(bond.cpuMs) },
    nominateBlock: { wallMs: round(nominate.ms), cpuMs: round(nominate.cpuMs) },
  };
}

export async function run() {
  await c.cryptoReady();
  const eras = SIZES.map(eraChange);
  return {
    note: 'per block: BlockExecutor (hooks, extrinsics, finalize) over an in-memory state, wall and CPU ms (the machine is shared: CPU ms is the steadier); no trie re-rooting, no database; signature checks not counted in stakingCalls',
    limits: {
      maxElectingVoters: STAKING_LIMITS.maxElectingVoters,
      snapshotChunk: STAKING_LIMITS.snapshotChunk,
      payoutPage: STAKING_LIMITS.payoutPage,
      candidates: CANDIDATES,
      elected: ELECTED,
      targets: TARGETS,
      eraLength: ERA,
    },
    eraChange: eras,
    stakingCalls: callsBlock(),
  };
}
