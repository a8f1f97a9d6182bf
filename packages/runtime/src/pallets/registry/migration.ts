import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { addToCluster } from '../phat/add-worker-to-cluster.js';
import { Phat } from '../phat/storage.js';
import { workerEligible } from '../stake-pool/eligibility.js';
import { Threshold } from '../threshold/storage.js';
import type { Migration } from './migration-types.js';
import { checkGatekeeperRequirements } from './register-gatekeeper.js';
import { Registry } from './storage.js';

const fail = palletErrors('Registry');
/** What a block hook gets (as `HookScope`, without importing the dispatcher's module). */
type HookScope = Pick<CallContext, 'state' | 'block' | 'emit'>;
/**
 * Root (governance; sudo on a dev chain): migrate from build `from` to build `to` (both on the
 * allow-list). Each operator upgrades by registering a pRuntime of the new build under the same
 * operator account: it then replaces that operator's old-build gatekeeper (the shared MasterKey
 * reshares to the new committee — old members hand their shares, encrypted, only to attested
 * new-build members) and its old-build workers in `clusters` (the new worker is provisioned: it
 * gets the contracts' keys from the gatekeepers and rebuilds each from its last commit). Once no
 * old-build pRuntime serves, `from` leaves the allow-list: the old build is retired. Only for a
 * shared MasterKey: a whole key could be handed only to a gatekeeper that is still listed.
 */
export function startMigration(ctx: CallContext, args: { from: Uint8Array; to: Uint8Array; clusters: Uint8Array[] }): void {
  ensureRoot(ctx.origin);
  if (Registry.Migration.get(ctx.state) !== undefined) throw fail('MigrationRunning', 'a migration is already running');
  if (equalBytes(args.from, args.to)) throw fail('SameBuild', 'from and to are the same build');
  const allowed = Registry.Measurements.getOr(ctx.state, []);
  for (const [name, m] of [
    ['from', args.from],
    ['to', args.to],
  ] as const)
    if (!allowed.some((a) => equalBytes(a, m))) throw fail('MeasurementNotAllowed', `${name} is not on the allow-list`);
  if (Threshold.Group.get(ctx.state) === undefined)
    throw fail('NoSharedKey', 'migrate a chain whose MasterKey is shared (threshold.setParams first): a whole key cannot follow');
  for (const cluster of args.clusters)
    if (!Phat.Clusters.has(ctx.state, cluster)) throw fail('ClusterNotFound', 'a listed cluster does not exist');
  Registry.Migration.set(ctx.state, { from: args.from, to: args.to, startedAt: ctx.block.number, clusters: args.clusters });
  ctx.emit({ tag: 'Registry', value: { tag: 'MigrationStarted', value: { from: args.from, to: args.to } } });
}

const buildOf = (state: StateReader, worker: Uint8Array) => Registry.Workers.get(state, worker)?.measurement;

/** A registered new-build pRuntime of `operator` that `taken` does not use yet, and that `fits`. */
function replacementFor(
  state: StateReader,
  migration: Migration,
  old: Uint8Array,
  taken: readonly Uint8Array[],
  fits: (w: Uint8Array) => boolean,
) {
  const operator = Registry.Workers.get(state, old)?.operator;
  if (operator === undefined) return undefined;
  return Registry.WorkerIds.getOr(state, []).find((id) => {
    const record = Registry.Workers.get(state, id);
    return (
      record !== undefined &&
      equalBytes(record.operator, operator) &&
      equalBytes(record.measurement, migration.to) &&
      !taken.some((t) => equalBytes(t, id)) &&
      fits(id)
    );
  });
}

/** Block hook: replaces what has a replacement, and retires the old build when nothing of it serves. */
export function progressMigration(ctx: HookScope): void {
  const migration = Registry.Migration.get(ctx.state);
  if (migration === undefined) return;
  const isOld = (w: Uint8Array) => {
    const build = buildOf(ctx.state, w);
    return build !== undefined && equalBytes(build, migration.from);
  };
  let remaining = 0;
  let replaced = false;
  const gatekeepers = [...Registry.Gatekeepers.getOr(ctx.state, [])];
  gatekeepers.forEach((old, i) => {
    if (!isOld(old)) return;
    const fits = (id: Uint8Array) => {
      try {
        checkGatekeeperRequirements(
          ctx.state,
          Registry.Workers.get(ctx.state, id) as NonNullable<ReturnType<typeof Registry.Workers.get>>,
        );
        return true;
      } catch {
        return false;
      }
    };
    const next = replacementFor(ctx.state, migration, old, gatekeepers, fits);
    if (next === undefined) remaining++;
    else {
      replaced = true;
      gatekeepers[i] = next; // same position: the threshold committee moves old → new by resharing
      ctx.emit({ tag: 'Registry', value: { tag: 'GatekeeperReplaced', value: { old, replacement: next } } });
    }
  });
  if (replaced) Registry.Gatekeepers.set(ctx.state, gatekeepers);
  for (const clusterId of migration.clusters) {
    for (const old of Phat.Clusters.get(ctx.state, clusterId)?.workers ?? []) {
      if (!isOld(old)) continue;
      const members = Phat.Clusters.get(ctx.state, clusterId)?.workers ?? [];
      const next = replacementFor(ctx.state, migration, old, members, (id) => workerEligible(ctx.state, id));
      if (next === undefined) {
        remaining++;
        continue;
      }
      addToCluster(ctx, { clusterId, worker: next });
      removeFromCluster(ctx, clusterId, old);
      ctx.emit({ tag: 'Registry', value: { tag: 'WorkerReplaced', value: { cluster: clusterId, old, replacement: next } } });
    }
  }
  // Retire only when nothing of the old build serves and the shares have left it (the resharing decided).
  const group = Threshold.Group.get(ctx.state);
  if (remaining > 0 || group === undefined || group.members.some(isOld)) return;
  Registry.Measurements.set(
    ctx.state,
    Registry.Measurements.getOr(ctx.state, []).filter((m) => !equalBytes(m, migration.from)),
  );
  Registry.Migration.remove(ctx.state);
  ctx.emit({ tag: 'Registry', value: { tag: 'MigrationCompleted', value: { from: migration.from, to: migration.to } } });
}

function removeFromCluster(ctx: HookScope, clusterId: Uint8Array, worker: Uint8Array): void {
  const cluster = Phat.Clusters.get(ctx.state, clusterId);
  if (cluster === undefined) return;
  Phat.Clusters.set(ctx.state, clusterId, { workers: cluster.workers.filter((w) => !equalBytes(w, worker)) });
  for (const contract of Phat.ClusterContracts.get(ctx.state, clusterId) ?? []) {
    const record = Phat.Contracts.get(ctx.state, contract);
    if (record === undefined) continue;
    Phat.Contracts.set(ctx.state, contract, { ...record, workers: record.workers.filter((w) => !equalBytes(w, worker)) });
  }
}
