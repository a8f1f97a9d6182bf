import { CommChannels, equalBytes, generateKeypair, Sr25519Keypair } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { type Envelope, type Header, type WorkerInfo, workerReportData } from '@phalanx/primitives';
import { Mq, Phat, Registry, RUNTIME, Threshold } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { ContractEngine } from '../contracts/engine.js';
import { EngineRouter } from '../contracts/engine-router.js';
import type { Fetcher } from '../contracts/fetcher.js';
import { InkEngine } from '../contracts/ink/engine.js';
import { QuickJsEngine } from '../contracts/quickjs-engine.js';
import { LightClient } from '../light-client/light-client.js';
import type { Tee } from '../tee/tee.js';
import { type CheckpointSealer, refuseCheckpoint, sealCheckpoint, unsealCheckpoint } from './checkpoint.js';
import { ContractWorker } from './contract-worker.js';
import { receiveContractKeys } from './contracts.js';
import { ECALL_API_VERSION, EcallRequest, EcallResponse, type EgressItem, type EnclaveInfo } from './ecall.js';
import { EcdhKeys } from './ecdh-keys.js';
import { forgetWholeKey, type GatekeeperState, gatekeeperDuty, newGatekeeperState } from './gatekeeper.js';
import { heartbeatDuty, isHeartbeat } from './heartbeat.js';
import { answerQuery } from './query.js';
import { QueryGuard } from './query-guard.js';
import { QueryRateLimit } from './query-rate.js';
import { dkgDuty } from './threshold/dkg-duty.js';
import { newThresholdHolder, type ThresholdHolder } from './threshold/holder.js';
import { answerKeyRequests } from './threshold/key-answers.js';
import { ContractKeyCombiner } from './threshold/key-combiner.js';
import { sealedShare, sharedMasterKey } from './threshold/mode.js';
import { refreshDuty } from './threshold/refresh-duty.js';
import { reshareDuty } from './threshold/reshare-duty.js';
import { OriginSequences } from './threshold/sequences.js';

interface Running {
  readonly identity: Sr25519Keypair;
  /** The current EcdhKey, the previous one in its grace window, a rotation in flight. */
  readonly ecdh: EcdhKeys;
  readonly genesisHeader: Header;
  /** What this pRuntime registered (its EcdhKey follows rotations). */
  info: WorkerInfo;
  readonly client: LightClient;
  registeredAt: number | undefined;
  readonly gatekeeper: GatekeeperState;
  /** The gatekeeper role under a threshold MasterKey: DKG rounds and the share. */
  readonly threshold: ThresholdHolder;
  /** The worker side of threshold deployment: gatekeepers' answers combined into contract seeds. */
  readonly combiner: ContractKeyCombiner;
  readonly sequences: OriginSequences;
  readonly heartbeat: { block: number | undefined };
  /** The contracts this worker runs. */
  readonly contracts: ContractWorker;
}

/**
 * The pRuntime: everything inside the enclave, driven by ecalls. It makes its IdentityKey and
 * EcdhKey itself (CSPRNG, never leaving in plaintext), follows the chain through its light
 * client, asks the host to register it (WorkerInfo + attestation over its hash), and seals its
 * state so a restart resumes where it stopped. Roles (worker, gatekeeper) build on this.
 */
export class PRuntime {
  private readonly tee: Tee;
  private running: Running | undefined;
  private egress: EgressItem[] = [];
  private readonly queries = new QueryGuard();
  private readonly queryRate = new QueryRateLimit();
  private engineInstance: ContractEngine | undefined;
  private readonly fetcher: Fetcher | undefined;

  /** `fetcher`: how `ctx.http.fetch` reaches the network from inside the enclave (none: refused). */
  constructor(tee: Tee, options: { fetcher?: Fetcher } = {}) {
    this.tee = tee;
    this.fetcher = options.fetcher;
  }

  private channels: CommChannels | undefined;

  private previous: CommChannels | undefined;

  /** Channels of the EcdhKey in its grace window after a rotation. */
  private previousChannels(key: Sr25519Keypair): CommChannels {
    if (this.previous?.self !== key) this.previous = new CommChannels(key);
    return this.previous;
  }

  /** Query channel keys per client session key (one agreement per session, not per query). */
  private queryChannels(running: Running): CommChannels {
    if (this.channels?.self !== running.ecdh.current) this.channels = new CommChannels(running.ecdh.current);
    return this.channels;
  }

