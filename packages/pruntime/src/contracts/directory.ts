import { equalBytes } from '@phalanx/crypto';
import { Phat, type StateReader } from '@phalanx/runtime';
import { type CallableContract, type ContractDirectory, calleeUnavailable } from './cross-call.js';
import { inkCodeHashOf } from './engine-router.js';
import type { ContractInstance } from './instance.js';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** ink! code hashes of chain codes (by the chain's code hash), so a delegate call does not re-hash bundles. */
const INK_HASHES_KEPT = 1024;

/**
 * The worker's directory of callees. Whether a contract is callable is read from the chain at the
 * executing block (deployed at or before the call's block, in the caller's cluster), so every
 * replica decides alike; whether this worker can run it is its own business: when it cannot (no key
 * yet, or a replay, `live` false), the call is unavailable and the caller's command must not
 * complete here (the worker makes the caller wait for a commit).
 */
export class CallDirectory implements ContractDirectory {
  /** Set by the worker while it executes a block's calls live (not while replaying a late contract). */
  live = false;
  private state: StateReader | undefined;
  private readonly inkHashes = new Map<string, Uint8Array | undefined>();

  constructor(
    private readonly instances: ReadonlyMap<string, ContractInstance>,
    readonly workerPublicKey?: Uint8Array,
  ) {}

  /** The chain state of the block being executed. */
  at(state: StateReader): void {
    this.state = state;
  }

  private clusterOf(contract: Uint8Array): Uint8Array | undefined {
    return this.state === undefined ? undefined : Phat.Contracts.get(this.state, contract)?.info.clusterId;
  }

  callee(caller: CallableContract, target: Uint8Array, block: number, query: boolean): ContractInstance | undefined {
    const state = this.state;
    if (state === undefined || equalBytes(target, caller.id)) return undefined;
    const record = Phat.Contracts.get(state, target);
    const cluster = this.clusterOf(caller.id);
    if (record?.deployedAt === undefined || record.deployedAt > block) return undefined;
    if (cluster === undefined || !equalBytes(record.info.clusterId, cluster)) return undefined;
    const instance = this.instances.get(hexOf(target));
    if (!(this.live || query) || instance === undefined || !instance.initialized) throw calleeUnavailable();
    return instance;
  }

  inkCode(caller: CallableContract, codeHash: Uint8Array): string | undefined {
    const state = this.state;
    const cluster = this.clusterOf(caller.id);
    if (state === undefined || cluster === undefined) return undefined;
    for (const contract of Phat.ClusterContracts.get(state, cluster) ?? []) {
      const chainHash = Phat.Contracts.get(state, contract)?.info.codeHash;
      if (chainHash === undefined) continue;
      const key = hexOf(chainHash);
      let code: string | undefined;
      if (!this.inkHashes.has(key)) {
        const bytes = Phat.Codes.get(state, chainHash);
        code = bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
        if (this.inkHashes.size >= INK_HASHES_KEPT) this.inkHashes.clear();
        this.inkHashes.set(key, code === undefined ? undefined : inkCodeHashOf(code));
      }
      const inkHash = this.inkHashes.get(key);
      if (inkHash === undefined || !equalBytes(inkHash, codeHash)) continue;
      if (code !== undefined) return code;
      const bytes = Phat.Codes.get(state, chainHash);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    }
    return undefined;
  }
}
