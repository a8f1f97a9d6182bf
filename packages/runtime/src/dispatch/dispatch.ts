import type { RuntimeCall } from '../call.js';
import { reserve, unreserve } from '../pallets/balances/reserve.js';
import { transfer } from '../pallets/balances/transfer.js';
import { setValidator } from '../pallets/consensus/set-validator.js';
import { setVrfKey } from '../pallets/consensus/set-vrf-key.js';
import { dispatchCouncil } from '../pallets/council/dispatch.js';
import { cancelReferendum } from '../pallets/democracy/cancel-referendum.js';
import { externalPropose } from '../pallets/democracy/external-propose.js';
import { fastTrack } from '../pallets/democracy/fast-track.js';
import { propose } from '../pallets/democracy/propose.js';
import { removeVote } from '../pallets/democracy/remove-vote.js';
import { second } from '../pallets/democracy/second.js';
import { setParams } from '../pallets/democracy/set-params.js';
import { unlock } from '../pallets/democracy/unlock.js';
import { vote } from '../pallets/democracy/vote.js';
import { pushMessage } from '../pallets/mq/push-message.js';
import { addWorkerToCluster } from '../pallets/phat/add-worker-to-cluster.js';
import { attestCommit } from '../pallets/phat/attest-commit.js';
import { command } from '../pallets/phat/command.js';
import { commitState } from '../pallets/phat/commit-state.js';
import { commitStateAttested } from '../pallets/phat/commit-state-attested.js';
import { createCluster } from '../pallets/phat/create-cluster.js';
import { setExecutionTimeout } from '../pallets/phat/execution-timeout.js';
import { instantiate } from '../pallets/phat/instantiate.js';
import { uploadCode } from '../pallets/phat/upload-code.js';
import { addMeasurement } from '../pallets/registry/add-measurement.js';
import { rotateEcdhKey, setEcdhRotation } from '../pallets/registry/ecdh-rotation.js';
import { setHeartbeatSettings } from '../pallets/registry/heartbeat.js';
import { startMigration } from '../pallets/registry/migration.js';
import { registerGatekeeper } from '../pallets/registry/register-gatekeeper.js';
import { registerWorker } from '../pallets/registry/register-worker.js';
import { removeMeasurement } from '../pallets/registry/remove-measurement.js';
import { setAttestationSettings } from '../pallets/registry/set-attestation-settings.js';
import { dispatchStakePool } from '../pallets/stake-pool/dispatch.js';
import { dispatchStaking } from '../pallets/staking/dispatch.js';
import { setKey, sudo } from '../pallets/sudo/sudo.js';
import { remark } from '../pallets/system/remark.js';
import { dispatchThreshold } from '../pallets/threshold/dispatch.js';
import { dispatchTreasury } from '../pallets/treasury/dispatch.js';
import type { CallContext } from './context.js';
import { palletErrors } from './error.js';

const fail = palletErrors('System');

/** Routes a decoded call to its handler. Adding a call: its codec in call.ts, its handler here. */
export function dispatchCall(ctx: CallContext, call: RuntimeCall): void {
  switch (call.tag) {
    case 'System':
      return remark(ctx, call.value.value);
    case 'Balances': {
      const inner = call.value;
      if (inner.tag === 'transfer') return transfer(ctx, inner.value);
      if (inner.tag === 'reserve') return reserve(ctx, inner.value);
      return unreserve(ctx, inner.value);
    }
    case 'Sudo': {
      const inner = call.value;
      return inner.tag === 'sudo' ? sudo(ctx, inner.value) : setKey(ctx, inner.value);
    }
    case 'Registry': {
      const inner = call.value;
      switch (inner.tag) {
        case 'registerWorker':
          return registerWorker(ctx, inner.value);
        case 'setAttestationSettings':
          return setAttestationSettings(ctx, inner.value);
        case 'addMeasurement':
          return addMeasurement(ctx, inner.value);
        case 'removeMeasurement':
          return removeMeasurement(ctx, inner.value);
        case 'registerGatekeeper':
          return registerGatekeeper(ctx, inner.value);
        case 'setHeartbeatSettings':
          return setHeartbeatSettings(ctx, inner.value);
        case 'rotateEcdhKey':
          return rotateEcdhKey(ctx, inner.value);
        case 'setEcdhRotation':
          return setEcdhRotation(ctx, inner.value);
        case 'startMigration':
          return startMigration(ctx, inner.value);
      }
      throw fail('UnknownCall', 'this call is not dispatchable');
    }
    case 'Mq':
      return pushMessage(ctx, call.value.value);
    case 'Phat': {
      const inner = call.value;
      switch (inner.tag) {
        case 'createCluster':
          return createCluster(ctx, inner.value);
        case 'addWorkerToCluster':
          return addWorkerToCluster(ctx, inner.value);
        case 'uploadCode':
          return uploadCode(ctx, inner.value);
        case 'instantiate':
          return instantiate(ctx, inner.value);
        case 'command':
          return command(ctx, inner.value);
        case 'commitState':
          return commitState(ctx, inner.value);
        case 'setExecutionTimeout':
          return setExecutionTimeout(ctx, inner.value);
        case 'commitStateAttested':
          return commitStateAttested(ctx, inner.value);
        case 'attestCommit':
          return attestCommit(ctx, inner.value);
      }
      throw fail('UnknownCall', 'this call is not dispatchable');
    }
    case 'Consensus':
      return call.value.tag === 'setValidator' ? setValidator(ctx, call.value.value) : setVrfKey(ctx, call.value.value);
    case 'StakePool':
      return dispatchStakePool(ctx, call.value);
    case 'Staking':
      return dispatchStaking(ctx, call.value);
    case 'Democracy': {
      const inner = call.value;
      switch (inner.tag) {
        case 'propose':
          return propose(ctx, inner.value);
        case 'second':
          return second(ctx, inner.value);
        case 'vote':
          return vote(ctx, inner.value);
        case 'removeVote':
          return removeVote(ctx, inner.value);
        case 'unlock':
          return unlock(ctx);
        case 'setParams':
          return setParams(ctx, inner.value);
        case 'fastTrack':
          return fastTrack(ctx, inner.value);
        case 'cancelReferendum':
          return cancelReferendum(ctx, inner.value);
        case 'externalPropose':
          return externalPropose(ctx, inner.value);
      }
      throw fail('UnknownCall', 'this call is not dispatchable');
    }
    case 'Council':
      return dispatchCouncil(ctx, call.value);
    case 'Treasury':
      return dispatchTreasury(ctx, call.value);
    case 'Threshold':
      return dispatchThreshold(ctx, call.value);
    default:
      throw fail('UnknownCall', 'this call is not dispatchable');
  }
}
