// A block as the explorer shows it: extrinsics decoded into rows (signer, call, fee, outcome),
// events into rows, state commits with their entry counts and bytes. Confidential payloads are
// shown as what they are on chain: an envelope of N bytes, never "decoded".
import { toSs58 } from '@phalanx/crypto';
import { Envelope, extrinsicHash } from '@phalanx/primitives';
import { type EventRecord, EventRecords, Extrinsic, type RuntimeCall, type StateCommit } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { formatValue, hex } from './format.js';

export interface ExtrinsicRow {
  readonly index: number;
  readonly hash: string;
  readonly signer: string;
  readonly nonce: number;
  readonly tip: bigint;
  /** "Pallet.method". */
  readonly call: string;
  /** The arguments as short text; for a confidential command or constructor, its envelope's size only. */
  readonly args: string;
  /** Bytes of the encrypted envelope this extrinsic carries (commands, instantiations), else undefined. */
  readonly envelopeBytes: number | undefined;
  readonly confidential: boolean;
  readonly fee: bigint | undefined;
  readonly ok: boolean;
  /** "Pallet.Error: message" when the call failed. */
  readonly error: string | undefined;
  readonly bytes: number;
}

export interface EventRow {
  /** The extrinsic index, or "init"/"final". */
  readonly phase: string;
  readonly extrinsic: number | undefined;
  /** "Pallet.Event". */
  readonly name: string;
  readonly fields: string;
  readonly event: EventRecord['event'];
}

/** A state commit carried by a block: entries changed and ciphertext bytes. */
export interface CommitRow {
  readonly contract: string;
  readonly block: number;
  readonly entries: number;
  readonly deleted: number;
  readonly bytes: number;
}

export interface BlockSummary {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: number;
  readonly author: string;
  readonly extrinsics: ExtrinsicRow[];
  readonly events: EventRow[];
  readonly commits: CommitRow[];
  /** Commands (`Phat.command`) in the block: confidential calls. */
  readonly confidentialCount: number;
  readonly mismatches: number;
}

export interface RawBlock {
  readonly header: { hash: string; parentHash: string; number: number; timestamp: number; author: string };
  readonly extrinsics: readonly string[];
  /** SCALE hex of the block's `EventRecords`. */
  readonly events: string;
}

const bytesOf = (text: string) => Uint8Array.from(Buffer.from(text.startsWith('0x') ? text.slice(2) : text, 'hex'));

/**
 * The state commit a call carries: `Phat.commitState { commit }` and, on chains with attributed
 * commits, `Phat.commitStateAttested { commit, worker, signature }` — both hold the contract's
 * signed commit under `commit` (matched by name, so this decodes chains with either).
 */
function stateCommitOf(call: RuntimeCall): StateCommit | undefined {
  if (call.tag !== 'Phat') return undefined;
  const tag: string = call.value.tag;
  if (tag !== 'commitState' && tag !== 'commitStateAttested') return undefined;
  return (call.value.value as unknown as { commit: { commit: StateCommit } }).commit.commit;
}

/** Events that say a contract's commits disagree (a mismatch, a resolved dispute). */
export const MISMATCH_EVENTS: readonly string[] = ['Phat.StateCommitMismatch', 'Phat.CommitDisputeResolved'];

function callName(call: RuntimeCall): string {
  return `${call.tag}.${(call.value as { tag: string }).tag}`;
}

