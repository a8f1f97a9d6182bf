import { toHex } from '@phalanx/crypto';
import { Envelope } from '@phalanx/primitives';
import type { EventRecord } from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import type { Chain, ImportedBlock } from '../chain.js';
import type { JsonValue } from './json-rpc.js';

const MAX_REMEMBERED = 200_000;

type Emit = (result: JsonValue) => void;

/**
 * Delivers each contract receipt (`Phat.ContractCalled`, still encrypted) to the subscribers of its
 * caller only, instead of every client fetching every block's events: the node learns who called
 * from `CommandSubmitted` (commands) and `InstantiationRequested` (constructors) as blocks import.
 */
export class ReceiptRouter {
  /** `contract:sequence` (or `contract:init`) → caller account (hex). */
  private readonly callers = new Map<string, string>();
  /** `contract:caller` → subscribers. */
  private readonly subscribers = new Map<string, Set<Emit>>();

  constructor(chain: Chain) {
    chain.newHeads.add((block) => this.onBlock(block));
  }

  subscribe(contract: string, caller: string, emit: Emit): () => void {
    const key = `${contract}:${caller}`;
    const set = this.subscribers.get(key) ?? new Set();
    set.add(emit);
    this.subscribers.set(key, set);
    return () => {
      set.delete(emit);
      if (set.size === 0) this.subscribers.delete(key);
    };
  }

  private remember(key: string, caller: string): void {
    if (this.callers.size >= MAX_REMEMBERED) this.callers.delete(this.callers.keys().next().value as string);
    this.callers.set(key, caller);
  }

  private onBlock(block: ImportedBlock): void {
    for (const { event } of block.events as EventRecord[]) {
      if (event.tag !== 'Phat') continue;
      const phat = event.value;
      if (phat.tag === 'CommandSubmitted') {
        this.remember(`${toHex(phat.value.contract)}:${phat.value.sequence}`, toHex(phat.value.sender));
      } else if (phat.tag === 'InstantiationRequested') {
        this.remember(`${toHex(phat.value.contract)}:init`, toHex(phat.value.deployer));
      } else if (phat.tag === 'ContractCalled') {
        const contract = toHex(phat.value.contract);
        const call = phat.value.for;
        const sequence = call.tag === 'Init' ? null : call.value.toString();
        const caller = this.callers.get(`${contract}:${sequence ?? 'init'}`);
        if (caller === undefined) continue;
        const set = this.subscribers.get(`${contract}:${caller}`);
        if (set === undefined) continue;
        const result = { block: block.header.number, sequence, receipt: toHex(encode(Envelope, phat.value.receipt)) };
        for (const emit of set) emit(result);
      }
    }
  }
}
