import { fromSs58, toHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { extrinsicHash } from '@phalanx/primitives';
import { type EventRecord, EventRecords, RUNTIME } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import type { Chain, ImportedBlock } from '../chain.js';
import type { TxStatus } from '../pool/types.js';
import { devEngineRpc, type EngineRpc } from './engine-rpc.js';
import { blockJson, changesJson, headerJson } from './format.js';
import type { JsonValue } from './json-rpc.js';
import { hexParam, integerParam, requiredHex, stringParam } from './params.js';
import { ReceiptRouter } from './receipts.js';

/** What a method may do with the connection it was called on (subscriptions need a WebSocket). */
export interface Connection {
  subscribe(notification: string, start: (emit: (result: JsonValue) => void) => () => void): string;
  unsubscribe(id: string): boolean;
  /** Throws (as `subscribe` would) when this connection cannot take another subscription now. */
  assertCanSubscribe(): void;
}

export type Handler = (params: readonly unknown[], connection: Connection) => Promise<JsonValue> | JsonValue;

export const MAX_KEYS_PAGE = 1000;
const MAX_PROOF_KEYS = 64;

function txStatusJson(status: TxStatus): JsonValue {
  switch (status.kind) {
    case 'ready':
    case 'future':
      return status.kind;
    case 'inBlock':
    case 'finalized':
      return { [status.kind]: toHex(status.block) };
    default:
      return { [status.kind]: status.reason };
  }
}

function accountParam(params: readonly unknown[]): Uint8Array {
  const value = stringParam(params, 0, 'account', 80);
  return value.startsWith('0x') ? requiredHex(params, 0, 'account', { length: 32 }) : fromSs58(value, null);
}

async function blockAt(chain: Chain, params: readonly unknown[], index: number): Promise<ImportedBlock | undefined> {
  const raw = params[index];
  // A block number must be a u32 (a negative or fractional one used to reach LevelDB and fail as an internal error).
  const at =
    typeof raw === 'number'
      ? integerParam(params, index, 'number', 0, 0xffffffff)
      : hexParam(params, index, 'hash', { length: 32, optional: true });
  const found = await chain.header(at);
  if (found === undefined) return undefined;
  const [body, changes, events] = await Promise.all([
    chain.db.body(found.hash),
    chain.db.changes(found.hash),
    chain.db.events(found.hash),
  ]);
  // The header is there, so its block's parts must be too.
  if (body === undefined || changes === undefined || events === undefined)
    throw chain.db.damaged(`block ${found.header.number} has lost its body, state changes or events`);
  return {
    hash: found.hash,
    header: found.header,
    block: { header: found.header, extrinsics: body },
    changes,
    events,
    finalized: found.header.number <= chain.finalizedHeader.number,
  };
}

/** `(prefix?, count, startKey?, hash?)`: one page of state entries in key order, after `startKey`. */
async function pagedEntries(chain: Chain, params: readonly unknown[]) {
  const prefix = hexParam(params, 0, 'prefix', { max: 256, optional: true }) ?? new Uint8Array();
  const count = integerParam(params, 1, 'count', 1, MAX_KEYS_PAGE);
  const startKey = hexParam(params, 2, 'startKey', { max: 256, optional: true });
  const view = await chain.stateAt(hexParam(params, 3, 'hash', { length: 32, optional: true }));
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const entry of view.trie.entries(prefix, startKey)) {
    entries.push(entry);
    if (entries.length >= count) break;
  }
  return { view, entries };
}

