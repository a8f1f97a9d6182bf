// Dev-account actions, offered only on a development chain (its name says so): transfer, and
// deploy one of the example contracts (bundled with the page at build time, as `phalanx contract
// build` bundles them). Dev accounts' keys are public test keys; real keys are never asked for here.

import { devKeypair, toSs58 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { deploy } from '@phalanx/sdk';
import { parseAmount } from '../../view/format.js';
import { receiptKeyFromUri } from '../../view/receipts.js';
import type { Ctx } from '../context.js';
import { h, section } from '../dom.js';

export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

export function devAccountPicker(enabled: boolean, testId = 'dev-account'): HTMLSelectElement {
  return h(
    'select',
    { 'data-testid': testId, disabled: !enabled },
    ...DEV_ACCOUNTS.map((name) => h('option', { value: name }, `//${name} (${toSs58(devKeypair(name).publicKey).slice(0, 8)}…)`)),
  ) as HTMLSelectElement;
}

interface Example {
  readonly name: string;
  readonly file: string;
  readonly args: string;
}

export function devView(ctx: Ctx): HTMLElement {
  if (!ctx.live.isDev) return h('p', {}, `"${ctx.live.chainName}" is not a development chain: dev-account actions are off.`);
  const from = devAccountPicker(true, 'transfer-from');
  const to = h('input', {
    placeholder: 'to (SS58 or 0x)',
    size: 50,
    'data-testid': 'transfer-to',
    value: toSs58(devKeypair('Bob').publicKey),
  }) as HTMLInputElement;
  const amount = h('input', { placeholder: 'amount, PHA', value: '1.5', 'data-testid': 'transfer-amount' }) as HTMLInputElement;
  const transferOut = h('pre', { 'data-testid': 'transfer-result' });
  const transfer = async () => {
    transferOut.textContent = 'submitting…';
    try {
      const client = ctx.live.client;
      if (client === undefined) throw new PhalanxError('CONNECTION', 'not connected to the node');
      const result = await client.transfer(devKeypair(from.value), to.value.trim(), parseAmount(amount.value));
      transferOut.textContent = result.ok ? `in block #${result.block} (${result.hash})` : `failed: ${result.error?.message}`;
    } catch (error) {
      transferOut.textContent = `error: ${(error as Error).message}`;
    }
  };

  const deployer = devAccountPicker(true, 'deploy-account');
  const example = h('select', { 'data-testid': 'deploy-example' }) as HTMLSelectElement;
  const ctorArgs = h('input', { value: '[1000000]', size: 40, 'data-testid': 'deploy-args' }) as HTMLInputElement;
  const deployOut = h('div', { 'data-testid': 'deploy-result' });
  let examples: Example[] = [];
  fetch('contracts/index.json')
    .then((r) => r.json() as Promise<Example[]>)
    .then((list) => {
      examples = list;
      example.replaceChildren(...list.map((e) => h('option', { value: e.name }, e.name)));
      ctorArgs.value = list[0]?.args ?? '[]';
    })
    .catch(() => example.replaceChildren(h('option', {}, 'no bundled examples')));
  example.addEventListener('change', () => {
    ctorArgs.value = examples.find((e) => e.name === example.value)?.args ?? '[]';
  });
  const runDeploy = async () => {
    deployOut.textContent = 'uploading the code, instantiating, waiting for the constructor’s receipt…';
    try {
      const client = ctx.live.client;
      const chosen = examples.find((e) => e.name === example.value);
      if (client === undefined || chosen === undefined)
        throw new PhalanxError('CONNECTION', 'not connected, or no example chosen');
      const code = await (await fetch(chosen.file)).text();
      const contract = await deploy(client, devKeypair(deployer.value), code, JSON.parse(ctorArgs.value) as unknown[], {
        receiptKey: receiptKeyFromUri(`//${deployer.value}`),
      });
      const idHex = `0x${Buffer.from(contract.id).toString('hex')}`;
      deployOut.replaceChildren(
        'deployed: ',
        h('a', { href: `#/contract/${idHex}`, 'data-testid': 'deployed-link' }, contract.address),
      );
    } catch (error) {
      deployOut.textContent = `error: ${(error as Error).message}`;
    }
  };
  return h(
    'div',
    { 'data-testid': 'dev-page' },
    section(
      'Transfer (dev accounts)',
      h('div', { class: 'form' }, from, to, amount, h('button', { onclick: transfer, 'data-testid': 'transfer' }, 'Transfer')),
      transferOut,
    ),
    section(
      'Deploy an example contract',
      h(
        'div',
        { class: 'form' },
        deployer,
        example,
        ctorArgs,
        h('button', { onclick: runDeploy, 'data-testid': 'deploy' }, 'Deploy'),
      ),
      deployOut,
    ),
  );
}
