import { Hash } from '@phalanx/primitives';
import { type Infer, struct, u32, vec } from '@phalanx/scale';

export const MAX_MIGRATING_CLUSTERS = 64;

/** A move from one pRuntime build to another (spec 002 "state migration"), over these clusters. */
export const Migration = struct('Migration', {
  from: Hash,
  to: Hash,
  startedAt: u32,
  clusters: vec(Hash, MAX_MIGRATING_CLUSTERS, 32),
});
export type Migration = Infer<typeof Migration>;