function callArgs(call: RuntimeCall): { args: string; envelopeBytes: number | undefined; confidential: boolean } {
  const inner = (call.value as { value: unknown }).value;
  if (call.tag === 'Phat' && call.value.tag === 'command') {
    const { contract, envelope, gasLimit, gasPrice } = call.value.value;
    const size = encode(Envelope, envelope).length;
    return {
      args: `contract ${hex(contract)}, envelope ${size} B (encrypted), gasLimit ${gasLimit}, gasPrice ${gasPrice}`,
      envelopeBytes: size,
      confidential: true,
    };
  }
  if (call.tag === 'Phat' && call.value.tag === 'instantiate') {
    const { clusterId, codeHash, args } = call.value.value;
    const size = encode(Envelope, args).length;
    return {
      args: `cluster ${hex(clusterId)}, code ${hex(codeHash)}, constructor args ${size} B (encrypted)`,
      envelopeBytes: size,
      confidential: true,
    };
  }
  const commit = stateCommitOf(call);
  if (commit !== undefined) {
    return {
      args: `contract ${hex(commit.contract)}, block ${commit.block}, ${commit.changes.length} encrypted entries`,
      envelopeBytes: undefined,
      confidential: false,
    };
  }
  if (call.tag === 'Phat' && call.value.tag === 'uploadCode')
    return { args: `code ${call.value.value.code.length} B`, envelopeBytes: undefined, confidential: false };
  return { args: formatValue(inner), envelopeBytes: undefined, confidential: false };
}

export function eventRows(records: readonly EventRecord[]): EventRow[] {
  return records.map((record) => {
    const { phase, event } = record;
    const inner = event.value as { tag: string; value: unknown };
    return {
      phase: phase.tag === 'ApplyExtrinsic' ? String(phase.value) : phase.tag === 'Initialization' ? 'init' : 'final',
      extrinsic: phase.tag === 'ApplyExtrinsic' ? phase.value : undefined,
      name: `${event.tag}.${inner.tag}`,
      fields: formatValue(inner.value),
      event,
    };
  });
}

function outcomeOf(
  events: readonly EventRow[],
  index: number,
): { ok: boolean; error: string | undefined; fee: bigint | undefined } {
  let fee: bigint | undefined;
  let error: string | undefined;
  for (const row of events) {
    if (row.extrinsic !== index) continue;
    const { event } = row;
    if (event.tag === 'Balances' && event.value.tag === 'FeePaid') fee = event.value.value.fee;
    if (event.tag === 'System' && event.value.tag === 'ExtrinsicFailed') {
      const failure = event.value.value.error;
      error = `${failure.pallet}.${failure.error}${failure.message ? `: ${failure.message}` : ''}`;
    }
  }
  return { ok: error === undefined, error, fee };
}

/** Decodes a block (header, extrinsic hex, events hex) into the rows the views show. */
export function summarizeBlock(raw: RawBlock): BlockSummary {
  const events = eventRows(decode(EventRecords, bytesOf(raw.events)));
  const commits: CommitRow[] = [];
  const extrinsics = raw.extrinsics.map((text, index): ExtrinsicRow => {
    const bytes = bytesOf(text);
    const extrinsic = decode(Extrinsic, bytes);
    const { call } = extrinsic;
    const outcome = outcomeOf(events, index);
    // Every replica relays the same commit: only the one the chain accepted counts.
    const commit = stateCommitOf(call);
    if (commit !== undefined && outcome.ok) {
      let deleted = 0;
      let size = 0;
      for (const [, value] of commit.changes) {
        if (value === undefined) deleted++;
        else size += value.length;
      }
      commits.push({
        contract: hex(commit.contract),
        block: raw.header.number,
        entries: commit.changes.length,
        deleted,
        bytes: size,
      });
    }
    return {
      index,
      hash: hex(extrinsicHash(bytes)),
      signer: toSs58(extrinsic.signer.value),
      nonce: extrinsic.nonce,
      tip: extrinsic.tip,
      call: callName(call),
      ...callArgs(call),
      ...outcome,
      bytes: bytes.length,
    };
  });
  return {
    number: raw.header.number,
    hash: raw.header.hash,
    parentHash: raw.header.parentHash,
    timestamp: raw.header.timestamp,
    author: raw.header.author,
    extrinsics,
    events,
    commits,
    confidentialCount: extrinsics.filter((x) => x.call === 'Phat.command').length,
    mismatches: events.filter((e) => MISMATCH_EVENTS.includes(e.name)).length,
  };
}