  private async engine(): Promise<ContractEngine> {
    this.engineInstance ??= new EngineRouter(await QuickJsEngine.create(), new InkEngine({ clock: () => performance.now() }));
    return this.engineInstance;
  }

  /** Handles one SCALE-encoded ecall; every failure becomes an `Error` response, never a throw. */
  async handle(request: Uint8Array): Promise<Uint8Array> {
    let response: EcallResponse;
    try {
      response = await this.dispatch(decode(EcallRequest, request));
    } catch (error) {
      response = {
        tag: 'Error',
        value: isPhalanxError(error)
          ? { code: error.code, message: error.message.slice(0, 1000), reason: reasonOf(error) }
          : { code: 'INTERNAL', message: 'the pRuntime failed unexpectedly', reason: undefined },
      };
    }
    return encode(EcallResponse, response);
  }

  private async dispatch(request: EcallRequest): Promise<EcallResponse> {
    switch (request.tag) {
      case 'Init':
        return this.init(request.value);
      case 'Resume':
        return this.resume(request.value);
      case 'FeedBlock': {
        const running = this.require();
        running.client.importBlock(request.value.header, request.value.changes, request.value.proof);
        const state = running.client.verifiedState;
        const record = Registry.Workers.get(state, running.identity.publicKey);
        if (record !== undefined) running.registeredAt = record.registeredAt;
        const blockNumber = running.client.best.number;
        const inbound = running.client.inboundMessages();
        this.egress.push(...running.ecdh.onBlock(running.identity, state, blockNumber));
        if (!equalBytes(running.info.ecdhPubkey, running.ecdh.current.publicKey))
          running.info = { ...running.info, ecdhPubkey: running.ecdh.current.publicKey };
        const open = (envelope: Envelope, ad: Uint8Array) => running.ecdh.open(envelope, ad);
        const duty = {
          identity: running.identity,
          ecdh: running.ecdh.current,
          open,
          state,
          blockNumber,
          inbound,
          sequences: running.sequences,
        };
        // A resharing (a whole key moving to shares, or the group to a new committee) runs beside either duty.
        this.egress.push(...reshareDuty(running.threshold, running.gatekeeper.master, duty));
        if (Threshold.Group.get(state) !== undefined && running.gatekeeper.master !== undefined)
          forgetWholeKey(running.gatekeeper);
        if (sharedMasterKey(state)) {
          this.egress.push(
            ...dkgDuty(running.threshold, duty),
            ...refreshDuty(running.threshold, duty),
            ...answerKeyRequests(running.threshold, duty),
          );
        } else {
          this.egress.push(...gatekeeperDuty(running.gatekeeper, duty));
        }
        const newKeys = receiveContractKeys(open, running.identity.publicKey, state, inbound);
        const combined = running.combiner.onBlock(state, blockNumber, inbound);
        for (const [id, seed] of combined.keys) newKeys.set(id, seed);
        this.egress.push(...combined.egress);
        const header = running.client.best.header;
        const entries = () => running.client.stateEntries();
        this.egress.push(...(await running.contracts.onBlock({ header, state, inbound, entries, newKeys })));
        const answer = heartbeatDuty(running.identity, state, running.heartbeat);
        if (answer.length > 0) {
          // Catching up, only the newest challenge can still be answered: drop older pending answers.
          this.egress = this.egress.filter((item) => !isHeartbeat(item));
          this.egress.push(...answer);
        }
        return { tag: 'Ok', value: null };
      }
      case 'GetInfo':
        return { tag: 'Info', value: this.info() };
      case 'TakeEgress': {
        // State commits wait in the worker role until taken: after a catch-up, only the newest acceptable one leaves.
        const items = [...this.egress, ...this.require().contracts.takeCommits()];
        this.egress = [];
        return { tag: 'Egress', value: items };
      }
      case 'Checkpoint':
        return { tag: 'Sealed', value: await this.checkpoint() };
      case 'Query': {
        const running = this.require();
        const state = running.client.verifiedState;
        const chainId = Mq.ChainId.get(state) ?? new Uint8Array(32);
        const chainTime = running.client.best.header.timestamp;
        const block = { number: running.client.best.number, timestamp: Number(chainTime) };
        const contracts = { instances: running.contracts.instances, engine: await this.engine(), block, fetcher: this.fetcher };
        // Sealed to the current EcdhKey, or to the previous one while its grace window lasts (a
        // query in flight across a rotation); authentication fails before anything is counted.
        const keys: CommChannels[] = [this.queryChannels(running)];
        if (running.ecdh.previous !== undefined) keys.push(this.previousChannels(running.ecdh.previous.key));
        for (const [i, channels] of keys.entries()) {
          try {
            const answer = await answerQuery(
              channels,
              chainId,
              chainTime,
              this.queries,
              this.queryRate,
              running.info,
              request.value,
              contracts,
            );
            return { tag: 'QueryAnswer', value: answer };
          } catch (error) {
            if (i === keys.length - 1 || !isPhalanxError(error, 'DECRYPTION_FAILED')) throw error;
          }
        }
        throw new PhalanxError('INTERNAL', 'no EcdhKey to answer with');
      }
    }
  }

