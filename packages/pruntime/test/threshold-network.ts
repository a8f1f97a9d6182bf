// A dev chain and several real pRuntimes in one process, for the threshold MasterKey: the real
// runtime executes every block (sealed by //Alice), each pRuntime is driven through its ecall API
// exactly as its host drives it (FeedBlock with the state changes, TakeEgress), and its egress is
// submitted by its operator as the host would submit it. A pRuntime can be stopped (killed: it
// sees no more blocks and sends nothing). No node, database, sockets or processes.

import { simMeasurement } from '@phalanx/attestation';
import {
  blake2_256,
  contractId,
  equalBytes,
  generateKeypair,
  type Keypair,
  keypairFromUri,
  type Sr25519Keypair,
  utf8,
} from '@phalanx/crypto';
import {
  type Envelope,
  type Header,
  headerHash,
  MemoryNodeStore,
  MerkleTrie,
  openReceipt,
  sealHeader,
  sealInstantiateArgs,
  signExtrinsic,
} from '@phalanx/primitives';
import {
  BlockExecutor,
  checkExtrinsic,
  devGenesisConfig,
  type EventRecord,
  Extrinsic,
  extrinsicsRoot,
  genesisBlock,
  type MapState,
  Phat,
  Registry,
  RuntimeCall,
  readAccount,
  type StateChange,
  type ThresholdParams,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import { ECALL_API_VERSION, type EgressItem, PRuntime, type SimTee } from '../src/index.js';
import { call, simTee } from './ecall-helpers.js';

const SEALED = { tag: 'AuthoritySeal', value: null } as const;
const BUILD = 'threshold-build';
/** The measurement of a simulated build named `build`. */
export const buildMeasurement = (build = BUILD) => simMeasurement(blake2_256(utf8(build)));
const OPERATORS = ['//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice'];

export interface NetworkNode {
  readonly name: string;
  readonly tee: SimTee;
  readonly pruntime: PRuntime;
  readonly operator: Keypair;
  alive: boolean;
}

export function toCall(item: EgressItem): RuntimeCall {
  switch (item.tag) {
    case 'RegisterWorker':
      return { tag: 'Registry', value: { tag: 'registerWorker', value: item.value } };
    case 'CommitState':
      return { tag: 'Phat', value: { tag: 'commitState', value: { commit: item.value } } };
    case 'CommitStateAttested':
      return { tag: 'Phat', value: { tag: 'commitStateAttested', value: item.value } };
    case 'AttestCommit':
      return { tag: 'Phat', value: { tag: 'attestCommit', value: item.value } };
    case 'PushMessage':
      return { tag: 'Mq', value: { tag: 'pushMessage', value: { signed: item.value } } };
    case 'RotateEcdh':
      return { tag: 'Registry', value: { tag: 'rotateEcdhKey', value: { signed: item.value } } };
  }
}

export class ThresholdNetwork {
  readonly alice = keypairFromUri('//Alice');
  readonly genesisHash: Uint8Array;
  readonly state: MapState;
  readonly nodes = new Map<string, NetworkNode>();
  readonly events: EventRecord[][] = [];
  private readonly trie = new MerkleTrie(new MemoryNodeStore());
  private readonly genesisEntries: [Uint8Array, Uint8Array][];
  private readonly genesisHeader: Header;
  private head: { header: Header; hash: Uint8Array };
  private pending: [Keypair, RuntimeCall][] = [];
  private operators = 0;
  /** Every block so far, so that a pRuntime added later follows the chain from its start. */
  private readonly history: { header: Header; changes: StateChange[] }[] = [];

  constructor(threshold: Partial<ThresholdParams>) {
    const config = { ...devGenesisConfig(1_700_000_000_000n, [simMeasurement(blake2_256(utf8(BUILD)))]), threshold };
    const genesis = genesisBlock(config);
    this.state = genesis.state;
    this.genesisEntries = [...this.state.entries()];
    this.trie.update(this.genesisEntries);
    this.genesisHeader = genesis.header;
    this.genesisHash = genesis.hash;
    this.head = { header: genesis.header, hash: genesis.hash };
  }

  get number(): number {
    return this.head.header.number;
  }

  /** The head block's timestamp (what a pRuntime's verified chain time is). */
  get timestamp(): bigint {
    return this.head.header.timestamp;
  }

  /** A pRuntime of `build` (default the genesis build), run by the next funded operator or by `operatorOf`'s. */
  async add(name: string, options: { build?: string; operatorOf?: string } = {}): Promise<NetworkNode> {
    const tee = simTee(`machine/${name}`, options.build ?? BUILD);
    const pruntime = new PRuntime(tee);
    const response = await call(pruntime, {
      tag: 'Init',
      value: {
        apiVersion: ECALL_API_VERSION,
        genesisHash: this.genesisHash,
        genesisHeader: this.genesisHeader,
        genesisState: this.genesisEntries,
        endpoints: [`http://${name}.local:8000`],
        operator: undefined,
      },
    });
    if (response.tag !== 'Ok') throw new TypeError(`Init of ${name} failed: ${JSON.stringify(response.value)}`);
    // Operators must pay fees: the funded dev accounts, one per pRuntime.
    const shared = options.operatorOf === undefined ? undefined : this.nodes.get(options.operatorOf)?.operator;
    const uri = OPERATORS[this.operators];
    if (shared === undefined && uri === undefined) throw new TypeError(`at most ${OPERATORS.length} operators`);
    if (shared === undefined) this.operators++;
    const node = { name, tee, pruntime, operator: shared ?? keypairFromUri(uri as string), alive: true };
    this.nodes.set(name, node);
    for (const { header, changes } of this.history) {
      const fed = await call(pruntime, { tag: 'FeedBlock', value: { header, changes, proof: SEALED } });
      if (fed.tag !== 'Ok') throw new TypeError(`${name} refused block ${header.number}: ${JSON.stringify(fed.value)}`);
    }
    await this.collect(node);
    return node;
  }

  /** Root calls are sudo calls signed by //Alice. */
  sudo(call: RuntimeCall): void {
    this.pending.push([this.alice, { tag: 'Sudo', value: { tag: 'sudo', value: { call } } }]);
  }

  submit(signer: Keypair, call: RuntimeCall): void {
    this.pending.push([signer, call]);
  }

  /** Authors one block with everything pending, feeds it to every live pRuntime, and collects their egress. */
  async block(): Promise<EventRecord[]> {
    const parent = this.head.header;
    const env = {
      number: parent.number + 1,
      timestamp: parent.timestamp + 6000n,
      author: this.alice.publicKey,
      parentHash: this.head.hash,
    };
    const executor = new BlockExecutor(this.state, env, parent.seal);
    const extrinsics: Uint8Array[] = [];
    const txs = this.pending;
    this.pending = [];
    for (const [signer, runtimeCall] of txs) {
      const nonce = readAccount(executor.state, signer.publicKey).nonce;
      const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, signer, this.genesisHash, { nonce, call: runtimeCall }));
      try {
        executor.apply(checkExtrinsic(bytes, this.genesisHash));
        extrinsics.push(bytes);
      } catch {
        // Not includable (as a node's pool would refuse it): dropped.
      }
    }
    const { changes, events } = executor.finalize();
    const stateRoot = this.trie.update(changes).root;
    this.state.apply(changes);
    const header = sealHeader({ ...env, stateRoot, extrinsicsRoot: extrinsicsRoot(extrinsics) }, this.alice, this.genesisHash);
    this.head = { header, hash: headerHash(header) };
    this.events.push(events);
    this.history.push({ header, changes });
    for (const node of this.nodes.values()) {
      if (!node.alive) continue;
      const fed = await call(node.pruntime, { tag: 'FeedBlock', value: { header, changes, proof: SEALED } });
      if (fed.tag !== 'Ok') throw new TypeError(`${node.name} refused block ${header.number}: ${JSON.stringify(fed.value)}`);
      await this.collect(node);
    }
    return events;
  }

  private async collect(node: NetworkNode): Promise<void> {
    const egress = await call(node.pruntime, { tag: 'TakeEgress', value: null });
    if (egress.tag !== 'Egress') throw new TypeError(`${node.name}: no egress answer`);
    for (const item of egress.value) this.pending.push([node.operator, toCall(item)]);
  }

  /** Runs blocks until `done` holds (at most `limit` blocks). */
  async until(what: string, done: () => boolean | Promise<boolean>, limit = 60): Promise<void> {
    for (let i = 0; i < limit; i++) {
      if (await done()) return;
      await this.block();
    }
    throw new TypeError(`${what}: not reached in ${limit} blocks`);
  }
}

