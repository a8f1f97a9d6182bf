// A contract page: what the chain holds (code hash, workers, commits with ciphertext entry counts
// and bytes, mismatches, encrypted receipts) next to what only a caller can read — receipts
// decrypted here, in the browser, with a key derived from a secret URI the developer types.
// The URI and the key stay in this module's memory: nothing secret is sent anywhere.

import { devKeypair, fromHex, keypairFromUri, type Sr25519Keypair, toSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Contract } from '@phalanx/sdk';
import { MISMATCH_EVENTS } from '../../view/decode.js';
import { formatBytes, hex, shortHash } from '../../view/format.js';
import { openReceipts, receiptKeyFromUri, receiptsOf } from '../../view/receipts.js';
import { commitSizes } from '../../view/series.js';
import type { Ctx } from '../context.js';
import { facts, h, section, table } from '../dom.js';
import { plot } from '../plots.js';
import { readContract } from '../reads.js';
import { DEV_ACCOUNTS, devAccountPicker } from './dev.js';
import { healthOf } from './network.js';

/** The receipt key the developer unlocked on this page (memory only, gone on reload). */
let receiptKey: { key: Sr25519Keypair; who: string } | undefined;

export function contractView(ctx: Ctx): HTMLElement {
  const idHex = (ctx.params[0] ?? '').toLowerCase();
  const id = fromHex(idHex, 'contract id', 32);
  const { live } = ctx;
  const info = ctx.region(h('div'), async () => {
    const client = live.client;
    if (client === undefined) return ['not connected'];
    const view = await readContract(client, id);
    if (view === undefined) return [h('p', { class: 'bad' }, 'No contract with this id.')];
    const { record, lastCommit } = view;
    return [
      facts(
        [
          ['address', toSs58(id)],
          ['id', idHex],
          ['code hash', hex(record.info.codeHash)],
          ['engine', 'QuickJS (JavaScript) in each worker’s enclave'],
          ['deployer', toSs58(record.info.deployer)],
          ['cluster', hex(record.info.clusterId)],
          [
            'instantiated / deployed',
            `#${record.instantiatedAt} / ${record.deployedAt === undefined ? 'waiting for keys' : `#${record.deployedAt}`}`,
          ],
          [
            'workers',
            record.workers.map((w) => {
              const health = healthOf(w);
              const bad = health?.state === 'halted' || health?.state === 'offline';
              return h(
                'div',
                { class: bad ? 'bad' : '' },
                `${shortHash(hex(w), 8)} ${bad ? `(${health?.state === 'halted' ? health.host : 'offline'})` : ''}`,
              );
            }),
          ],
          [
            'last commit',
            lastCommit === undefined
              ? 'none yet'
              : h(
                  'span',
                  { 'data-testid': 'last-commit' },
                  `block #${lastCommit.block}, command ${lastCommit.commandSequence}, recorded at #${lastCommit.recordedAt}`,
                ),
          ],
          [
            'encrypted state on chain',
            h('span', { 'data-testid': 'state-size' }, `${view.entries} entries, ${formatBytes(view.entryBytes)}`),
          ],
        ],
        'contract-facts',
      ),
    ];
  });
  const commits = ctx.region(h('div'), () => {
    const blocks = live.blocks.ascending();
    const rows = blocks.flatMap((b) => b.commits.filter((c) => c.contract === idHex));
    const mismatches = blocks.flatMap((b) =>
      b.events.filter((e) => MISMATCH_EVENTS.includes(e.name) && e.fields.includes(idHex)).map((e) => [b.number, e.fields]),
    );
    return [
      table(
        ['block', 'entries changed', 'deleted', 'ciphertext bytes'],
        rows.map((c) => [`#${c.block}`, c.entries, c.deleted, c.bytes]),
        'commits',
      ),
      plot(
        {
          id: `commits-${idHex}`,
          title: 'State commits of this contract',
          x: 'block',
          y: 'bytes / entries',
          series: [
            { label: 'ciphertext (bytes)', color: '#ea580c' },
            { label: 'entries', color: '#64748b' },
          ],
        },
        commitSizes(blocks, idHex),
      ),
      mismatches.length === 0
        ? h('p', {}, 'No commit mismatches in the kept blocks.')
        : h('p', { class: 'bad' }, `Commit mismatches: ${JSON.stringify(mismatches)}`),
    ];
  });
  const receipts = ctx.region(h('div'), () => {
    const onChain = receiptsOf(live.blocks.ascending(), idHex);
    const opened = receiptKey === undefined ? undefined : openReceipts(onChain, receiptKey.key, id);
    return [
      receiptKey === undefined
        ? h('p', {}, 'Unlock a key below to decrypt your own receipts here.')
        : h('p', {}, `Decrypting with ${receiptKey.who}'s receipt key (in this browser only).`),
      table(
        ['block', 'for', 'what the chain sees', 'what you see (decrypted here)'],
        onChain.map((r, i) => {
          const clear = opened?.[i]?.clear;
          return [
            `#${r.block}`,
            r.sequence === undefined ? 'constructor' : `command ${r.sequence}`,
            h('code', {}, `${formatBytes(r.bytes)} ciphertext ${r.preview}…`),
            clear === undefined
              ? receiptKey === undefined
                ? ''
                : 'not yours (sealed to another key)'
              : h(
                  'span',
                  { 'data-testid': 'decrypted-receipt' },
                  clear.ok ? `ok → ${clear.result} (gas ${clear.gasUsed})` : `failed: ${clear.error}`,
                ),
          ];
        }),
        'receipts',
      ),
    ];
  });
  const suri = h('input', {
    type: 'password',
    placeholder: 'secret URI or mnemonic (stays in this page)',
    'data-testid': 'suri',
    autocomplete: 'off',
  }) as HTMLInputElement;
  const picker = devAccountPicker(live.isDev);
  const unlock = () => {
    const uri = suri.value.trim() !== '' ? suri.value.trim() : picker.value !== '' ? `//${picker.value}` : '';
    if (uri === '') return;
    receiptKey = { key: receiptKeyFromUri(uri), who: toSs58(keypairFromUri(uri).publicKey) };
    suri.value = '';
    live.touch();
  };
  return h(
    'div',
    { 'data-testid': 'contract-page' },
    section('Contract', info),
    section('State commits (what the chain holds of its state)', commits),
    section(
      'What the chain sees',
      receipts,
      h(
        'div',
        { class: 'form' },
        suri,
        live.isDev ? picker : null,
        h('button', { onclick: unlock, 'data-testid': 'unlock' }, 'Decrypt my receipts'),
      ),
    ),
    live.isDev ? callForm(ctx, id) : null,
  );
}

