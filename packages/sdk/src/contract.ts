import {
  blake2_256,
  CommChannels,
  contractId,
  fromHex,
  generateKeypair,
  type Keypair,
  randomBytes,
  type Sr25519Keypair,
  toSs58,
  utf8,
} from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type CallReceipt, type ContractEvent, openReceipt, sealCommand, sealInstantiateArgs } from '@phalanx/primitives';
import { type ContractRecord, type EventRecord, Phat, Registry } from '@phalanx/runtime';
import { checkMethodName, encodeCallArgs } from './call-input.js';
import { accountId, type PhalanxClient } from './client.js';
import { type CallOptions, gasTerms } from './gas-terms.js';
import { ReceiptStream } from './receipts.js';
import { queryWorker, workerQueryTarget } from './worker-query.js';

export interface DeployOptions {
  /** Distinguishes several instances of one code by one deployer (default: random). */
  readonly salt?: string | Uint8Array;
  /** The cluster (0x-hex id); default: the chain's only cluster. */
  readonly cluster?: string | Uint8Array;
  /** How long to wait for the gatekeepers and the constructor (default 60 s). */
  readonly timeoutMs?: number;
  /** The key the receipts are sealed to (default: a fresh one): see `Contract.withReceiptKey`. */
  readonly receiptKey?: Sr25519Keypair;
  /**
   * An ink! bundle's constructor by its metadata label (default: the one marked default, else
   * `new`). The constructor arguments then travel as `{"constructor": NAME, "args": [...]}`.
   */
  readonly inkConstructor?: string;
}