  private async init(args: Extract<EcallRequest, { tag: 'Init' }>['value']): Promise<EcallResponse> {
    if (this.running !== undefined) throw new PhalanxError('INVALID_INPUT', 'the pRuntime is already initialised');
    if (args.apiVersion !== ECALL_API_VERSION)
      throw new PhalanxError('INVALID_INPUT', `ecall API ${args.apiVersion} is not ${ECALL_API_VERSION}`);
    const client = LightClient.fromGenesis(args.genesisHash, args.genesisHeader, args.genesisState);
    const identity = generateKeypair('sr25519') as Sr25519Keypair;
    const ecdh = generateKeypair('sr25519') as Sr25519Keypair;
    const ecdhKeys = new EcdhKeys(ecdh);
    const info: WorkerInfo = {
      identityPubkey: identity.publicKey,
      ecdhPubkey: ecdh.publicKey,
      runtimeVersion: RUNTIME.specVersion,
      endpoints: args.endpoints,
      features: [],
      operator: args.operator,
    };
    this.running = {
      identity,
      ecdh: ecdhKeys,
      genesisHeader: args.genesisHeader,
      info,
      client,
      registeredAt: undefined,
      gatekeeper: newGatekeeperState(),
      threshold: newThresholdHolder(),
      combiner: new ContractKeyCombiner(identity.publicKey, (envelope, ad) => ecdhKeys.open(envelope, ad)),
      sequences: new OriginSequences(),
      heartbeat: { block: undefined },
      contracts: new ContractWorker(await this.engine(), identity),
    };
    await this.queueRegistration();
    return { tag: 'Ok', value: null };
  }

  private async resume(args: Extract<EcallRequest, { tag: 'Resume' }>['value']): Promise<EcallResponse> {
    if (this.running !== undefined) throw new PhalanxError('INVALID_INPUT', 'the pRuntime is already initialised');
    if (args.apiVersion !== ECALL_API_VERSION)
      throw new PhalanxError('INVALID_INPUT', `ecall API ${args.apiVersion} is not ${ECALL_API_VERSION}`);
    const body = unsealCheckpoint(await this.sealer(), args.sealed);
    const identity = Sr25519Keypair.fromSecret(body.identitySecret);
    const ecdh = Sr25519Keypair.fromSecret(body.ecdhSecret);
    const ecdhKeys = new EcdhKeys(ecdh);
    if (body.previousEcdh !== undefined)
      ecdhKeys.previous = { key: Sr25519Keypair.fromSecret(body.previousEcdh.secret), until: body.previousEcdh.until };
    if (body.pendingEcdh !== undefined)
      ecdhKeys.pending = { key: Sr25519Keypair.fromSecret(body.pendingEcdh.secret), sentAt: body.pendingEcdh.sentAt };
    if (!equalBytes(identity.publicKey, body.info.identityPubkey) || !equalBytes(ecdh.publicKey, body.info.ecdhPubkey)) {
      throw refuseCheckpoint('tampered', 'the checkpoint keys do not match its WorkerInfo');
    }
    const client = LightClient.fromCheckpoint(body.genesisHash, body.bestHeader, body.state, body.genesisHeader, body.finality);
    const gatekeeper = newGatekeeperState();
    if (body.masterSecret !== undefined) gatekeeper.master = Sr25519Keypair.fromSecret(body.masterSecret);
    if (body.proposedSecret !== undefined) gatekeeper.proposed = Sr25519Keypair.fromSecret(body.proposedSecret);
    for (const key of body.handedTo) gatekeeper.handedTo.add(Buffer.from(key).toString('hex'));
    const holder = newThresholdHolder();
    if (body.thresholdShare !== undefined) {
      holder.share = body.thresholdShare.share;
      holder.seeds = body.thresholdShare.seeds;
      holder.session = body.thresholdShare.session;
    }
    this.running = {
      identity,
      ecdh: ecdhKeys,
      genesisHeader: body.genesisHeader,
      info: body.info,
      client,
      registeredAt: body.registeredAt,
      gatekeeper,
      threshold: holder,
      combiner: new ContractKeyCombiner(identity.publicKey, (envelope, ad) => ecdhKeys.open(envelope, ad)),
      sequences: new OriginSequences(),
      heartbeat: { block: undefined },
      contracts: new ContractWorker(await this.engine(), identity),
    };
    if (body.contracts.length > 0) {
      this.running.contracts.restore(body.contracts, (contract) => {
        const record = Phat.Contracts.get(client.verifiedState, contract);
        const code = record === undefined ? undefined : Phat.Codes.get(client.verifiedState, record.info.codeHash);
        return code === undefined ? undefined : Buffer.from(code).toString('utf8');
      });
    }
    // Re-register when the registration is missing or stale: new endpoints, or an upgraded runtime.
    const running = this.running;
    const endpointsChanged = JSON.stringify(args.endpoints) !== JSON.stringify(body.info.endpoints);
    if (endpointsChanged || body.info.runtimeVersion !== RUNTIME.specVersion) {
      this.running = { ...running, info: { ...body.info, endpoints: args.endpoints, runtimeVersion: RUNTIME.specVersion } };
      await this.queueRegistration();
    } else if (body.registeredAt === undefined) {
      await this.queueRegistration();
    }
    return { tag: 'Ok', value: null };
  }

