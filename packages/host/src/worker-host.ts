import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Keypair } from '@phalanx/crypto';
import { isPhalanxError, type PhalanxError } from '@phalanx/errors';
import { ECALL_API_VERSION, type EnclaveInfo } from '@phalanx/pruntime/ecall';
import { blockWithChanges } from './chain-data.js';
import { EgressRelay } from './egress.js';
import { EnclaveThread } from './enclave-thread.js';
import { badCheckpoint, HOST_EXIT_CODES, type HostFailure, hostExitCode, pRuntimeHalted } from './failures.js';
import { loadMachineSecret, readFileIfExists } from './files.js';
import type { HostLogger } from './log.js';
import { NodeLink, type ReconnectPolicy } from './node-link.js';
import { servePublicEndpoint } from './public-endpoint.js';
import { WorkerSync } from './worker-sync.js';

export interface WorkerHostConfig {
  readonly rpc: string;
  readonly dataDir: string;
  /** Only `sim` exists on this machine kind; `dstack` needs a TDX guest agent. */
  readonly tee: 'sim';
  readonly port: number;
  readonly publicUrl: string;
  /** The operator account that signs this worker's registration and egress. */
  readonly operator: Keypair;
  /**
   * Signs the dev-chain shortcuts that go through sudo (allowing the simulated measurement, and with
   * `gatekeeper` registering this worker as one). Default: the operator. They run only when this key
   * holds the chain's sudo key.
   */
  readonly sudo?: Keypair;
  readonly log: HostLogger;
  /** Blocks between sealed checkpoints. */
  readonly checkpointEvery?: number;
  /** Ask (through sudo, on a dev chain where the sudo signer holds the sudo key) to make this worker a gatekeeper. */
  readonly gatekeeper?: boolean;
  /** Let contract queries fetch loopback and private addresses (development only; refused by default). */
  readonly allowPrivateFetch?: boolean;
  /** Backoff and give-up time of reconnecting to the node (defaults: `DEFAULT_RECONNECT`). */
  readonly reconnect?: ReconnectPolicy;
  /**
   * How long a halted host stays up (serving GET /info with the reason, refusing queries) before it
   * stops by itself with exit code 76; undefined (the default): until it is stopped.
   */
  readonly haltLingerMs?: number;
  /** Tests only: another enclave entry module speaking the same thread protocol (default: the pRuntime's). */
  readonly enclaveEntry?: URL;
}

