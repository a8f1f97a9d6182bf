// A dev chain with one deployed contract, run by the real runtime (signed extrinsics → BlockExecutor),
// for tests of the worker role: commands are real `Phat.command` extrinsics (so the MQ carries them
// as workers see them) and state commits are real `Phat.commitState` extrinsics, checked by the
// runtime exactly as on a node. No node, database or network.
import { blake2_256, contractKeys, devKeypair, type Keypair, type Sr25519Keypair, utf8 } from '@phalanx/crypto';
import { type Header, type Message, sealCommand, signExtrinsic } from '@phalanx/primitives';
import {
  type ApplyOutcome,
  BlockExecutor,
  buildGenesisState,
  checkExtrinsic,
  devGenesisConfig,
  Extrinsic,
  MapState,
  Mq,
  Overlay,
  Phat,
  RuntimeCall,
  readAccount,
  type SignedStateCommit,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';
import type { ContractBlock } from '../src/enclave/contract-worker.js';
import type { EgressItem } from '../src/enclave/ecall.js';

const GENESIS_HASH = blake2_256(utf8('phalanx/test/contract-chain'));
const GENESIS_TIME = 1_700_000_000_000n;

// Dev keys and the dev genesis are derived once (a dev key costs a PBKDF2 of its mnemonic).
const devKeys = new Map<string, Keypair>();
const dev = (name: 'Bob' | 'Ferdie'): Keypair => {
  const pair = devKeys.get(name) ?? devKeypair(name);
  devKeys.set(name, pair);
  return pair;
};
let genesis: MapState | undefined;
function genesisState(): MapState {
  genesis ??= buildGenesisState(devGenesisConfig(GENESIS_TIME));
  const state = new MapState();
  state.apply(genesis.entries());
  return state;
}

export interface ChainBlock {
  readonly header: Header;
  /** The outcome of each extrinsic, in order. */
  readonly outcomes: ApplyOutcome[];
  /** What a worker's light client would hand the worker role for this block. */
  readonly contractBlock: (newKeys?: ReadonlyMap<string, Uint8Array>) => ContractBlock;
}

export class ContractChain {
  readonly state: MapState = genesisState();
  readonly contract: Uint8Array;
  readonly seed: Uint8Array;
  readonly blocks: ChainBlock[] = [];
  number = 0;
  private readonly caller = dev('Bob');

  /** `workers`: the contract's workers (those whose attributed commits and votes the chain takes). */
  constructor(code: string, commitInterval: number, label = 'contract-chain', workers: Uint8Array[] = []) {
    this.seed = blake2_256(utf8(`${label}/seed`));
    this.contract = blake2_256(utf8(`${label}/contract`));
    const overlay = new Overlay(this.state);
    const bytes = utf8(code);
    const codeHash = blake2_256(bytes);
    const keys = contractKeys(this.seed);
    Phat.Codes.set(overlay, codeHash, bytes);
    Phat.Contracts.set(overlay, this.contract, {
      info: {
        id: this.contract,
        clusterId: new Uint8Array(32),
        deployer: this.caller.publicKey,
        codeHash,
        salt: new Uint8Array(),
        publicKeys: { identityPubkey: keys.identity.publicKey, ecdhPubkey: keys.ecdh.publicKey },
      },
      instantiatedAt: 0,
      deployedAt: 0,
      workers,
      initArgs: undefined,
    });
    Phat.CommitInterval.set(overlay, commitInterval);
    this.state.apply(overlay.changes());
  }

  get chainId(): Uint8Array {
    return Mq.ChainId.get(this.state) ?? new Uint8Array(32);
  }

  /** A `Phat.command` from Bob calling `method(...args)`, sealed for the extrinsic that will carry it. */
  command(session: Sr25519Keypair, method: string, args: unknown[], nonceOffset = 0): [Keypair, RuntimeCall] {
    const nonce = readAccount(this.state, this.caller.publicKey).nonce + nonceOffset;
    const ecdh = contractKeys(this.seed).ecdh.publicKey;
    const envelope = sealCommand(session, ecdh, this.contract, this.caller.publicKey, {
      method,
      args: JSON.stringify(args),
      nonce,
    });
    const command = { contract: this.contract, envelope, gasLimit: 100_000_000n, gasPrice: 100n };
    return [this.caller, { tag: 'Phat', value: { tag: 'command', value: command } }];
  }

  /** A state commit relayed by `relayer` (any account may relay one). */
  commit(relayer: Keypair, commit: SignedStateCommit): [Keypair, RuntimeCall] {
    return [relayer, { tag: 'Phat', value: { tag: 'commitState', value: { commit } } }];
  }

  /** The call a host submits for a commit or vote of the worker role (any account may relay one). */
  relay(relayer: Keypair, item: EgressItem): [Keypair, RuntimeCall] {
    if (item.tag === 'CommitState') return this.commit(relayer, item.value);
    if (item.tag === 'CommitStateAttested')
      return [relayer, { tag: 'Phat', value: { tag: 'commitStateAttested', value: item.value } }];
    if (item.tag === 'AttestCommit') return [relayer, { tag: 'Phat', value: { tag: 'attestCommit', value: item.value } }];
    throw new Error(`not a commit: ${item.tag}`);
  }

  /** Runs the next block with `txs` (each must be includable). */
  block(txs: readonly (readonly [Keypair, RuntimeCall])[]): ChainBlock {
    this.number++;
    const env = {
      number: this.number,
      timestamp: GENESIS_TIME + BigInt(this.number) * 6000n,
      author: dev('Ferdie').publicKey,
      parentHash: blake2_256(utf8(`parent-${this.number}`)),
    };
    const executor = new BlockExecutor(this.state, env, new Uint8Array(64));
    const outcomes: ApplyOutcome[] = [];
    for (const [signer, call] of txs) {
      const nonce = readAccount(executor.state, signer.publicKey).nonce;
      const bytes = encode(Extrinsic, signExtrinsic(RuntimeCall, signer, GENESIS_HASH, { nonce, call }));
      outcomes.push(executor.apply(checkExtrinsic(bytes, GENESIS_HASH)));
    }
    const { changes } = executor.finalize();
    this.state.apply(changes);
    // The worker role reads the verified state of its block: keep a frozen copy of this one.
    const state = new MapState();
    state.apply(this.state.entries());
    const inbound: Message[] = [];
    for (let i = 0; i < Mq.OutboundCount.getOr(state, 0); i++) {
      const message = Mq.Outbound.get(state, i);
      if (message !== undefined) inbound.push(message);
    }
    const header = { ...env, stateRoot: new Uint8Array(32), extrinsicsRoot: new Uint8Array(32), seal: new Uint8Array(64) };
    const block: ChainBlock = {
      header,
      outcomes,
      contractBlock: (newKeys = new Map()) => ({ header, state, inbound, entries: () => state.entries(), newKeys }),
    };
    this.blocks.push(block);
    return block;
  }
}
