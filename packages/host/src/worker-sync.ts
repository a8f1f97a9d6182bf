import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import type { EnclaveInfo } from '@phalanx/pruntime/ecall';
import { blockWithChanges, consensusEngine, finalityProof } from './chain-data.js';
import type { EgressRelay } from './egress.js';
import type { EnclaveThread } from './enclave-thread.js';
import { writeFileAtomic } from './files.js';
import type { HostLogger } from './log.js';
import type { NodeLink } from './node-link.js';

export interface WorkerSyncOptions {
  readonly checkpointPath: string;
  /** Blocks between sealed checkpoints. */
  readonly checkpointEvery: number;
  /** Ask sudo to make this worker a gatekeeper once it is registered. */
  readonly gatekeeper: boolean;
  readonly log: HostLogger;
  /**
   * The pRuntime halted: its light client refused what the node served. Called once, with the
   * refusal's code and the pRuntime's own reason; no block is fed after it.
   */
  readonly onHalt: (refusal: PhalanxError) => void;
}

/**
 * Keeps the pRuntime in step with the node: feeds every block it has not verified yet (always from
 * its own verified position, so a reconnect or a restart resumes exactly there), relays its egress,
 * and stores its sealed checkpoint. One round at a time; a new head during a round asks for one more.
 */
export class WorkerSync {
  private working: Promise<void> = Promise.resolve();
  private scheduled = false;
  private sinceCheckpoint = 0;
  private readonly waiters: ((info: EnclaveInfo) => void)[] = [];
  private gatekeeperRequested = false;
  /** The chain's engine, asked once: it decides whether blocks come with a CometBFT proof. */
  private engine: 'dev' | 'cometbft' | undefined;
  private haltedBy: PhalanxError | undefined;

  constructor(
    private readonly enclave: EnclaveThread,
    private readonly link: NodeLink,
    private readonly egress: EgressRelay,
    private readonly options: WorkerSyncOptions,
  ) {}

  async enclaveInfo(): Promise<EnclaveInfo> {
    const response = await this.enclave.call({ tag: 'GetInfo', value: null });
    if (response.tag !== 'Info') throw new PhalanxError('INTERNAL', 'the pRuntime answered GetInfo with something else');
    return response.value;
  }

  registered(): Promise<EnclaveInfo> {
    return this.enclaveInfo().then((info) =>
      info.registered !== undefined ? info : new Promise((resolve) => this.waiters.push(resolve)),
    );
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.working = this.working.then(async () => {
      this.scheduled = false;
      await this.catchUp().catch(async (error: unknown) => {
        if (isPhalanxError(error, 'ENCLAVE_LOST')) return; // the host stops on that; nothing to add here
        if (isPhalanxError(error, 'CONNECTION') && !this.link.connected) return; // reconnecting: it resumes after
        const what = isPhalanxError(error) ? `${error.code}: ${error.message}` : 'unexpected error';
        this.options.log.error(`sync failed: ${what}`);
        await this.link.suspect(error);
      });
    });
  }

  /** Why the pRuntime halted (undefined while it follows the chain). */
  get halted(): PhalanxError | undefined {
    return this.haltedBy;
  }

  idle(): Promise<void> {
    return this.working;
  }

  /** Feeds every block the enclave has not seen, then relays its egress; nothing once halted. */
  async catchUp(): Promise<void> {
    if (this.haltedBy !== undefined) return;
    const client = this.link.client;
    const head = (await client.header())?.number ?? 0;
    let info = await this.enclaveInfo();
    this.engine ??= await consensusEngine(client);
    for (let number = info.bestNumber + 1; number <= head; number++) {
      // On CometBFT a block is provable once the next one is committed: until then it waits.
      const proof = await finalityProof(client, this.engine, number);
      if (proof === undefined) break;
      const { header, changes } = await blockWithChanges(client, number);
      try {
        await this.enclave.call({ tag: 'FeedBlock', value: { header, changes, proof } });
      } catch (error) {
        const halt = await this.haltOf(error, number);
        if (halt === undefined) throw error;
        this.haltedBy = halt;
        this.options.onHalt(halt);
        return; // its egress stays inside: nothing more goes to a node that lied
      }
      if (++this.sinceCheckpoint >= this.options.checkpointEvery) await this.persist();
    }
    const response = await this.enclave.call({ tag: 'TakeEgress', value: null });
    await this.egress.relay(response.tag === 'Egress' ? response.value : []);
    info = await this.enclaveInfo();
    if (info.registered !== undefined && this.options.gatekeeper && !this.gatekeeperRequested) {
      await this.egress.requestGatekeeper(info.info.identityPubkey);
      this.gatekeeperRequested = true;
    }
    if (info.registered !== undefined && this.waiters.length > 0) {
      await this.persist();
      for (const resolve of this.waiters.splice(0)) resolve(info);
    }
  }

  /**
   * Whether a failed FeedBlock halted the pRuntime: only the pRuntime's own word (`halted` in its
   * info) counts, so a passing failure (a lost connection, a bug) is not mistaken for a lie.
   */
  private async haltOf(error: unknown, block: number): Promise<PhalanxError | undefined> {
    if (!isPhalanxError(error) || error.code === 'ENCLAVE_LOST') return undefined;
    const reason = (await this.enclaveInfo()).halted;
    if (reason === undefined) return undefined;
    return new PhalanxError(error.code, reason, { details: { block } });
  }

  async persist(): Promise<void> {
    const response = await this.enclave.call({ tag: 'Checkpoint', value: null });
    if (response.tag === 'Sealed') writeFileAtomic(this.options.checkpointPath, response.value);
    this.sinceCheckpoint = 0;
  }
}
