import { cryptoReady, type Keypair } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { RuntimeCall } from '@phalanx/runtime';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { usageError } from './args.js';
import { type Io, printJson } from './output.js';

/**
 * Signs and submits `call`, waits for its block, and reports `{ok, block, events}` with the names of
 * the events `pallets` emitted for it. A call that fails in its block throws its dispatch error (the
 * CLI prints it in the one error shape), so a script sees a non-zero exit.
 */
export async function submitCall(
  client: PhalanxClient,
  signer: Keypair,
  call: RuntimeCall,
  pallets: readonly string[],
  what: string,
): Promise<{ ok: true; block: number; events: string[] }> {
  const result = await client.signAndSubmit(signer, call);
  if (!result.ok) throw result.error ?? new PhalanxError('DISPATCH_FAILED', `${what} failed in block #${result.block}`);
  const events = result.events
    .filter((record) => pallets.includes(record.event.tag))
    .map((record) => `${record.event.tag}.${(record.event as { value: { tag: string } }).value.tag}`);
  return { ok: true, block: result.block, events };
}

/** A non-negative integer argument (ids, indexes, counts), or a usage error naming it. */
export function integerArg(text: string | undefined, what: string, max = 0xffff_ffff): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value > max) {
    throw usageError(`${what} must be an integer 0..${max}`);
  }
  return value;
}

/**
 * The body of a command that reads or signs through a node: connect, run, print the view (JSON
 * with `--json`, indented JSON otherwise), close the connection whatever happens.
 */
export async function withClient(
  io: Io,
  values: { rpc: string; json: boolean },
  run: (client: PhalanxClient) => Promise<unknown>,
): Promise<number> {
  await cryptoReady();
  const client = await connect(values.rpc);
  try {
    const view = await run(client);
    if (values.json) printJson(io, view);
    else io.out(JSON.stringify(view, null, 2));
    return 0;
  } finally {
    await client.close();
  }
}
