import { Hash, OpaqueExtrinsic } from '@phalanx/primitives';
import { EventRecords } from '@phalanx/runtime';
import { bytes, option, struct, tuple, u32, vec } from '@phalanx/scale';

/** One state change as stored with its block: `(key, Some(value) | None)`. */
export const StoredChanges = vec(tuple(bytes(256), option(bytes(16 * 1024 * 1024))), 10_000_000, 2);

export const StoredBody = vec(OpaqueExtrinsic, 1_000_000);

export const StoredEvents = EventRecords;

/** Where an extrinsic landed: block hash and index. */
export const TxLocation = struct('TxLocation', { block: Hash, index: u32 });