/** A contract that stores its constructor argument n and returns 2n (so its receipt shows it read them). */
export const DOUBLING_CODE = utf8(
  'export default { init(ctx, n) { ctx.storage.set("n", n); return n * 2; }, tx: {}, query: {} };',
);

export async function infoOf(node: NetworkNode) {
  const info = await call(node.pruntime, { tag: 'GetInfo', value: null });
  if (info.tag !== 'Info') throw new TypeError(`${node.name}: no info`);
  return info.value;
}

/** The encrypted constructor receipt of `contract`, once the chain recorded it. */
export function receiptOf(net: ThresholdNetwork, contract: Uint8Array): Envelope | undefined {
  for (const events of net.events) {
    for (const record of events) {
      const event = record.event as { tag: string; value: { tag: string; value: Record<string, unknown> } };
      if (event.tag !== 'Phat' || event.value.tag !== 'ContractCalled') continue;
      const value = event.value.value as { contract: Uint8Array; receipt: Envelope };
      if (equalBytes(value.contract, contract)) return value.receipt;
    }
  }
  return undefined;
}

/**
 * Instantiates `code` with `[n]` as its constructor arguments (sealed to the MasterPubkey, as the
 * SDK does), waits until every one of `workers` runs it, and checks the constructor answered 2n.
 */
export async function runContract(
  net: ThresholdNetwork,
  cluster: Uint8Array,
  code: Uint8Array,
  saltText: string,
  n: number,
  workers: readonly NetworkNode[],
): Promise<Uint8Array> {
  const deployer = net.alice;
  const codeHash = blake2_256(code);
  const salt = utf8(saltText);
  const contract = contractId({ clusterId: cluster, deployer: deployer.publicKey, codeHash, salt });
  const session = generateKeypair('sr25519') as Sr25519Keypair;
  const master = Registry.MasterPubkey.get(net.state) as Uint8Array;
  const args = sealInstantiateArgs(session, master, contract, deployer.publicKey, utf8(`[${n}]`));
  net.submit(deployer, { tag: 'Phat', value: { tag: 'instantiate', value: { clusterId: cluster, codeHash, salt, args } } });
  await net.until('the contract’s keys on chain', () => Phat.Contracts.get(net.state, contract)?.info.publicKeys !== undefined);
  await net.until('its workers run it', async () => {
    for (const w of workers) if (!(await infoOf(w)).contracts.some((c) => equalBytes(c, contract))) return false;
    return true;
  });
  await net.until('the constructor receipt', () => receiptOf(net, contract) !== undefined);
  const receipt = openReceipt(session, receiptOf(net, contract) as Envelope, contract, undefined);
  if (!receipt.ok || receipt.result !== String(2 * n))
    throw new TypeError(`constructor of ${saltText}: ok ${receipt.ok}, result ${receipt.result}, error ${receipt.error}`);
  return contract;
}