/** The JSON-RPC methods, with Substrate's names where one exists. */
export function createMethods(chain: Chain, engine: EngineRpc = devEngineRpc(chain)): Record<string, Handler> {
  const { submit } = engine;
  const receipts = new ReceiptRouter(chain);
  // The extrinsic hashes and per-extrinsic events of recent blocks (many clients ask about one block).
  const indexed = new Map<string, Promise<{ number: number; hashes: Map<string, number>; events: EventRecord[] } | undefined>>();
  const indexOf = (hash: Uint8Array) => {
    const id = toHex(hash);
    let entry = indexed.get(id);
    if (entry === undefined) {
      entry = (async () => {
        const found = await chain.header(hash);
        if (found === undefined) return undefined;
        const [body, events] = await Promise.all([chain.db.body(found.hash), chain.db.events(found.hash)]);
        if (body === undefined || events === undefined)
          throw chain.db.damaged(`block ${found.header.number} has lost its body or events`);
        const hashes = new Map(body.map((extrinsic, i) => [toHex(extrinsicHash(extrinsic)), i]));
        return { number: found.header.number, hashes, events };
      })();
      indexed.set(id, entry);
      // Unknown yet (or failed): do not remember that; ask the store again next time.
      entry.then(
        (found) => found === undefined && indexed.delete(id),
        () => indexed.delete(id),
      );
      if (indexed.size > 16) indexed.delete(indexed.keys().next().value as string);
    }
    return entry;
  };
  const headerOf = async (params: readonly unknown[]) => {
    const found = await chain.header(hexParam(params, 0, 'hash', { length: 32, optional: true }));
    return found === undefined ? null : headerJson(found.header, found.hash);
  };
  const watchHeads =
    (source: 'newHeads' | 'finalizedHeads', notification: string): Handler =>
    (_params, connection) =>
      connection.subscribe(notification, (emit) => {
        const latest =
          source === 'newHeads'
            ? { header: chain.bestHeader, hash: chain.bestHash }
            : { header: chain.finalizedHeader, hash: chain.finalizedHash };
        emit(headerJson(latest.header, latest.hash));
        return chain[source].add((block) => emit(headerJson(block.header, block.hash)));
      });

  return {
    system_chain: () => chain.chainName,
    system_name: () => 'phalanx-node',
    system_version: () => '0.1.0',
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_properties: () => ({ ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'PHA' }),
    system_accountNextIndex: (params) => chain.nextNonce(accountParam(params)),
    state_getRuntimeVersion: () => ({ specName: 'phalanx', specVersion: RUNTIME.specVersion }),

    chain_getHeader: headerOf,
    chain_getBlockHash: async (params) => {
      const number = integerParam(params, 0, 'number', 0, 0xffffffff, chain.bestHeader.number);
      const found = await chain.header(number);
      return found === undefined ? null : toHex(found.hash);
    },
    chain_getFinalizedHead: () => toHex(chain.finalizedHash),
    chain_getBlock: async (params) => {
      const found = await blockAt(chain, params, 0);
      return found === undefined ? null : blockJson(found.block, found.hash);
    },
    chain_subscribeNewHeads: watchHeads('newHeads', 'chain_newHead'),
    chain_unsubscribeNewHeads: (params, connection) => connection.unsubscribe(stringParam(params, 0, 'subscription', 64)),
    chain_subscribeFinalizedHeads: watchHeads('finalizedHeads', 'chain_finalizedHead'),
    chain_unsubscribeFinalizedHeads: (params, connection) => connection.unsubscribe(stringParam(params, 0, 'subscription', 64)),

    /** What a pRuntime needs to follow the chain: the block, its state changes and events (SCALE hex). */
    /** `(blockHash, extrinsicHash)`: where the extrinsic is in the block and only its own events. */
    phalanx_getExtrinsicEvents: async (params) => {
      const block = await indexOf(requiredHex(params, 0, 'blockHash', { length: 32 }));
      const index = block?.hashes.get(toHex(requiredHex(params, 1, 'extrinsicHash', { length: 32 })));
      if (block === undefined || index === undefined) return null;
      const own = block.events.filter((record) => record.phase.tag === 'ApplyExtrinsic' && record.phase.value === index);
      return { number: block.number, index, events: toHex(encode(EventRecords, own)) };
    },
    /**
     * `(contract, caller)`: the encrypted receipts of `caller`'s calls to `contract`, as their blocks
     * import (notification `phalanx_contractReceipt`: `{ block, sequence | null, receipt }`).
     */
    phalanx_subscribeContractReceipts: (params, connection) => {
      const contract = toHex(requiredHex(params, 0, 'contract', { length: 32 }));
      const caller = toHex(requiredHex(params, 1, 'caller', { length: 32 }));
      return connection.subscribe('phalanx_contractReceipt', (emit) => receipts.subscribe(contract, caller, emit));
    },
    phalanx_unsubscribeContractReceipts: (params, connection) =>
      connection.unsubscribe(stringParam(params, 0, 'subscription', 64)),
    /** A block's number, its extrinsics' hashes and its events: what a client needs to follow its calls. */
    phalanx_getBlockEvents: async (params) => {
      const found = await blockAt(chain, params, 0);
      if (found === undefined) return null;
      return {
        number: found.block.header.number,
        extrinsicHashes: found.block.extrinsics.map((extrinsic) => toHex(extrinsicHash(extrinsic))),
        events: toHex(encode(EventRecords, [...found.events])),
      };
    },
    /** `(number)`: what a light client needs besides the block to believe it final (see `EngineRpc`). */
    phalanx_getFinalityProof: (params) => engine.finalityProof(integerParam(params, 0, 'number', 1, 0xffff_ffff)),
    /** The consensus engine, its validators (account, power, address), best and finalized height. */
    phalanx_consensus: () => engine.status(),
    phalanx_getBlockWithChanges: async (params) => {
      const found = await blockAt(chain, params, 0);
      if (found === undefined) return null;
      return {
        ...(blockJson(found.block, found.hash) as Record<string, JsonValue>),
        changes: changesJson(found.changes),
        events: toHex(encode(EventRecords, [...found.events])),
      };
    },

    state_getStorage: async (params) => {
      const key = requiredHex(params, 0, 'key', { max: 256 });
      const view = await chain.stateAt(hexParam(params, 1, 'hash', { length: 32, optional: true }));
      const value = view.get(key);
      return value === undefined ? null : toHex(value);
    },
    state_getReadProof: async (params) => {
      const keys = params[0];
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_PROOF_KEYS) {
        throw new PhalanxError('INVALID_INPUT', `parameter keys must be an array of 1..${MAX_PROOF_KEYS} hex keys`);
      }
      const decoded = keys.map((_, i) => requiredHex(keys, i, `keys[${i}]`, { max: 256 }));
      const view = await chain.stateAt(hexParam(params, 1, 'hash', { length: 32, optional: true }));
      return { at: toHex(view.hash), proof: view.trie.prove(decoded).map((node) => toHex(node)) };
    },
    state_getKeysPaged: async (params) => {
      const { entries } = await pagedEntries(chain, params);
      return entries.map(([key]) => toHex(key));
    },
    /** Key/value pairs in key order, paged (for `phalanx chain dump-state`). */
    state_getPairsPaged: async (params) => {
      const { view, entries } = await pagedEntries(chain, params);
      return { at: toHex(view.hash), pairs: entries.map(([key, value]) => [toHex(key), toHex(value)]) };
    },

    author_submitExtrinsic: async (params) => {
      const { hash } = await submit(requiredHex(params, 0, 'extrinsic'));
      return toHex(hash);
    },
    author_submitAndWatchExtrinsic: async (params, connection) => {
      const bytes = requiredHex(params, 0, 'extrinsic');
      // Refuse before submitting: a watch that cannot be created must not leave the transaction in the pool.
      connection.assertCanSubscribe();
      let subscription = '';
      const buffered: TxStatus[] = [];
      let emitter: ((status: TxStatus) => void) | undefined;
      // Watch before submitting so no status can be missed; deliver once the subscription exists.
      const stop = chain.pool.watch(extrinsicHash(bytes), (status) =>
        emitter === undefined ? buffered.push(status) : emitter(status),
      );
      try {
        const { status } = await submit(bytes);
        subscription = connection.subscribe('author_extrinsicUpdate', (emit) => {
          emitter = (next) => {
            emit(txStatusJson(next));
            // A final status ends the subscription (as in Substrate), freeing the connection's slot.
            if (next.kind === 'finalized' || next.kind === 'dropped' || next.kind === 'invalid')
              queueMicrotask(() => connection.unsubscribe(subscription));
          };
          emit(status);
          for (const next of buffered) emitter(next);
          return stop;
        });
      } catch (error) {
        stop();
        throw error;
      }
      return subscription;
    },
    author_unwatchExtrinsic: (params, connection) => connection.unsubscribe(stringParam(params, 0, 'subscription', 64)),
  };
}
