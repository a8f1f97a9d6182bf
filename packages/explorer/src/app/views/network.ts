// Network views: consensus and validators, workers (with the online history), gatekeepers and the
// MasterKey, clusters, contracts and stake pools (governance and staking: governance.ts).
import { toSs58 } from '@phalanx/crypto';
import { formatBalance, hex, shortHash } from '../../view/format.js';
import { Series } from '../../view/series.js';
import { type HostInfo, healthSummary, hostInfoFrom, type WorkerHealth, workerHealth } from '../../view/worker-health.js';
import { workerHistory } from '../../view/worker-history.js';
import type { Ctx } from '../context.js';
import { facts, h, link, section, table } from '../dom.js';
import type { Live } from '../live.js';
import { plot } from '../plots.js';
import { type NetworkView, readContracts, readNetwork, readPools } from '../reads.js';

/** Workers online, sampled (at most once a second) as blocks arrive, whatever view is open. */
export const workersOnline = new Series();
export let network: NetworkView | undefined;

export function sampleWorkers(live: Live): void {
  let last = 0;
  let busy = false;
  live.onChange(() => {
    const client = live.client;
    const best = live.best?.number;
    if (client === undefined || best === undefined || busy || Date.now() - last < 1000) return;
    busy = true;
    last = Date.now();
    readNetwork(client)
      .then((view) => {
        network = view;
        workersOnline.push(best, view.workers.filter(([, w]) => w.online).length);
        // Their hosts too: a halted pRuntime is online on chain until its heartbeat window passes.
        for (const [id] of view.workers.slice(0, MAX_HOSTS_SAMPLED)) void hostInfo(id);
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  });
}

/** Hosts whose /info the page keeps asking while it samples (every worker on the workers page). */
const MAX_HOSTS_SAMPLED = 64;
const hostInfos = new Map<string, { at: number; info: Promise<HostInfo> }>();
/** The last answer of each host, for the summaries drawn as blocks arrive. */
const lastInfos = new Map<string, HostInfo>();

/** A worker host's public /info through the explorer's relay, at most every 3 s per worker. */
function hostInfo(id: Uint8Array): Promise<HostInfo> {
  const key = hex(id);
  const cached = hostInfos.get(key);
  if (cached !== undefined && Date.now() - cached.at < 3000) return cached.info;
  const info = fetch(`api/worker-info/${key}`)
    .then((r) => r.json() as Promise<unknown>)
    .then(hostInfoFrom, (error: Error) => ({ message: error.message }))
    .then((answer) => {
      lastInfos.set(key, answer);
      return answer;
    });
  hostInfos.set(key, { at: Date.now(), info });
  return info;
}

/** A worker's health from the last sample (undefined: not registered, or not sampled yet). */
export function healthOf(id: Uint8Array): WorkerHealth | undefined {
  const record = network?.workers.find(([w]) => hex(w) === hex(id))?.[1];
  return record === undefined ? undefined : workerHealth(record.online, lastInfos.get(hex(id)));
}

/** Every worker's health in one line (the dashboard's and the workers page's summary). */
export function workersSummary(): HTMLElement | string {
  if (network === undefined) return '…';
  const summary = healthSummary(network.workers.map(([id, w]) => workerHealth(w.online, lastInfos.get(hex(id)))));
  return h('span', { class: summary.bad ? 'bad' : '', 'data-testid': 'workers-summary' }, summary.text);
}

export function validatorsView(ctx: Ctx): HTMLElement {
  return ctx.region(h('div', { 'data-testid': 'validators-page' }), async () => {
    const status = await ctx.live.client?.rpc.request<Record<string, unknown>>('phalanx_consensus');
    if (status === undefined) return ['not connected'];
    const validators = (status.validators as { account?: string; power?: number; address?: string }[]) ?? [];
    const signed = status.engine === 'cometbft' ? await signersOf(ctx, Number(status.finalized) - 1) : undefined;
    const rest = Object.entries(status).filter(([k]) => k !== 'validators');
    return [
      section(
        'Consensus engine',
        facts(
          rest.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
          'engine',
        ),
      ),
      section(
        'Validators',
        table(
          ['account (operator)', 'voting power', 'address', 'last commit signature'],
          validators.map((v) => [
            v.account ?? 'no operator account',
            v.power ?? '',
            v.address ?? '',
            signed === undefined
              ? 'the dev engine: one authority seals every block'
              : signed.addresses.has(v.address ?? '')
                ? `signed #${signed.height}`
                : h('span', { class: 'bad' }, `did not sign #${signed.height}`),
          ]),
          'validators',
        ),
      ),
    ];
  });
}

/** The validators whose CometBFT commit signature finalized block `height` (from `phalanx_getFinalityProof`). */
async function signersOf(ctx: Ctx, height: number): Promise<{ height: number; addresses: Set<string> } | undefined> {
  if (height < 1) return undefined;
  type Proof = { signedHeaders?: { commit?: { signatures?: { block_id_flag?: number; validator_address?: string }[] } }[] };
  const proof = await ctx.live.client?.rpc.request<Proof | null>('phalanx_getFinalityProof', [height]).catch(() => null);
  const signatures = proof?.signedHeaders?.[0]?.commit?.signatures ?? [];
  // block_id_flag 2: a signature for this block (1: absent, 3: voted nil).
  const addresses = signatures.filter((s) => s.block_id_flag === 2).map((s) => `0x${(s.validator_address ?? '').toLowerCase()}`);
  return { height, addresses: new Set(addresses) };
}

export function workersView(ctx: Ctx): HTMLElement {
  return ctx.region(h('div', { 'data-testid': 'workers-page' }), async () => {
    const client = ctx.live.client;
    if (client === undefined) return ['not connected'];
    const view = await readNetwork(client);
    network = view;
    const best = ctx.live.best?.number ?? 0;
    const gatekeepers = new Set(view.gatekeepers.map(hex));
    const hosts = await Promise.all(view.workers.map(([id]) => hostInfo(id)));
    const healths = view.workers.map(([, w], i) => workerHealth(w.online, hosts[i]));
    const rows = view.workers.map(([id, w], i) => [
      shortHash(hex(id), 8),
      h('span', { 'data-testid': 'worker-role' }, gatekeepers.has(hex(id)) ? 'gatekeeper' : 'worker'),
      statusCell(healths[i] as WorkerHealth),
      `#${w.lastHeartbeat} (${best - w.lastHeartbeat} blocks ago)`,
      w.confidenceLevel,
      w.tee.tag === 'Sim' ? 'sim (INSECURE)' : w.tee.tag,
      shortHash(hex(w.measurement)),
      link(`account/${toSs58(w.operator)}`, shortHash(toSs58(w.operator), 6)),
      view.poolOf.get(Buffer.from(id).toString('hex'))?.toString() ?? '—',
      w.info.endpoints[0] ?? '',
      h('span', { class: healths[i]?.bad ? 'bad' : '', 'data-testid': 'host-state' }, healths[i]?.host ?? ''),
    ]);
    return [
      section(
        'Workers',
        h('p', {}, workersSummary()),
        table(
          [
            'identity',
            'role',
            'status',
            'last heartbeat',
            'confidence (1 best … 5)',
            'TEE',
            'measurement',
            'operator',
            'pool',
            'endpoint',
            'host (its /info)',
          ],
          rows,
          'workers',
        ),
        plot(
          {
            id: 'workers-online',
            title: 'Workers online',
            x: 'block',
            y: 'workers',
            series: [{ label: 'online workers', color: '#0891b2' }],
          },
          workersOnline.columns(),
        ),
      ),
      section(
        'Online/offline history and heartbeats (kept blocks, newest first)',
        table(
          ['block', 'worker', 'event', 'detail'],
          workerHistory(ctx.live.blocks.ascending()).map((e) => [
            `#${e.block}`,
            shortHash(e.worker, 8),
            h('span', { class: e.what === 'offline' ? 'bad' : '' }, e.what),
            e.detail,
          ]),
          'worker-history',
        ),
      ),
      section(
        'Gatekeepers and the MasterKey',
        facts([
          ['MasterPubkey', view.masterPubkey === undefined ? 'not generated yet' : hex(view.masterPubkey)],
          ['gatekeepers', view.gatekeepers.map((g) => h('div', {}, hex(g)))],
        ]),
      ),
      section(
        'Clusters',
        table(
          ['cluster', 'workers'],
          view.clusters.map(([id, c]) => [hex(id), c.workers.map((w) => shortHash(hex(w))).join(', ')]),
        ),
      ),
    ];
  });
}

/** Online, offline or halted: a halted pRuntime's reason shows on hover and in the host column. */
const statusCell = (health: WorkerHealth) =>
  h(
    'span',
    {
      class: health.bad && health.state !== 'not-answering' ? 'bad' : 'good',
      'data-testid': 'worker-status',
      title: health.state === 'halted' ? health.host : undefined,
    },
    health.status,
  );

export function contractsView(ctx: Ctx): HTMLElement {
  return ctx.region(h('div', { 'data-testid': 'contracts-page' }), async () => {
    const client = ctx.live.client;
    if (client === undefined) return ['not connected'];
    const contracts = await readContracts(client);
    return [
      section(
        'Contracts',
        table(
          ['contract', 'code hash', 'deployer', 'instantiated', 'deployed', 'workers'],
          contracts.map(([id, r]) => [
            link(`contract/${hex(id)}`, toSs58(id), 'contract-link'),
            shortHash(hex(r.info.codeHash)),
            shortHash(toSs58(r.info.deployer), 6),
            `#${r.instantiatedAt}`,
            r.deployedAt === undefined ? 'pending keys' : `#${r.deployedAt}`,
            r.workers.length,
          ]),
          'contracts',
        ),
      ),
    ];
  });
}

export function poolsView(ctx: Ctx): HTMLElement {
  return ctx.region(h('div'), async () => {
    const client = ctx.live.client;
    if (client === undefined) return ['not connected'];
    const pools = await readPools(client);
    return [
      section(
        'Stake pools',
        table(
          ['pool', 'owner', 'commission', 'total value', 'free value', 'shares', 'workers', 'contributors', 'withdrawals'],
          pools.map((p) => [
            p.pid,
            shortHash(toSs58(p.record.owner), 6),
            `${p.record.commission / 10_000} %`,
            formatBalance(p.record.totalValue),
            formatBalance(p.record.freeValue),
            p.record.totalShares.toString(),
            p.workers
              .map((w) => `${shortHash(hex(w.worker))} ${w.stake?.status.tag ?? ''} ${formatBalance(w.stake?.locked ?? 0n)}`)
              .join('; '),
            p.contributors.length,
            p.withdrawals.length,
          ]),
          'pools',
        ),
      ),
    ];
  });
}
