// Chain views: the dashboard (head, finality, plots, latest blocks), the blocks list, a block, an
// extrinsic and an account.
import { toSs58 } from '@phalanx/crypto';
import { accountId } from '@phalanx/sdk';
import { type BlockSummary, type ExtrinsicRow, summarizeBlock } from '../../view/decode.js';
import { formatAgo, formatBalance, formatBytes, shortHash } from '../../view/format.js';
import { blockTimes, commitSizes, extrinsicCounts } from '../../view/series.js';
import type { Ctx } from '../context.js';
import { facts, h, link, section, table } from '../dom.js';
import { fetchBlock } from '../live.js';
import { plot } from '../plots.js';
import { workersOnline, workersSummary } from './network.js';

const blockRows = (blocks: readonly BlockSummary[], finalized: number) =>
  blocks.map((b) => [
    link(`block/${b.number}`, `#${b.number}`, 'block-link'),
    shortHash(b.hash),
    formatAgo(b.timestamp, Date.now()),
    b.extrinsics.length,
    b.confidentialCount,
    b.events.length,
    b.number <= finalized ? 'final' : 'best',
  ]);
const BLOCK_HEADERS = ['block', 'hash', 'time', 'extrinsics', 'confidential', 'events', 'status'];

export function dashboard(ctx: Ctx): HTMLElement {
  const { live } = ctx;
  const head = ctx.region(h('div', { 'data-testid': 'head' }), () => [
    facts([
      ['chain', live.chainName],
      ['best block', live.best === undefined ? '…' : h('span', { 'data-testid': 'best-number' }, `#${live.best.number}`)],
      [
        'finalized',
        live.finalized === undefined ? '…' : h('span', { 'data-testid': 'finalized-number' }, `#${live.finalized.number}`),
      ],
      ['blocks kept in this page', `${live.blocks.size} (window of ${live.blocks.capacity})`],
      ['workers', workersSummary()],
    ]),
  ]);
  const plots = ctx.region(h('div', { class: 'plots' }), () => {
    const blocks = live.blocks.ascending();
    return [
      plot(
        {
          id: 'block-time',
          title: 'Block time',
          x: 'block',
          y: 'seconds',
          series: [{ label: 'block time (s)', color: '#2563eb' }],
        },
        blockTimes(blocks),
      ),
      plot(
        {
          id: 'finality-lag',
          title: 'Finality lag',
          x: 'best block',
          y: 'blocks',
          series: [{ label: 'best − finalized (blocks)', color: '#dc2626' }],
        },
        live.finalityLag.columns(),
      ),
      plot(
        {
          id: 'extrinsics',
          title: 'Extrinsics per block',
          x: 'block',
          y: 'count',
          series: [
            { label: 'extrinsics', color: '#16a34a', bars: true },
            { label: 'confidential commands', color: '#9333ea', bars: true },
          ],
        },
        extrinsicCounts(blocks),
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
      plot(
        {
          id: 'commit-sizes',
          title: 'Contract state commits',
          x: 'block',
          y: 'bytes / entries',
          series: [
            { label: 'ciphertext (bytes)', color: '#ea580c' },
            { label: 'entries', color: '#64748b' },
          ],
        },
        commitSizes(blocks),
      ),
    ];
  });
  const latest = ctx.region(h('div'), () => [
    table(BLOCK_HEADERS, blockRows(live.blocks.latest(10), live.blocks.finalized), 'latest-blocks'),
  ]);
  return h('div', {}, section('Chain', head), section('Plots', plots), section('Latest blocks', latest));
}

export function blocksView(ctx: Ctx): HTMLElement {
  const { live } = ctx;
  return section(
    'Blocks',
    ctx.region(h('div'), () => [
      h('p', {}, `The newest 50 of the ${live.blocks.size} blocks this page keeps.`),
      table(BLOCK_HEADERS, blockRows(live.blocks.latest(50), live.blocks.finalized), 'blocks'),
    ]),
  );
}

async function findBlock(ctx: Ctx, id: string): Promise<BlockSummary | undefined> {
  const { live } = ctx;
  const key = /^\d+$/.test(id) ? Number(id) : id;
  const kept = live.blocks.get(key);
  if (kept !== undefined) return kept;
  const hash = typeof key === 'number' ? await live.client?.rpc.request<string | null>('chain_getBlockHash', [key]) : key;
  if (hash === null || hash === undefined) return undefined;
  const raw = await fetchBlock(live.client, hash);
  return raw === undefined ? undefined : summarizeBlock(raw);
}

const extrinsicRows = (block: BlockSummary) =>
  block.extrinsics.map((x) => [
    link(`extrinsic/${block.number}/${x.index}`, String(x.index), 'extrinsic-link'),
    link(`account/${x.signer}`, shortHash(x.signer, 8)),
    x.call,
    x.confidential ? `encrypted envelope ${formatBytes(x.envelopeBytes ?? 0)}` : x.args.slice(0, 80),
    x.fee === undefined ? '' : formatBalance(x.fee),
    x.ok ? 'ok' : h('span', { class: 'bad' }, `failed: ${x.error}`),
  ]);

export function blockView(ctx: Ctx): HTMLElement {
  const id = ctx.params[0] ?? '';
  return ctx.region(h('div', { 'data-testid': 'block-page' }), async () => {
    const block = await findBlock(ctx, id);
    if (block === undefined) return [h('p', { class: 'bad' }, `No block ${id} on this chain.`)];
    return [
      section(
        `Block #${block.number}`,
        facts([
          ['hash', block.hash],
          ['parent', link(`block/${block.parentHash}`, block.parentHash)],
          ['time', `${new Date(block.timestamp).toISOString()} (${formatAgo(block.timestamp, Date.now())})`],
          ['author', toSs58(accountId(block.author))],
          ['status', block.number <= ctx.live.blocks.finalized ? 'finalized' : 'best chain, not final yet'],
          ['state commits', block.commits.length],
        ]),
      ),
      section('Extrinsics', table(['#', 'signer', 'call', 'arguments', 'fee', 'outcome'], extrinsicRows(block), 'extrinsics')),
      section(
        'Events',
        table(
          ['phase', 'event', 'fields'],
          block.events.map((e) => [e.phase, e.name, e.fields.slice(0, 160)]),
          'events',
        ),
      ),
    ];
  });
}

export function extrinsicView(ctx: Ctx): HTMLElement {
  const [blockId = '', indexText = ''] = ctx.params;
  return ctx.region(h('div', { 'data-testid': 'extrinsic-page' }), async () => {
    const block = await findBlock(ctx, blockId);
    const x: ExtrinsicRow | undefined = block?.extrinsics[Number(indexText)];
    if (block === undefined || x === undefined) return [h('p', { class: 'bad' }, `No extrinsic ${blockId}-${indexText}.`)];
    const own = block.events.filter((e) => e.extrinsic === x.index);
    return [
      section(
        `Extrinsic ${block.number}-${x.index}`,
        facts([
          ['hash', x.hash],
          ['block', link(`block/${block.number}`, `#${block.number}`)],
          ['signer', link(`account/${x.signer}`, x.signer)],
          ['nonce', x.nonce],
          ['call', x.call],
          [
            x.confidential ? 'payload' : 'arguments',
            x.confidential ? `encrypted envelope of ${x.envelopeBytes} bytes — only the contract's enclave can read it` : x.args,
          ],
          ['size', formatBytes(x.bytes)],
          ['fee', x.fee === undefined ? 'none' : formatBalance(x.fee)],
          ['tip', formatBalance(x.tip)],
          ['outcome', x.ok ? 'success' : h('span', { class: 'bad' }, x.error ?? 'failed')],
        ]),
      ),
      section(
        'Events',
        table(
          ['event', 'fields'],
          own.map((e) => [e.name, e.fields]),
        ),
      ),
    ];
  });
}

export function accountView(ctx: Ctx): HTMLElement {
  const address = ctx.params[0] ?? '';
  return ctx.region(h('div', { 'data-testid': 'account-page' }), async () => {
    const id = accountId(address);
    const client = ctx.live.client;
    if (client === undefined) return ['not connected'];
    const [info, nonce] = await Promise.all([client.account(id), client.nextNonce(id)]);
    const ss58 = toSs58(id);
    const recent = ctx.live.blocks
      .latest(ctx.live.blocks.capacity)
      .flatMap((b) => b.extrinsics.filter((x) => x.signer === ss58).map((x) => [b, x] as const))
      .slice(0, 20);
    return [
      section(
        'Account',
        facts([
          ['address', ss58],
          ['public key', Buffer.from(id).toString('hex').replace(/^/, '0x')],
          ['free', h('span', { 'data-testid': 'free' }, formatBalance(info.free))],
          ['reserved (holds and deposits)', formatBalance(info.reserved)],
          ['nonce (next)', nonce],
        ]),
      ),
      section(
        'Recent extrinsics (in the kept window)',
        table(
          ['extrinsic', 'call', 'outcome'],
          recent.map(([b, x]) => [
            link(`extrinsic/${b.number}/${x.index}`, `${b.number}-${x.index}`),
            x.call,
            x.ok ? 'ok' : 'failed',
          ]),
        ),
      ),
    ];
  });
}
