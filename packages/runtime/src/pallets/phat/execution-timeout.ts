import { equalBytes } from '@phalanx/crypto';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureSigned } from '../../dispatch/origin.js';
import { slashLate } from '../stake-pool/penalties.js';
import { COMMAND_GAS } from './gas.js';
import { Phat } from './storage.js';
import type { CommandKey } from './types.js';

const fail = palletErrors('Phat');

/**
 * The deployer's execution timeout (spec 002 improvement): a command whose results (its receipt)
 * have not come `blocks` blocks after the block that ordered it counts as failed, and every worker
 * the contract runs on pays the stake pool's late penalty (`StakePool.LateSlash`). All replicas send
 * the same receipt and the chain keeps the first, so a missing receipt means no replica delivered.
 * Its gas stays reserved until the receipt or the refund at `COMMAND_GAS.receiptTimeout`, as before.
 */
export const EXECUTION_TIMEOUT = {
  /** Fewer blocks than this would punish the ordinary MQ round trip (command out, receipt back). */
  minBlocks: 3,
  /** At least one block before the gas refund, which forgets the command. */
  maxBlocks: COMMAND_GAS.receiptTimeout - 1,
} as const;

/** Signed by the contract's deployer: sets (or, with 0, removes) its execution timeout for later commands. */
export function setExecutionTimeout(ctx: CallContext, args: { contract: Uint8Array; blocks: number }): void {
  const signer = ensureSigned(ctx.origin);
  const record = Phat.Contracts.get(ctx.state, args.contract);
  if (record === undefined) throw fail('ContractNotFound', 'no contract has this id');
  if (!equalBytes(record.info.deployer, signer))
    throw fail('NotDeployer', "only the contract's deployer can set its execution timeout");
  const { minBlocks, maxBlocks } = EXECUTION_TIMEOUT;
  if (args.blocks !== 0 && (args.blocks < minBlocks || args.blocks > maxBlocks)) {
    throw fail('InvalidTimeout', `the execution timeout is 0 (none) or within [${minBlocks}, ${maxBlocks}] blocks`);
  }
  if (args.blocks === 0) Phat.ExecutionTimeouts.remove(ctx.state, args.contract);
  else Phat.ExecutionTimeouts.set(ctx.state, args.contract, args.blocks);
  ctx.emit({ tag: 'Phat', value: { tag: 'ExecutionTimeoutSet', value: { ...args } } });
}

/** At a command's dispatch: when its contract has a timeout, the block by which its receipt must come. */
export function scheduleExecutionDeadline(ctx: Pick<CallContext, 'state' | 'block'>, key: CommandKey): void {
  const blocks = Phat.ExecutionTimeouts.get(ctx.state, key[0]);
  if (blocks === undefined) return;
  const due = ctx.block.number + blocks;
  const index = Phat.ExecutionDeadlineCount.get(ctx.state, due) ?? 0;
  Phat.ExecutionDeadlines.set(ctx.state, [due, index], key);
  Phat.ExecutionDeadlineCount.set(ctx.state, due, index + 1);
}

/**
 * Block initialisation: the commands due now whose gas is still reserved had no receipt in time.
 * (A settled or refunded command has no reservation left.) Bounded by the commands of one block.
 */
export function checkExecutionDeadlines(ctx: Pick<CallContext, 'state' | 'block' | 'emit'>): void {
  const now = ctx.block.number;
  const count = Phat.ExecutionDeadlineCount.get(ctx.state, now);
  if (count === undefined) return;
  Phat.ExecutionDeadlineCount.remove(ctx.state, now);
  for (let index = 0; index < count; index++) {
    const key = Phat.ExecutionDeadlines.get(ctx.state, [now, index]);
    Phat.ExecutionDeadlines.remove(ctx.state, [now, index]);
    if (key === undefined || !Phat.GasReservations.has(ctx.state, key)) continue;
    const record = Phat.Contracts.get(ctx.state, key[0]);
    const workers = record?.workers ?? [];
    ctx.emit({ tag: 'Phat', value: { tag: 'ExecutionTimedOut', value: { contract: key[0], sequence: key[1], workers } } });
    slashLate(ctx, workers);
  }
}
