import type { BlockEnv } from './dispatch/context.js';
import type { RuntimeEvent } from './event.js';
import { initializeConsensus } from './pallets/consensus/hooks.js';
import { initializeCouncil } from './pallets/council/election.js';
import { initializeDemocracy } from './pallets/democracy/hooks.js';
import { initializeMq } from './pallets/mq/hooks.js';
import { checkExecutionDeadlines } from './pallets/phat/execution-timeout.js';
import { expireGasReservations } from './pallets/phat/gas.js';
import { initializeHeartbeats } from './pallets/registry/heartbeat-hooks.js';
import { progressMigration } from './pallets/registry/migration.js';
import { initializeStakePool } from './pallets/stake-pool/hooks.js';
import { initializeStaking } from './pallets/staking/hooks.js';
import { initializeSystem } from './pallets/system/hooks.js';
import { initializeThreshold } from './pallets/threshold/session.js';
import { initializeTimestamp } from './pallets/timestamp/hooks.js';
import { initializeTreasury } from './pallets/treasury/hooks.js';
import type { Overlay } from './state/overlay.js';

/** What a block hook gets: state, the block, the parent's seal, and event emission. */
export interface HookContext {
  readonly state: Overlay;
  readonly block: BlockEnv;
  readonly parentSeal: Uint8Array;
  emit(event: RuntimeEvent): void;
}

type Hook = (ctx: HookContext) => void;

/** Runs before the block's extrinsics, in this order (system first: later hooks read its values). */
export const ON_INITIALIZE: readonly Hook[] = [
  (ctx) => initializeSystem(ctx.state, ctx.block, ctx.parentSeal),
  (ctx) => initializeTimestamp(ctx.state, ctx.block),
  (ctx) => initializeConsensus(ctx.state, ctx.block, ctx.emit),
  (ctx) => initializeMq(ctx.state),
  (ctx) => initializeHeartbeats(ctx.state, ctx.block, ctx.emit),
  checkExecutionDeadlines,
  expireGasReservations,
  (ctx) => initializeStakePool(ctx.state, ctx.block, ctx.emit),
  initializeDemocracy,
  // After democracy: a referendum enacted this block (a council or treasury change) is in force here.
  initializeCouncil,
  initializeTreasury,
  // After consensus (this block's offences are recorded) and the registry (workers' state).
  initializeStaking,
  // After staking: a migration's replacements, then the key sessions (an election's or a
  // migration's new gatekeepers are the ones a resharing takes).
  progressMigration,
  initializeThreshold,
];

/** Runs after the block's extrinsics. */
export const ON_FINALIZE: readonly Hook[] = [];
