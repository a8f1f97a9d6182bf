import { devKeypair, keypairFromUri } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Registry, type RuntimeCall, Threshold, UNIT } from '@phalanx/runtime';
import type { PhalanxClient } from '@phalanx/sdk';
import { type DevnetPlan, extraGatekeeperOperator } from './devnet-plan.js';

/** Blocks per DKG round, and between two share refreshes, on a devnet. */
const PHASE_BLOCKS = 20;
const REFRESH_PERIOD = 600;
const OPERATOR_FUNDS = 10_000n * UNIT;

async function readItem<T>(
  client: PhalanxClient,
  item: { key: Uint8Array; get(s: { get(k: Uint8Array): Uint8Array | undefined }): T | undefined },
) {
  const raw = await client.storage(item.key);
  return item.get({ get: () => raw });
}

async function asAlice(client: PhalanxClient, call: RuntimeCall, what: string): Promise<void> {
  const result = await client.signAndSubmit(devKeypair('Alice'), call);
  if (!result.ok)
    throw new PhalanxError('DISPATCH_FAILED', `${what} failed: ${result.error?.message}`, {
      details: result.error?.details ?? {},
    });
}

/**
 * A threshold devnet (`--gatekeepers N`): before the gatekeepers start, //Alice (sudo on a dev
 * chain) sets the Threshold pallet's parameters — t of N, so the chain runs a DKG among the N
 * gatekeepers once they are registered — and funds the extra gatekeepers' operators. A devnet that
 * already has a whole MasterKey moves it to shares by resharing (same MasterPubkey: its contracts
 * keep their keys); one with shares reshares them to the new committee.
 */
export async function prepareThresholdDevnet(
  client: PhalanxClient,
  plan: DevnetPlan,
  say: (line: string) => void,
): Promise<void> {
  if (plan.gatekeepers <= 1) return;
  const master = await readItem(client, Registry.MasterPubkey);
  const params = await readItem(client, Threshold.Params);
  const wanted = { t: plan.threshold, n: plan.gatekeepers, phaseBlocks: PHASE_BLOCKS, refreshPeriod: REFRESH_PERIOD };
  if (params === undefined || params.t !== wanted.t || params.n !== wanted.n) {
    const call: RuntimeCall = { tag: 'Threshold', value: { tag: 'setParams', value: { params: wanted } } };
    await asAlice(client, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } }, 'setting the threshold');
    const how =
      master === undefined
        ? 'a DKG once they are registered'
        : (await readItem(client, Threshold.Group)) === undefined
          ? 'the whole MasterKey this devnet has is reshared into shares, same public key'
          : 'the shares are reshared to the new committee';
    say(`MasterKey shared: any ${wanted.t} of ${wanted.n} gatekeepers (${how})`);
  }
  for (let i = 2; i <= plan.gatekeepers; i++) {
    const operator = keypairFromUri(extraGatekeeperOperator(`gatekeeper-${i}`)).publicKey;
    if ((await client.account(operator)).free >= OPERATOR_FUNDS / 2n) continue;
    await asAlice(
      client,
      { tag: 'Balances', value: { tag: 'transfer', value: { dest: operator, value: OPERATOR_FUNDS } } },
      `funding gatekeeper-${i}'s operator`,
    );
  }
}