export interface RunningWorkerHost {
  readonly port: number;
  info(): Promise<EnclaveInfo>;
  /** Resolves once the chain lists this worker as registered. */
  registered(): Promise<EnclaveInfo>;
  /**
   * Resolves if the host stops by itself: its enclave thread died, or the node stayed unreachable
   * past the give-up time. It has then already stopped; its process should exit with `exitCode`.
   */
  readonly failed: Promise<HostFailure>;
  /**
   * Resolves if the pRuntime halts (its light client refused what the node served). The host then
   * stays up, halted: GET /info reports `halted`, POST /query is refused, no block is followed; its
   * process should end with `exitCode` (76) when stopped.
   */
  readonly halted: Promise<HostFailure>;
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
  let sync: WorkerSync | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let fail: (failure: HostFailure) => void = () => undefined;
  const failed = new Promise<HostFailure>((resolve) => {
    fail = resolve;
  });
  let halt: (failure: HostFailure) => void = () => undefined;
  const halted = new Promise<HostFailure>((resolve) => {
    halt = resolve;
  });
  const link = await NodeLink.open(config.rpc, log, config.reconnect ?? {}, {
    connected: async (client) => {
      if (sync?.halted !== undefined) return;
      unsubscribe = await client.rpc.subscribe(
        'chain_subscribeNewHeads',
        [],
        'chain_unsubscribeNewHeads',
        () => sync?.schedule(),
        () => link.dropped(),
      );
      sync?.schedule(); // resume from the pRuntime's verified position
    },
    fatal: (error) => void stopOnFailure(error),
  });
  const stops: (() => Promise<void> | void)[] = [() => link.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0)) {
      try {
        await stop();
      } catch (error) {
        log.warn(`while stopping: ${isPhalanxError(error) ? `${error.code}: ${error.message}` : 'unexpected error'}`);
      }
    }
  };
  let stopping: Promise<void> | undefined;
  const stopOnce = () => {
    stopping ??= stopAll();
    return stopping;
  };
  const stopOnFailure = async (error: PhalanxError, exitCode = hostExitCode(error), logged = false) => {
    if (stopping !== undefined) return;
    if (!logged) log.error(`${error.code}: ${error.message}`);
    await stopOnce();
    fail({ error, exitCode });
  };
  // A halted host lingers (if asked to) only once it is up: a halt in the first catch-up comes before its server.
  let started = false;
  let haltError: PhalanxError | undefined;
  const linger = () => {
    const error = haltError;
    if (error === undefined || config.haltLingerMs === undefined || stopping !== undefined) return;
    const timer = setTimeout(() => void stopOnFailure(error, HOST_EXIT_CODES.nodeLied, true), config.haltLingerMs);
    stops.unshift(() => clearTimeout(timer));
  };
  /** Halted: say why, stop following the node (nothing it serves counts now), stay up unless told to linger. */
  const onHalt = (refusal: PhalanxError) => {
    haltError = pRuntimeHalted(refusal, config.rpc);
    log.error(`${haltError.code}: ${haltError.message}`);
    halt({ error: haltError, exitCode: HOST_EXIT_CODES.nodeLied });
    const following = unsubscribe;
    unsubscribe = undefined;
    void (following?.() ?? Promise.resolve()).catch(() => undefined).then(() => link.close());
    if (started) linger();
  };
  try {
    const enclave = await EnclaveThread.start(
      {
        machineSecret: loadMachineSecret(join(config.dataDir, 'machine.secret')),
        allowPrivateFetch: config.allowPrivateFetch === true,
      },
      config.enclaveEntry,
    );
    stops.unshift(() => enclave.stop());
    void enclave.lost.then((error) => stopOnFailure(error));
    await resumeOrInit(enclave, link, config, checkpointPath);
    const egress = new EgressRelay(link, { operator: config.operator, sudo: config.sudo ?? config.operator, log });
    sync = new WorkerSync(enclave, link, egress, {
      checkpointPath,
      checkpointEvery: config.checkpointEvery ?? 50,
      gatekeeper: config.gatekeeper === true,
      log,
      onHalt,
    });
    const running = sync;
    await running.persist();
    await running.catchUp();
    if (running.halted === undefined) await link.start();
    stops.unshift(async () => {
      await unsubscribe?.();
      await running.idle();
      await running.persist();
    });
    const haltReason = () => (running.halted === undefined ? undefined : `${running.halted.code}: ${running.halted.message}`);
    const server = await servePublicEndpoint(config.port, () => running.enclaveInfo(), enclave, haltReason);
    stops.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    started = true;
    linger();
    return {
      port: (server.address() as AddressInfo).port,
      info: () => running.enclaveInfo(),
      registered: () => running.registered(),
      failed,
      halted,
      stop: stopOnce,
    };
  } catch (error) {
    await stopOnce();
    throw error;
  }
}

/** Resume from the sealed checkpoint if there is one, else Init from the node's genesis. */
async function resumeOrInit(enclave: EnclaveThread, link: NodeLink, config: WorkerHostConfig, path: string): Promise<void> {
  const sealed = readFileIfExists(path);
  if (sealed !== undefined) {
    try {
      await enclave.call({ tag: 'Resume', value: { apiVersion: ECALL_API_VERSION, sealed, endpoints: [config.publicUrl] } });
    } catch (error) {
      if (isPhalanxError(error, 'SEAL_INVALID')) throw badCheckpoint(path, error);
      throw error;
    }
    config.log.info('pRuntime resumed from its sealed checkpoint');
    return;
  }
  const client = link.client;
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
  config.log.info('pRuntime initialised: new identity keys made inside the enclave');
}
