import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { equalBytes, type Keypair, toHex } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { Envelope } from '@phalanx/primitives';
import { ECALL_API_VERSION, type EgressItem, type EnclaveInfo } from '@phalanx/pruntime';
import { Registry, Sudo } from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import { connect, type PhalanxClient } from '@phalanx/sdk';
import { blockWithChanges } from './chain-data.js';
import { EnclaveThread } from './enclave-thread.js';
import { loadMachineSecret, pruntimeBuildHash, readFileIfExists, writeFileAtomic } from './files.js';
import type { HostLogger } from './log.js';

export interface WorkerHostConfig {
  readonly rpc: string;
  readonly dataDir: string;
  /** Only `sim` exists on this machine kind; `dstack` needs a TDX guest agent. */
  readonly tee: 'sim';
  readonly port: number;
  readonly publicUrl: string;
  /** The operator account that signs this worker's registration and egress. */
  readonly operator: Keypair;
  readonly log: HostLogger;
  /** Blocks between sealed checkpoints. */
  readonly checkpointEvery?: number;
  /** Ask (through sudo, on a dev chain where the operator holds the sudo key) to make this worker a gatekeeper. */
  readonly gatekeeper?: boolean;
  /** Let contract queries fetch loopback and private addresses (development only; refused by default). */
  readonly allowPrivateFetch?: boolean;
}

export interface RunningWorkerHost {
  readonly port: number;
  info(): Promise<EnclaveInfo>;
  /** Resolves once the chain lists this worker as registered. */
  registered(): Promise<EnclaveInfo>;
  stop(): Promise<void>;
}

/**
 * The untrusted side of a worker: starts the pRuntime, relays blocks and state changes into it,
 * submits what it asks to put on chain, stores its sealed checkpoint, and serves public info. It
 * sees no secret: only ciphertext (the checkpoint), public keys, signatures and hashes.
 */
export async function startWorkerHost(config: WorkerHostConfig): Promise<RunningWorkerHost> {
  const { log } = config;
  const checkpointPath = join(config.dataDir, 'pruntime.sealed');
  const client = await connect(config.rpc);
  const stops: (() => Promise<void> | void)[] = [() => client.close()];
  try {
    const enclave = await EnclaveThread.start({
      machineSecret: loadMachineSecret(join(config.dataDir, 'machine.secret')),
      buildHash: pruntimeBuildHash(),
      allowPrivateFetch: config.allowPrivateFetch === true,
    });
    stops.unshift(() => enclave.stop());
    const sealed = readFileIfExists(checkpointPath);
    if (sealed !== undefined) {
      try {
        await enclave.call({ tag: 'Resume', value: { apiVersion: ECALL_API_VERSION, sealed, endpoints: [config.publicUrl] } });
      } catch (error) {
        if (!isPhalanxError(error, 'SEAL_INVALID')) throw error;
        // Sealing is bound to the machine and the pRuntime build, as in a real TEE: an upgraded build cannot open it.
        throw new PhalanxError(
          'SEAL_INVALID',
          `cannot resume from ${checkpointPath}: it was sealed by another pRuntime build or machine (after an upgrade?). ` +
            'This worker cannot come back; start a new worker with a new --data-dir (on a devnet: phalanx devnet --reset)',
        );
      }
      log.info('pRuntime resumed from its sealed checkpoint');
    } else {
      const genesis = await blockWithChanges(client, 0);
      await enclave.call({
        tag: 'Init',
        value: {
          apiVersion: ECALL_API_VERSION,
          genesisHash: client.genesisHash,
          genesisHeader: genesis.header,
          genesisState: genesis.changes.map(([key, value]) => [key, value ?? new Uint8Array()]),
          endpoints: [config.publicUrl],
          operator: config.operator.publicKey,
        },
      });
      log.info('pRuntime initialised: new identity keys made inside the enclave');
    }
    const host = new Host(enclave, client, config, checkpointPath);
    await host.persist();
    await host.catchUp();
    const unsubscribe = await client.rpc.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads', () =>
      host.schedule(),
    );
    stops.unshift(async () => {
      await unsubscribe();
      await host.idle();
      await host.persist();
    });
    const server = await serveInfo(config.port, () => host.enclaveInfo(), enclave);
    stops.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return {
      port: (server.address() as AddressInfo).port,
      info: () => host.enclaveInfo(),
      registered: () => host.registered(),
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }
}

