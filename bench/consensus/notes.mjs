import { cpus } from 'node:os';

// The reading of a consensus bench run, written from its own numbers: where the CPU went, whether
// the cores were saturated, and the aims next to what was measured.

const AIMS = { perValidatorCpuMsPerSr25519Transfer: 0.7, finalizedPerSecondSr25519: 600, finalizedPerSecondEd25519: 1500 };

/** The aims for the CometBFT devnet (4 validators on this 2-core machine) and whether this run met them. */
export function aims(results) {
  const comet = results.find((r) => r.engine === 'cometbft');
  if (comet === undefined) return { ...AIMS };
  const cpu = comet.sr25519.cpuMsPerTransfer.perValidator;
  return {
    ...AIMS,
    measured: {
      perValidatorCpuMsPerSr25519Transfer: cpu,
      finalizedPerSecondSr25519: comet.sr25519.finalizedPerSecond,
      finalizedPerSecondEd25519: comet.ed25519.finalizedPerSecond,
    },
    met: {
      perValidatorCpu: cpu <= AIMS.perValidatorCpuMsPerSr25519Transfer,
      sr25519: comet.sr25519.finalizedPerSecond >= AIMS.finalizedPerSecondSr25519,
      ed25519: comet.ed25519.finalizedPerSecond >= AIMS.finalizedPerSecondEd25519,
    },
  };
}

function saturation(r) {
  const others = Math.round((r.cpuShareMachineBusy - r.cpuShareOurs) * 100);
  return others >= 5
    ? `CPU-bound on this machine (other processes took ${others}% of it).`
    : 'CPU-bound: this devnet and client kept the cores busy.';
}

function reading(run, scheme, { validators, cometBlockTimeMs }) {
  const r = run[scheme];
  const ranked = Object.entries(r.cpuMsPerTransfer)
    .filter(([role]) => role !== 'perValidator')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([role, ms]) => `${role} ${ms}`)
    .join(', ');
  const saturated = r.cpuShareMachineBusy >= 0.9;
  const where = run.engine === 'cometbft' ? `${validators} CometBFT validators` : 'dev engine';
  const interval = Math.round((r.seconds * 1000) / Math.max(1, r.blocks));
  const blockTime = run.engine === 'cometbft' ? `timeout_commit ${cometBlockTimeMs} ms` : `block time ${run.blockTimeMs}`;
  let line =
    `${where}, ${scheme}: ${r.finalizedPerSecond} finalized/s, ${r.receiptsPerSecond} receipts/s; most CPU-ms per transfer: ${ranked}. ` +
    `A block every ~${interval} ms under load (${blockTime}), ${r.transfersPerBlock} transfers each. ` +
    `The cores were ${Math.round(r.cpuShareMachineBusy * 100)}% busy (${Math.round(r.cpuShareOurs * 100)}% this devnet and client): ` +
    (saturated ? saturation(r) : 'not saturated (< 90%): the rate is bounded more by in-flight / finality latency than by CPU.');
  const total = Object.entries(r.cpuMsPerTransfer)
    .filter(([role]) => role !== 'perValidator')
    .reduce((sum, [, ms]) => sum + ms, 0);
  line += ` All roles: ${total.toFixed(2)} CPU-ms per transfer, so these ${cpus().length} cores could take at most ~${Math.round((cpus().length * 1000) / total)} transfers/s to their receipt doing nothing else.`;
  if (run.engine === 'cometbft') {
    const app = r.cpuMsPerTransfer.app / validators;
    const bft = r.cpuMsPerTransfer.cometbft / validators;
    // The part of it an idle network would have spent over the same window anyway.
    const idle = ((run.idleCpuMsPerSecond.app + run.idleCpuMsPerSecond.cometbft) * r.seconds) / r.transfers / validators;
    line += ` Per validator per transfer: app ${app.toFixed(2)} ms + CometBFT ${bft.toFixed(2)} ms, of which ~${idle.toFixed(2)} ms an idle network spends anyway.`;
  }
  return line;
}

export function notes(results, options) {
  const out = [
    'finalized = the SDK saw the transaction in a block; both engines mark a block final when it is imported (dev: one authority; CometBFT: the node executes only decided blocks), so inclusion is finality (timed when the SDK has the block events: one RPC round trip after the node notice). Receipt = the decrypted receipt, after a worker executed the block.',
    'closed loop: each signer keeps BENCH_IN_FLIGHT transfers outstanding until their blocks are final (receipts are awaited on the side), so finalized/s is bounded by in-flight / finality latency as well as by CPU; receipts/s counts until the last receipt.',
    'cpuMsPerTransfer: CPU of all processes of a role during the window (/proc utime+stime; client: process.cpuUsage) divided by the successful transfers; perValidator = (app + cometbft) / validators. The pRuntime is a worker thread of its host, so it counts in gatekeeper/workers.',
    'For a V8 profile of every devnet process, run with PHALANX_PROFILE_DIR=/some/dir (written when the devnet stops).',
  ];
  for (const run of results) for (const scheme of ['sr25519', 'ed25519']) out.push(reading(run, scheme, options));
  const dev = results.find((r) => r.engine === 'dev');
  const comet = results.find((r) => r.engine === 'cometbft');
  if (dev !== undefined && comet !== undefined) {
    const ratio = (scheme) => (comet[scheme].finalizedPerSecond / Math.max(1, dev[scheme].finalizedPerSecond)).toFixed(2);
    out.push(`CometBFT / dev finalized rate: sr25519 ${ratio('sr25519')}×, ed25519 ${ratio('ed25519')}×.`);
  }
  return out;
}
