// A tiny authoring chain for light-client tests: the real runtime executes the blocks and the real
// seal signs them, with no node, database or network.
import { devKeypair, type Keypair } from '@phalanx/crypto';
import { type Header, headerHash, MemoryNodeStore, MerkleTrie, sealHeader, signExtrinsic } from '@phalanx/primitives';
import {
  BlockExecutor,
  checkExtrinsic,
  devGenesisConfig,
  Extrinsic,
  extrinsicsRoot,
  genesisBlock,
  type MapState,
  RuntimeCall,
  type StateChange,
  UNIT,
} from '@phalanx/runtime';
import { encode } from '@phalanx/scale';

export interface BuiltBlock {
  readonly header: Header;
  readonly hash: Uint8Array;
  readonly changes: StateChange[];
}

export class ChainBuilder {
  readonly genesis = genesisBlock(devGenesisConfig());
  readonly state: MapState = this.genesis.state;
  readonly blocks: BuiltBlock[] = [];
  private readonly trie = new MerkleTrie(new MemoryNodeStore());
  private head: { header: Header; hash: Uint8Array };
  private nonce = 0;

  constructor() {
    this.trie.update([...this.genesis.state.entries()]);
    this.head = { header: this.genesis.header, hash: this.genesis.hash };
    this.genesisEntries = [...this.genesis.state.entries()];
  }

  readonly genesisEntries: [Uint8Array, Uint8Array][];

  /** Authors the next block with `transfers` transfers from Alice (and `author` sealing it). */
  next(transfers = 1, author: Keypair = devKeypair('Alice')): BuiltBlock {
    const parent = this.head.header;
    const env = {
      number: parent.number + 1,
      timestamp: parent.timestamp + 6000n,
      author: author.publicKey,
      parentHash: this.head.hash,
    };
    const executor = new BlockExecutor(this.state, env, parent.seal);
    const extrinsics: Uint8Array[] = [];
    for (let i = 0; i < transfers; i++) {
      const call: RuntimeCall = {
        tag: 'Balances',
        value: { tag: 'transfer', value: { dest: devKeypair('Bob').publicKey, value: UNIT } },
      };
      const bytes = encode(
        Extrinsic,
        signExtrinsic(RuntimeCall, devKeypair('Alice'), this.genesis.hash, { nonce: this.nonce++, call }),
      );
      executor.apply(checkExtrinsic(bytes, this.genesis.hash));
      extrinsics.push(bytes);
    }
    const { changes } = executor.finalize();
    const stateRoot = this.trie.update(changes).root;
    this.state.apply(changes);
    const header = sealHeader({ ...env, stateRoot, extrinsicsRoot: extrinsicsRoot(extrinsics) }, author, this.genesis.hash);
    const block = { header, hash: headerHash(header), changes };
    this.head = { header, hash: block.hash };
    this.blocks.push(block);
    return block;
  }
}