class Host {
  private working: Promise<void> = Promise.resolve();
  private scheduled = false;
  private sinceCheckpoint = 0;
  private readonly waiters: ((info: EnclaveInfo) => void)[] = [];
  private gatekeeperRequested = false;

  constructor(
    private readonly enclave: EnclaveThread,
    private readonly client: PhalanxClient,
    private readonly config: WorkerHostConfig,
    private readonly checkpointPath: string,
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
      await this.catchUp().catch((error: unknown) =>
        this.config.log.error(`sync failed: ${isPhalanxError(error) ? `${error.code}: ${error.message}` : 'unexpected error'}`),
      );
    });
  }

  idle(): Promise<void> {
    return this.working;
  }

  /** Feeds every block the enclave has not seen, then relays its egress. */
  async catchUp(): Promise<void> {
    const head = (await this.client.header())?.number ?? 0;
    let info = await this.enclaveInfo();
    for (let number = info.bestNumber + 1; number <= head; number++) {
      const { header, changes } = await blockWithChanges(this.client, number);
      await this.enclave.call({ tag: 'FeedBlock', value: { header, changes } });
      if (++this.sinceCheckpoint >= (this.config.checkpointEvery ?? 50)) await this.persist();
    }
    await this.relayEgress();
    info = await this.enclaveInfo();
    if (info.registered !== undefined && this.config.gatekeeper === true && !this.gatekeeperRequested) {
      this.gatekeeperRequested = true;
      await this.requestGatekeeper(info.info.identityPubkey);
    }
    if (info.registered !== undefined && this.waiters.length > 0) {
      await this.persist();
      for (const resolve of this.waiters.splice(0)) resolve(info);
    }
  }

  async persist(): Promise<void> {
    const response = await this.enclave.call({ tag: 'Checkpoint', value: null });
    if (response.tag === 'Sealed') writeFileAtomic(this.checkpointPath, response.value);
    this.sinceCheckpoint = 0;
  }

  private async relayEgress(): Promise<void> {
    const response = await this.enclave.call({ tag: 'TakeEgress', value: null });
    if (response.tag !== 'Egress') return;
    // Registrations first and alone (later items may depend on them); the rest go out together,
    // each with its own nonce, so one block carries them all.
    const registrations = response.value.filter((item) => item.tag === 'RegisterWorker');
    const rest = response.value.filter((item) => item.tag !== 'RegisterWorker');
    for (const item of registrations) await this.submitWithRetry(item, undefined);
    if (rest.length === 0) return;
    const base = await this.client.nextNonce(this.config.operator.publicKey);
    const results = await Promise.allSettled(rest.map((item, i) => this.submitWithRetry(item, base + i)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }

  /** Another process signing with the same operator can take our nonce: retry, never drop egress. */
  private async submitWithRetry(item: EgressItem, nonce: number | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.submitEgress(item, attempt === 1 ? nonce : undefined);
        return;
      } catch (error) {
        if (attempt >= 5 || !isPhalanxError(error) || (error.code !== 'TX_STALE' && error.code !== 'TX_FUTURE')) throw error;
      }
    }
  }

  private async submitEgress(item: EgressItem, nonce: number | undefined): Promise<void> {
    const options = nonce === undefined ? {} : { nonce };
    if (item.tag === 'RegisterWorker') {
      await this.allowDevMeasurement(item.value.attestation);
      const result = await this.client.signAndSubmit(
        this.config.operator,
        { tag: 'Registry', value: { tag: 'registerWorker', value: item.value } },
        options,
      );
      if (result.ok)
        this.config.log.info(
          `worker ${toHex(item.value.info.identityPubkey).slice(0, 18)}… registered in block #${result.block}`,
        );
      else this.config.log.error(`registration failed: ${result.error?.pallet}.${result.error?.error}: ${result.error?.message}`);
    } else if (item.tag === 'CommitState') {
      const result = await this.client.signAndSubmit(
        this.config.operator,
        { tag: 'Phat', value: { tag: 'commitState', value: { commit: item.value } } },
        options,
      );
      const { contract, block } = item.value.commit;
      if (!result.ok && result.error?.error !== 'StaleCommit') {
        this.config.log.warn(
          `state commit of ${toHex(contract).slice(0, 18)}… at #${block} refused: ${result.error?.pallet}.${result.error?.error}`,
        );
      }
    } else {
      const result = await this.client.signAndSubmit(
        this.config.operator,
        { tag: 'Mq', value: { tag: 'pushMessage', value: { signed: item.value } } },
        options,
      );
      const topic = Buffer.from(item.value.message.topic).toString('utf8');
      if (!result.ok) {
        this.config.log.warn(
          `message ${topic} #${item.value.sequence} refused: ${result.error?.pallet}.${result.error?.error}: ${result.error?.message}`,
        );
      }
    }
  }

  /** Dev chains: the operator, holding the sudo key, registers its own worker as a gatekeeper. */
  private async requestGatekeeper(identity: Uint8Array): Promise<void> {
    const raw = await this.client.storage(Registry.Gatekeepers.key);
    if (Registry.Gatekeepers.getOr({ get: () => raw }, []).some((key) => equalBytes(key, identity))) return;
    const sudoKey = await this.client.storage(Sudo.Key.key);
    if (sudoKey === undefined || !equalBytes(sudoKey, this.config.operator.publicKey)) {
      this.config.log.warn(
        '--gatekeeper: the operator does not hold the sudo key; ask governance for registry.registerGatekeeper',
      );
      return;
    }
    const call = { tag: 'Registry' as const, value: { tag: 'registerGatekeeper' as const, value: { identity } } };
    const result = await this.client.signAndSubmit(this.config.operator, {
      tag: 'Sudo',
      value: { tag: 'sudo', value: { call } },
    });
    this.config.log.info(`asked sudo to make this worker a gatekeeper (block #${result.block})`);
  }

  /**
   * Development convenience: a simulated measurement (the hash of this build) is allowed through
   * sudo when the operator holds the sudo key, as on a dev chain. Elsewhere governance must allow it.
   */
  private async allowDevMeasurement(attestation: { tag: string; value: unknown }): Promise<void> {
    if (attestation.tag !== 'Sim') return;
    const measurement = (attestation.value as { measurement: Uint8Array }).measurement;
    const rawAllowed = await this.client.storage(Registry.Measurements.key);
    const allowed = Registry.Measurements.getOr({ get: () => rawAllowed }, []);
    if (allowed.some((m) => equalBytes(m, measurement))) return;
    const sudoKey = await this.client.storage(Sudo.Key.key);
    if (sudoKey === undefined || !equalBytes(sudoKey, this.config.operator.publicKey)) {
      this.config.log.warn(`measurement ${toHex(measurement)} is not allowed on this chain: ask governance to add it`);
      return;
    }
    const call = { tag: 'Registry' as const, value: { tag: 'addMeasurement' as const, value: { measurement } } };
    await this.client.signAndSubmit(this.config.operator, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } });
    this.config.log.info(`dev chain: allowed the simulated measurement ${toHex(measurement).slice(0, 18)}… through sudo`);
  }
}

