import { PhalanxError } from '@phalanx/errors';
import type { BlockEnv, StateReader } from '@phalanx/runtime';
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';

/** What ProcessProposal, FinalizeBlock and PrepareProposal all say about the block they are about. */
export interface AbciBlockFields {
  readonly height: bigint;
  readonly time?: Timestamp | undefined;
  readonly proposerAddress: Uint8Array;
}

const MAX_HEIGHT = 0xffff_ffffn;

/** CometBFT's block time (BFT time: strictly increasing, at least 1 ms apart) in our milliseconds. */
export function millisOf(time: Timestamp | undefined): bigint {
  if (time === undefined) throw new PhalanxError('BLOCK_INVALID', 'the block has no time');
  if (time.seconds < 0n || time.nanos < 0 || time.nanos > 999_999_999) {
    throw new PhalanxError('BLOCK_INVALID', 'the block time is before 1970 or malformed');
  }
  return time.seconds * 1000n + BigInt(Math.floor(time.nanos / 1_000_000));
}

/**
 * The runtime's view of a CometBFT block: its height is our block number, its BFT time our
 * timestamp, its author the account that operates the proposing validator (fees go there).
 */
export function blockEnvOf(
  fields: AbciBlockFields,
  parentHash: Uint8Array,
  authorOf: (state: StateReader, proposerAddress: Uint8Array) => Uint8Array,
  state: StateReader,
): BlockEnv {
  if (fields.height < 1n || fields.height > MAX_HEIGHT) {
    throw new PhalanxError('BLOCK_INVALID', `block height ${fields.height} is outside 1..${MAX_HEIGHT}`);
  }
  return {
    number: Number(fields.height),
    timestamp: millisOf(fields.time),
    author: authorOf(state, fields.proposerAddress),
    parentHash,
  };
}
