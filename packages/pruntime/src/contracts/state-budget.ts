import { PHAT_LIMITS } from '@phalanx/runtime';

/**
 * What one state commit may carry (it is one extrinsic of at most 1 MiB: see PHAT_LIMITS and
 * BLOCK_LIMITS), counted in clear bytes plus COMMIT_ENTRY_OVERHEAD per entry. Everything written
 * since the recorded commit must fit in it, however long commits have not landed (workers stalled),
 * or no commit could ever carry it again.
 */
export const COMMIT_CAPACITY = { entries: PHAT_LIMITS.maxCommitChanges, bytes: 768 * 1024 } as const;
/**
 * What one commit interval may change: half of what one commit carries, so the commit of an
 * interval fits even when the previous interval's commit is still on its way to the chain.
 */
export const COMMIT_BUDGET = { entries: COMMIT_CAPACITY.entries / 2, bytes: COMMIT_CAPACITY.bytes / 2 } as const;
/** AES-GCM adds an IV and a tag to each committed value. */
export const SEAL_BYTES = 12 + 16;
/** Hidden name, IV, tag and encoding per committed entry. */
export const COMMIT_ENTRY_OVERHEAD = 32 + 12 + 16 + 8;
/** Whether applying `writes` (by hidden name, each once) to a weighed set of entries goes over `limit`. */
export function exceeds(
  sizes: ReadonlyMap<string, number>,
  total: number,
  writes: readonly (readonly [string, number])[],
  limit: { readonly entries: number; readonly bytes: number },
): boolean {
  let entries = sizes.size;
  let bytes = total;
  for (const [id, size] of writes) {
    const previous = sizes.get(id);
    if (previous === undefined) {
      entries++;
      bytes += COMMIT_ENTRY_OVERHEAD;
    } else {
      bytes -= previous;
    }
    bytes += size;
  }
  return entries > limit.entries || bytes > limit.bytes;
}
