// The explorer's entry in the browser. The Buffer stand-in is imported first so it is set before
// any package that uses it runs.
import '../shims/buffer-global.js';
import { cryptoReady, toHex } from '@phalanx/crypto';
import { Phat } from '@phalanx/runtime';
import type { WorkerPost } from '@phalanx/sdk';
import { parseSearch } from '../view/search.js';
import { makeRegions } from './context.js';
import { h } from './dom.js';
import { Live } from './live.js';
import { readEntry } from './reads.js';
import { accountView, blocksView, blockView, dashboard, extrinsicView } from './views/chain.js';
import { contractView } from './views/contract.js';
import { devView } from './views/dev.js';
import { governanceView } from './views/governance.js';
import { contractsView, poolsView, sampleWorkers, validatorsView, workersView } from './views/network.js';

/** Worker queries go through this page's server, which forwards them only to the worker's registered endpoint. */
const workerPost: WorkerPost = async (_url, body, worker) => {
  const response = await fetch(`api/worker-query/${toHex(worker)}`, { method: 'POST', body: body as BodyInit });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
};

const VIEWS = {
  '': dashboard,
  blocks: blocksView,
  block: blockView,
  extrinsic: extrinsicView,
  account: accountView,
  validators: validatorsView,
  workers: workersView,
  contracts: contractsView,
  contract: contractView,
  pools: poolsView,
  governance: governanceView,
  dev: devView,
} as const;

async function start(): Promise<void> {
  // The WebSocket opens while the crypto backends load; marks show the benchmark where time goes.
  const crypto = cryptoReady().then(() => performance.mark('phalanx:crypto-ready'));
  const config = (await fetch('config.json').then((r) => r.json())) as { rpc: string; window?: number };
  const rpc = new URLSearchParams(location.search).get('rpc') ?? config.rpc;
  const live = new Live(rpc, workerPost, config.window, crypto);
  const regions = makeRegions(live);
  sampleWorkers(live);

  const banner = h('div', { class: 'banner', 'data-testid': 'banner', hidden: true });
  const showBanner = () => {
    banner.hidden = live.state === 'up';
    banner.replaceChildren(
      live.state === 'connecting'
        ? `Connecting to ${rpc}…`
        : `The node at ${rpc} is unreachable (${live.problem}). Reconnecting…`,
      live.state === 'down' ? h('button', { onclick: () => live.reconnect() }, 'Retry now') : '',
    );
  };
  live.onChange(showBanner);

  const search = h('input', {
    placeholder: 'block number, hash, account or contract',
    size: 48,
    'data-testid': 'search',
  }) as HTMLInputElement;
  const searchNote = h('span', { class: 'bad' });
  const go = async (event: Event) => {
    event.preventDefault();
    const target = parseSearch(search.value);
    searchNote.textContent = '';
    if (target.kind === 'invalid') searchNote.textContent = target.reason;
    else if (target.kind === 'block') location.hash = `#/block/${target.number}`;
    else {
      const client = live.client;
      const isBlock = target.kind === 'hash' && (await client?.header(target.hex)) != null;
      const id = Uint8Array.from(Buffer.from(target.hex.slice(2), 'hex'));
      const isContract = client !== undefined && (await readEntry(client, Phat.Contracts, id)) !== undefined;
      location.hash = isBlock ? `#/block/${target.hex}` : isContract ? `#/contract/${target.hex}` : `#/account/${target.hex}`;
    }
  };
  const nav = h(
    'nav',
    {},
    ...[
      ['', 'Chain'],
      ['blocks', 'Blocks'],
      ['validators', 'Validators'],
      ['workers', 'Workers'],
      ['contracts', 'Contracts'],
      ['pools', 'Stake pools'],
      ['governance', 'Staking & governance'],
      ['dev', 'Dev actions'],
    ].map(([route, label]) => h('a', { href: `#/${route}` }, label as string)),
    h('form', { onsubmit: go }, search, h('button', { type: 'submit' }, 'Search'), searchNote),
  );
  const main = h('main');
  const route = () => {
    const [name = '', ...params] = location.hash.replace(/^#\/?/, '').split('/');
    const view = (VIEWS as Record<string, (ctx: ReturnType<typeof regions.ctx>) => HTMLElement>)[name] ?? dashboard;
    regions.clear();
    main.replaceChildren(view(regions.ctx(params.map(decodeURIComponent))));
  };
  window.addEventListener('hashchange', route);
  // Views that depend on the chain (dev actions on a dev chain) render again once it is known.
  let known = false;
  live.onChange(() => {
    if (!known && live.state === 'up') {
      known = true;
      void crypto.then(route);
    }
  });
  live.start();
  await crypto; // the views show addresses (SS58) from the first render on
  document.body.replaceChildren(h('header', {}, h('h1', {}, 'Phalanx explorer'), nav), banner, main);
  showBanner();
  route();
  (window as { phalanxExplorer?: Live }).phalanxExplorer = live; // for the tests and the benchmark
}

start().catch((error: Error) => {
  document.body.textContent = `The explorer could not start: ${error.message}`;
  console.error(error);
});
