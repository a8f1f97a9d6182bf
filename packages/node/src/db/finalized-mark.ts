import { constants, type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { blake2_256, utf8 } from '@phalanx/crypto';
import { Hash } from '@phalanx/primitives';
import { decode, encode, struct, u32 } from '@phalanx/scale';

const FILE = 'phalanx-finalized';
const Mark = struct('FinalizedMark', { number: u32, hash: Hash });
const MARK_BYTES = 36;
const SLOT_BYTES = 68; // mark + checksum
/** Two slots a sector apart, written in turn: a write torn by power loss spoils one, never both. */
const SLOT_OFFSETS = [0, 512] as const;
const CHECKSUM_DOMAIN = utf8('phalanx/finalized-mark/v1');

export interface FinalizedPoint {
  readonly number: number;
  readonly hash: Uint8Array;
}

const checksum = (mark: Uint8Array) => blake2_256(new Uint8Array([...CHECKSUM_DOMAIN, ...mark]));

/**
 * The last finalized block the node announced, kept in a small file of its own next to LevelDB
 * and synced to disk before the announcement. LevelDB cannot tell that its write-ahead log lost
 * its tail (a disk that dropped writes, a truncated `*.log`): it opens at an older block without
 * a word. Checked against this mark on start, such a store is refused instead of building a
 * different chain from an earlier block.
 */
export class FinalizedMark {
  private readonly file: FileHandle;
  private latest: FinalizedPoint | undefined;
  /** The slot `latest` is in (the next write goes to the other one). */
  private slot: number;

  private constructor(file: FileHandle, latest: FinalizedPoint | undefined, slot: number) {
    this.file = file;
    this.latest = latest;
    this.slot = slot;
  }

  static async open(directory: string): Promise<FinalizedMark> {
    const path = join(directory, FILE);
    const file = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      const slots = Buffer.alloc(SLOT_OFFSETS[1] + SLOT_BYTES);
      const { bytesRead } = await file.read(slots, 0, slots.length, 0);
      if (bytesRead === 0) await syncDirectory(directory); // a new file: make its name durable too
      let latest: FinalizedPoint | undefined;
      let slot = 1;
      for (const [index, offset] of SLOT_OFFSETS.entries()) {
        if (bytesRead < offset + SLOT_BYTES) continue;
        const mark = slots.subarray(offset, offset + MARK_BYTES);
        if (Buffer.compare(checksum(mark), slots.subarray(offset + MARK_BYTES, offset + SLOT_BYTES)) !== 0) continue;
        const point = decode(Mark, new Uint8Array(mark));
        if (latest === undefined || point.number > latest.number) {
          latest = point;
          slot = index;
        }
      }
      return new FinalizedMark(file, latest, slot);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The last mark written (undefined for a store that never had one). */
  get point(): FinalizedPoint | undefined {
    return this.latest;
  }

  /** Records `point` and (unless `sync` is false) syncs it to disk; resolves once it would survive power loss. */
  async write(point: FinalizedPoint, sync = true): Promise<void> {
    const mark = encode(Mark, point);
    const slot = Buffer.concat([mark, checksum(mark)]);
    // The slot the previous mark is not in, so the previous one stays readable while this one is written.
    const next = 1 - this.slot;
    await this.file.write(slot, 0, slot.length, SLOT_OFFSETS[next]);
    if (sync) await this.file.datasync();
    this.latest = point;
    this.slot = next;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot sync a directory (Windows); the file's own sync still holds its contents.
  }
}
