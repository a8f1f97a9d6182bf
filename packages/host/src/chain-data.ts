import { fromHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import type { Header } from '@phalanx/primitives';
import type { StateChange } from '@phalanx/runtime';
import type { PhalanxClient } from '@phalanx/sdk';

interface HeaderJson {
  parentHash: string;
  number: number;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  seal: string;
}

/** A header from its RPC JSON (the pRuntime checks everything in it: the host is not trusted). */
export function headerFromJson(json: HeaderJson): Header {
  return {
    parentHash: fromHex(json.parentHash, 'parentHash', 32),
    number: json.number,
    stateRoot: fromHex(json.stateRoot, 'stateRoot', 32),
    extrinsicsRoot: fromHex(json.extrinsicsRoot, 'extrinsicsRoot', 32),
    timestamp: BigInt(json.timestamp),
    author: fromHex(json.author, 'author', 32),
    seal: fromHex(json.seal, 'seal', 64),
  };
}

/** Block `number`'s header and state changes, as the pRuntime's light client wants them. */
export async function blockWithChanges(
  client: PhalanxClient,
  number: number,
): Promise<{ header: Header; changes: StateChange[] }> {
  const block = await client.rpc.request<{ block: { header: HeaderJson }; changes: [string, string | null][] } | null>(
    'phalanx_getBlockWithChanges',
    [number],
  );
  if (block === null) throw new PhalanxError('NOT_FOUND', `the node has no block ${number}`);
  return {
    header: headerFromJson(block.block.header),
    changes: block.changes.map(([key, value]) => [fromHex(key, 'key'), value === null ? undefined : fromHex(value, 'value')]),
  };
}