export interface CallResult<T = unknown> {
  readonly ok: boolean;
  readonly result: T | null;
  readonly error?: string;
  readonly gasUsed: number;
  readonly block: number;
  readonly events: readonly ContractEvent[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** A contract's address (SS58 of its id) or id (0x-hex or bytes). */
export function contractAddress(contract: string | Uint8Array): Uint8Array {
  return accountId(contract);
}

async function readRecord(client: PhalanxClient, contract: Uint8Array): Promise<ContractRecord | undefined> {
  const raw = await client.storage(Phat.Contracts.keyOf(contract));
  return Phat.Contracts.get({ get: () => raw }, contract);
}

async function defaultCluster(client: PhalanxClient): Promise<Uint8Array> {
  const clusters: Uint8Array[] = [];
  for await (const [key] of client.statePairs({ prefix: Phat.Clusters.prefix }))
    clusters.push(Phat.Clusters.mapKeyOf(fromHex(key, 'key')));
  if (clusters.length !== 1) {
    throw new PhalanxError('INVALID_INPUT', `the chain has ${clusters.length} clusters: choose one with the cluster option`);
  }
  return clusters[0] as Uint8Array;
}

/** Waits for a call's receipt (the caller's receipt stream) and opens it with the caller's session key. */
async function waitReceipt(
  client: PhalanxClient,
  contract: Uint8Array,
  caller: Uint8Array,
  session: Sr25519Keypair | CommChannels,
  sequence: bigint | undefined,
  from: number,
  timeoutMs: number,
): Promise<{ receipt: CallReceipt; block: number }> {
  const found = await ReceiptStream.for(client, contract, caller).wait(sequence, from, timeoutMs);
  return { receipt: openReceipt(session, found.receipt, contract, sequence), block: found.block };
}

function resultOf<T>(receipt: CallReceipt, block: number): CallResult<T> {
  return {
    ok: receipt.ok,
    result: receipt.ok ? (JSON.parse(receipt.result) as T) : null,
    ...(receipt.ok ? {} : { error: receipt.error }),
    gasUsed: Number(receipt.gasUsed),
    block,
    events: receipt.events,
  };
}

type Methods<R> = Record<string, (...args: unknown[]) => Promise<R>>;

/**
 * A deployed contract, bound to a signer: `contract.tx.method(...args)` sends an encrypted command
 * and resolves with its decrypted receipt (throwing `CONTRACT_FAILED` with the contract's own
 * message when it failed); `contract.query.method(...args)` asks a worker and resolves with the result.
 */
export class Contract {
  readonly tx: Methods<unknown>;
  readonly query: Methods<unknown>;
  /** The key receipts are sealed to; one per handle (a worker then agrees on a channel key once). */
  private readonly session: CommChannels;
  /** Query session: its channel with each worker is agreed once. */
  private readonly querySession = new CommChannels(generateKeypair('sr25519') as Sr25519Keypair);
  private readonly targets = new Map<string, Promise<Awaited<ReturnType<typeof workerQueryTarget>>>>();

  constructor(
    readonly client: PhalanxClient,
    readonly id: Uint8Array,
    readonly signer: Keypair,
    private readonly record: ContractRecord,
    readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    /** The gas terms of `tx.*` and of `call` when it is given none (see `withGas`). */
    readonly gas: CallOptions = {},
    /** The receipts' key when the caller chose one (see `withReceiptKey`); a fresh one otherwise. */
    private readonly receiptKey?: Sr25519Keypair,
  ) {
    this.session = new CommChannels(receiptKey ?? (generateKeypair('sr25519') as Sr25519Keypair));
    const methods = (run: (method: string, args: unknown[]) => Promise<unknown>) =>
      new Proxy({} as Methods<unknown>, {
        get: (_, method) => (typeof method === 'string' ? (...args: unknown[]) => run(method, args) : undefined),
      });
    this.tx = methods(async (method, args) => {
      const outcome = await this.call(method, args);
      if (!outcome.ok)
        throw new PhalanxError('CONTRACT_FAILED', outcome.error ?? 'the command failed', { details: { block: outcome.block } });
      return outcome.result;
    });
    this.query = methods((method, args) => this.read(method, args));
  }

  /** The contract's SS58 address. */
  get address(): string {
    return toSs58(this.id);
  }

  static async at(client: PhalanxClient, address: string | Uint8Array, signer: Keypair): Promise<Contract> {
    const id = contractAddress(address);
    const record = await readRecord(client, id);
    if (record?.info.publicKeys === undefined) throw new PhalanxError('NOT_FOUND', 'no deployed contract has this address');
    return new Contract(client, id, signer, record);
  }

  /** A new handle for another signer. */
  connect(signer: Keypair): Contract {
    return new Contract(this.client, this.id, signer, this.record, this.timeoutMs, this.gas);
  }

  /**
   * A handle whose commands' receipts are sealed to `key`: whoever holds it can decrypt them later
   * from the chain's `Phat.ContractCalled` events (the explorer derives it from the caller's secret
   * URI, so a developer can read their own receipts there). Default: a fresh key per handle.
   */
  withReceiptKey(key: Sr25519Keypair): Contract {
    return new Contract(this.client, this.id, this.signer, this.record, this.timeoutMs, this.gas, key);
  }

  /** A handle whose commands reserve these gas terms (a heavy method needs a higher `gasLimit`). */
  withGas(options: CallOptions): Contract {
    gasTerms(options); // refused now, not at the first call
    const gas = { ...this.gas, ...options };
    return new Contract(this.client, this.id, this.signer, this.record, this.timeoutMs, gas, this.receiptKey);
  }

  /**
   * Sends a command and waits for its receipt (never throws for a contract failure: see `ok`).
   * Bad arguments are refused before a nonce is taken; a command the chain refuses (the
   * contract unknown or not deployed, or the signer unable to reserve the gas) throws the
   * `DispatchFailure`. The signer pays for the gas the receipt states, at most `gasLimit × gasPrice`.
   */
  async call<T = unknown>(method: string, args: unknown[] = [], options: CallOptions = {}): Promise<CallResult<T>> {
    const payload = { method: checkMethodName(method), args: encodeCallArgs(args) };
    const gas = gasTerms({ ...this.gas, ...options });
    const keys = this.record.info.publicKeys;
    if (keys === undefined) throw new PhalanxError('NOT_FOUND', 'the contract is not deployed');
    await ReceiptStream.for(this.client, this.id, this.signer.publicKey).open(); // before submitting: no receipt slips past
    // The envelope names the nonce of the extrinsic that carries it: sealed for each nonce tried.
    const tx = await this.client.signAndSubmitWith(this.signer, (nonce) => ({
      tag: 'Phat',
      value: {
        tag: 'command',
        value: {
          contract: this.id,
          envelope: sealCommand(this.session, keys.ecdhPubkey, this.id, this.signer.publicKey, { ...payload, nonce }),
          ...gas,
        },
      },
    }));
    if (tx.error !== undefined) throw tx.error;
    const sequence = sequenceOf(tx.events);
    const { receipt, block } = await waitReceipt(
      this.client,
      this.id,
      this.signer.publicKey,
      this.session,
      sequence,
      tx.block,
      this.timeoutMs,
    );
    return resultOf<T>(receipt, block);
  }

  /** Runs a query method on one of the contract's workers (the next one if a worker is down). */
  async read<T = unknown>(method: string, args: unknown[] = []): Promise<T> {
    const query = { method: checkMethodName(method), args: utf8(encodeCallArgs(args)) };
    let lastError: unknown;
    for (const worker of this.record.workers) {
      try {
        const id = Buffer.from(worker).toString('hex');
        let known = this.targets.get(id);
        if (known === undefined) {
          known = workerQueryTarget(this.client, worker);
          known.catch(() => this.targets.delete(id));
          this.targets.set(id, known);
        }
        const response = await queryWorker(this.client, this.signer, worker, {
          ...query,
          target: { tag: 'Contract', value: this.id },
          session: this.querySession,
          known: await known,
        });
        if (!response.ok) throw new PhalanxError('CONTRACT_FAILED', response.error);
        return JSON.parse(Buffer.from(response.result).toString('utf8')) as T;
      } catch (error) {
        if (error instanceof PhalanxError && error.code !== 'CONNECTION') throw error;
        lastError = error;
      }
    }
    throw lastError ?? new PhalanxError('NOT_FOUND', 'the contract has no workers');
  }
}

function sequenceOf(events: readonly EventRecord[]): bigint {
  for (const { event } of events) {
    if (event.tag === 'Phat' && event.value.tag === 'CommandSubmitted') return event.value.value.sequence;
  }
  throw new PhalanxError('INTERNAL', 'the command extrinsic emitted no CommandSubmitted event');
}

/**
 * Deploys a contract: uploads its code (if the chain does not have it), encrypts the constructor
 * arguments to the MasterKey, instantiates it and waits for the constructor's receipt.
 */
export async function deploy(
  client: PhalanxClient,
  signer: Keypair,
  code: string | Uint8Array,
  args: unknown[] = [],
  options: DeployOptions = {},
): Promise<Contract> {
  // Checked before any fee is paid.
  const plainArgs = encodeCallArgs(args, 'the constructor arguments');
  const argsJson =
    options.inkConstructor === undefined ? plainArgs : JSON.stringify({ constructor: options.inkConstructor, args });
  const bytes = typeof code === 'string' ? utf8(code) : code;
  const codeHash = blake2_256(bytes);
  // A cluster and the MasterKey are checked before the upload, so a chain not ready for contracts costs no fee.
  const clusterId = options.cluster === undefined ? await defaultCluster(client) : accountId(options.cluster);
  const salt =
    options.salt === undefined ? randomBytes(16) : typeof options.salt === 'string' ? utf8(options.salt) : options.salt;
  const rawMaster = await client.storage(Registry.MasterPubkey.key);
  const masterPubkey = Registry.MasterPubkey.get({ get: () => rawMaster });
  if (masterPubkey === undefined) throw new PhalanxError('NOT_FOUND', 'the chain has no MasterKey yet: is a gatekeeper running?');
  if ((await client.storage(Phat.Codes.keyOf(codeHash))) === undefined) {
    const upload = await client.signAndSubmit(signer, { tag: 'Phat', value: { tag: 'uploadCode', value: { code: bytes } } });
    if (upload.error !== undefined) throw upload.error;
  }
  const id = contractId({ clusterId, deployer: signer.publicKey, codeHash, salt });
  const session = options.receiptKey ?? (generateKeypair('sr25519') as Sr25519Keypair);
  const argsEnvelope = sealInstantiateArgs(session, masterPubkey, id, signer.publicKey, utf8(argsJson));
  await ReceiptStream.for(client, id, signer.publicKey).open();
  const tx = await client.signAndSubmit(signer, {
    tag: 'Phat',
    value: { tag: 'instantiate', value: { clusterId, codeHash, salt, args: argsEnvelope } },
  });
  if (tx.error !== undefined) throw tx.error;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { receipt, block } = await waitReceipt(client, id, signer.publicKey, session, undefined, tx.block, timeoutMs);
  if (!receipt.ok) throw new PhalanxError('CONTRACT_FAILED', `the constructor failed: ${receipt.error}`, { details: { block } });
  const record = await readRecord(client, id);
  if (record === undefined) throw new PhalanxError('INTERNAL', 'the deployed contract has no record');
  return new Contract(client, id, signer, record, timeoutMs, {}, options.receiptKey);
}
