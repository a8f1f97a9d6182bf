import { toHex } from '@phalanx/crypto';
import type { Block, Header } from '@phalanx/primitives';
import type { StateChange } from '@phalanx/runtime';
import type { JsonValue } from './json-rpc.js';

/** A header as JSON: hashes hex, `number` and `timestamp` (ms) as numbers, plus its own hash. */
export function headerJson(header: Header, hash: Uint8Array): JsonValue {
  return {
    hash: toHex(hash),
    parentHash: toHex(header.parentHash),
    number: header.number,
    stateRoot: toHex(header.stateRoot),
    extrinsicsRoot: toHex(header.extrinsicsRoot),
    timestamp: Number(header.timestamp),
    author: toHex(header.author),
    seal: toHex(header.seal),
  };
}

export function blockJson(block: Block, hash: Uint8Array): JsonValue {
  return {
    block: { header: headerJson(block.header, hash), extrinsics: block.extrinsics.map((x) => toHex(x)) },
    justifications: null,
  };
}

export function changesJson(changes: readonly StateChange[]): JsonValue {
  return changes.map(([key, value]) => [toHex(key), value === undefined ? null : toHex(value)]);
}
