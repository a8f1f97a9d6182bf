import { blake2_256, concatBytes, equalBytes, utf8 } from '@phalanx/crypto';
import { encode, u32 } from '@phalanx/scale';
import type { CallContext } from '../../dispatch/context.js';
import { palletErrors } from '../../dispatch/error.js';
import { ensureRoot } from '../../dispatch/origin.js';
import type { StateReader } from '../../state/overlay.js';
import { rewardHeartbeat } from '../stake-pool/rewards.js';
import { Registry } from './storage.js';
import { DEFAULT_HEARTBEAT_SETTINGS, type HeartbeatAnswer, type HeartbeatChallenge, type HeartbeatSettings } from './types.js';

const fail = palletErrors('Registry');

/** Domain prefix of heartbeat seeds. */
export const HEARTBEAT_SEED_DOMAIN = 'phalanx/heartbeat/v1';

const domain = utf8(HEARTBEAT_SEED_DOMAIN);

/** The seed of the challenge issued at `block`: blake2_256("phalanx/heartbeat/v1" ‖ randomness ‖ SCALE u32 block). */
export function heartbeatSeed(randomness: Uint8Array, block: number): Uint8Array {
  return blake2_256(concatBytes(domain, randomness, encode(u32, block)));
}

/** A worker's answer to a challenge: blake2_256(seed ‖ identity public key). Pure: the pRuntime computes it too. */
export function heartbeatResponse(seed: Uint8Array, identity: Uint8Array): Uint8Array {
  return blake2_256(concatBytes(seed, identity));
}

export function heartbeatSettings(state: StateReader): HeartbeatSettings {
  return Registry.HeartbeatSettings.getOr(state, DEFAULT_HEARTBEAT_SETTINGS);
}

/** Checks settings from a call or a genesis config. */
export function checkHeartbeatSettings(settings: HeartbeatSettings): void {
  if (settings.challengeInterval < 1) throw fail('InvalidSettings', 'challengeInterval must be at least 1 block');
  if (settings.window < settings.challengeInterval) {
    throw fail('InvalidSettings', 'window must be at least challengeInterval (or workers answering every challenge go offline)');
  }
}

export function setHeartbeatSettings(ctx: CallContext, args: { settings: HeartbeatSettings }): void {
  ensureRoot(ctx.origin);
  checkHeartbeatSettings(args.settings);
  Registry.HeartbeatSettings.set(ctx.state, args.settings);
  ctx.emit({ tag: 'Registry', value: { tag: 'HeartbeatSettingsChanged', value: args.settings } });
}

/** The challenge an answer refers to: the current one, or the previous one (an answer may cross a boundary). */
function answerableChallenge(state: StateReader, challengeBlock: number): HeartbeatChallenge {
  const current = Registry.Challenge.get(state);
  if (current === undefined) throw fail('NoChallenge', 'no heartbeat challenge has been issued yet');
  if (challengeBlock === current.block) return current;
  const previous = Registry.PreviousChallenge.get(state);
  if (previous !== undefined && challengeBlock === previous.block) return previous;
  if (challengeBlock < current.block) {
    throw fail('StaleChallenge', `challenge ${challengeBlock} has expired; answer the current one (block ${current.block})`);
  }
  throw fail('UnknownChallenge', `no challenge was issued at block ${challengeBlock}; the current one is block ${current.block}`);
}

/**
 * A worker's MQ message on topic "phalanx/registry/heartbeat" (routed by the MQ pallet, which
 * already checked the sender is a registered worker and signed the message). A wrong answer fails
 * the push, so the message's sequence is not consumed.
 */
export function receiveHeartbeat(ctx: CallContext, identity: Uint8Array, answer: HeartbeatAnswer): void {
  const record = Registry.Workers.get(ctx.state, identity);
  if (record === undefined) throw fail('WorkerNotFound', 'no worker is registered with this identity key');
  const challenge = answerableChallenge(ctx.state, answer.challengeBlock);
  if (!equalBytes(answer.response, heartbeatResponse(challenge.seed, identity))) {
    throw fail('BadHeartbeatResponse', `the response is not blake2_256(seed ‖ identity) for challenge ${challenge.block}`);
  }
  Registry.Workers.set(ctx.state, identity, { ...record, lastHeartbeat: ctx.block.number, online: true });
  if (!record.online) ctx.emit({ tag: 'Registry', value: { tag: 'WorkerOnline', value: { identity } } });
  ctx.emit({ tag: 'Registry', value: { tag: 'HeartbeatReceived', value: { identity, challengeBlock: challenge.block } } });
  rewardHeartbeat(ctx, identity, challenge.block);
}