function callForm(ctx: Ctx, id: Uint8Array): HTMLElement {
  const account = devAccountPicker(true, 'call-account');
  const method = h('input', { placeholder: 'method', value: 'transfer', 'data-testid': 'call-method' }) as HTMLInputElement;
  const args = h('input', {
    placeholder: 'arguments as a JSON array',
    value: '[]',
    'data-testid': 'call-args',
    size: 60,
  }) as HTMLInputElement;
  const out = h('pre', { 'data-testid': 'call-result' });
  const run = (kind: 'call' | 'query') => async () => {
    out.textContent = `${kind === 'call' ? 'sending an encrypted command' : 'asking a worker'}…`;
    try {
      const client = ctx.live.client;
      if (client === undefined) throw new PhalanxError('CONNECTION', 'not connected to the node');
      const name = account.value || (DEV_ACCOUNTS[0] as string);
      const contract = (await Contract.at(client, id, devKeypair(name))).withReceiptKey(receiptKeyFromUri(`//${name}`));
      const parsed = JSON.parse(args.value || '[]') as unknown[];
      const result = kind === 'call' ? await contract.call(method.value, parsed) : await contract.read(method.value, parsed);
      out.textContent = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
    } catch (error) {
      out.textContent = `error: ${(error as Error).message}`;
    }
  };
  return section(
    'Call or query (dev accounts, dev chain only)',
    h(
      'div',
      { class: 'form' },
      account,
      method,
      args,
      h('button', { onclick: run('call'), 'data-testid': 'call' }, 'Call (encrypted command)'),
      h('button', { onclick: run('query'), 'data-testid': 'query' }, 'Query (a worker answers)'),
    ),
    out,
  );
}