  private async queueRegistration(): Promise<void> {
    const { info } = this.require();
    const attestation = await this.tee.attest(workerReportData(info));
    this.egress.push({ tag: 'RegisterWorker', value: { info, attestation } });
  }

  private info(): EnclaveInfo {
    const running = this.require();
    const best = running.client.best;
    return {
      apiVersion: ECALL_API_VERSION,
      info: running.info,
      tee: this.tee.kind,
      insecure: this.tee.insecure ? (this.tee.warning ?? 'insecure TEE backend') : undefined,
      bestNumber: best.number,
      bestHash: best.hash,
      registered: running.registeredAt,
      halted: running.client.halted,
      masterPubkey: running.gatekeeper.master?.publicKey,
      refusedKeyAnswers: running.combiner.refused.map((r) => ({
        contract: new Uint8Array(Buffer.from(r.contract, 'hex')),
        gatekeeper: r.index,
        reason: r.reason.slice(0, 256),
      })),
      keyShare:
        running.threshold.share === undefined
          ? undefined
          : { index: running.threshold.share.index, epoch: running.threshold.share.epoch },
      contracts: [...running.contracts.instances.values()].map((instance) => instance.id),
    };
  }

  private async checkpoint(): Promise<Uint8Array> {
    const running = this.require();
    return sealCheckpoint(await this.sealer(), {
      identitySecret: running.identity.exportSecret(),
      ecdhSecret: running.ecdh.current.exportSecret(),
      previousEcdh:
        running.ecdh.previous === undefined
          ? undefined
          : { secret: running.ecdh.previous.key.exportSecret(), until: running.ecdh.previous.until },
      pendingEcdh:
        running.ecdh.pending === undefined
          ? undefined
          : { secret: running.ecdh.pending.key.exportSecret(), sentAt: running.ecdh.pending.sentAt },
      genesisHash: running.client.genesisHash,
      genesisHeader: running.genesisHeader,
      bestHeader: running.client.best.header,
      info: running.info,
      registeredAt: running.registeredAt,
      masterSecret: running.gatekeeper.master?.exportSecret(),
      proposedSecret: running.gatekeeper.proposed?.exportSecret(),
      contracts: running.contracts.snapshot(),
      handedTo: [...running.gatekeeper.handedTo].map((id) => new Uint8Array(Buffer.from(id, 'hex'))),
      thresholdShare: sealedShare(running.threshold),
      state: running.client.stateEntries(),
      finality: running.client.finality.checkpoint(),
    });
  }

  private async sealer(): Promise<CheckpointSealer> {
    return { sealingKey: await this.tee.sealingKey(), measurement: await this.tee.measurement() };
  }

  private require(): Running {
    if (this.running === undefined)
      throw new PhalanxError('INVALID_INPUT', 'the pRuntime is not initialised: send Init or Resume first');
    return this.running;
  }
}

/** An error's machine-readable reason, when it has a short one (`details.reason`: lowercase words and dashes). */
function reasonOf(error: PhalanxError): string | undefined {
  const reason = error.details.reason;
  return typeof reason === 'string' && /^[a-z][a-z-]{0,31}$/.test(reason) ? reason : undefined;
}