const MAX_QUERY_BYTES = 128 * 1024;

/** The public endpoint: GET /info (public facts) and POST /query (an encrypted query in, an encrypted answer out). */
async function serveInfo(port: number, info: () => Promise<EnclaveInfo>, enclave: EnclaveThread): Promise<Server> {
  const server = createServer((request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'POST' && request.url === '/query') {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_QUERY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        if (size > MAX_QUERY_BYTES)
          return json(413, { code: 'INVALID_INPUT', message: `a query is at most ${MAX_QUERY_BYTES} bytes` });
        let envelope: Envelope;
        try {
          envelope = decode(Envelope, new Uint8Array(Buffer.concat(chunks)));
        } catch {
          return json(400, { code: 'CODEC', message: 'the body must be a SCALE Envelope' });
        }
        enclave.call({ tag: 'Query', value: envelope }).then(
          (answer) => {
            if (answer.tag !== 'QueryAnswer') return json(500, { code: 'INTERNAL', message: 'unexpected answer' });
            response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(encode(Envelope, answer.value));
          },
          (error: unknown) =>
            json(
              400,
              isPhalanxError(error)
                ? { code: error.code, message: error.message }
                : { code: 'INTERNAL', message: 'query failed' },
            ),
        );
      });
      return;
    }
    if (request.method !== 'GET' || request.url !== '/info') return json(404, { error: 'GET /info or POST /query' });
    info().then(
      (value) =>
        json(200, {
          identity: toHex(value.info.identityPubkey),
          ecdh: toHex(value.info.ecdhPubkey),
          endpoints: value.info.endpoints,
          tee: value.tee,
          insecure: value.insecure ?? null,
          best: value.bestNumber,
          registeredAt: value.registered ?? null,
          halted: value.halted ?? null,
          masterPubkey: value.masterPubkey === undefined ? null : toHex(value.masterPubkey),
          contracts: value.contracts.map((id) => toHex(id)),
        }),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
