import { equalBytes, sha256 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { type cometbft, cometbftChainId, type Header } from '@phalanx/primitives';
import { Consensus, type StateReader } from '@phalanx/runtime';
import { CometbftFinality, type CometbftTrustRoot } from './cometbft/index.js';
import type { FinalityCheckpoint, FinalityProof, FinalityVerifier } from './finality.js';

const millis = (time: cometbft.CometbftTime): bigint => time.seconds * 1000n + BigInt(Math.floor(time.nanos / 1_000_000));

/**
 * A CometBFT chain's finality for our blocks. Our block H is CometBFT's height H: the proof's
 * newest header (H + 1) carries the app hash = the state root after H, and header H (verified
 * one step earlier, or with it for H = 1) its time. So our header H must have that number, that
 * time (ms) and that state root — which the light client then requires the block's changes to
 * rebuild. Our header's author and extrinsics root are not bound (the enclave uses neither).
 */
export class CometbftBlockFinality implements FinalityVerifier {
  readonly kind = 'cometbft';
  readonly #tracker: CometbftFinality;
  readonly #root: CometbftTrustRoot;

  private constructor(root: CometbftTrustRoot, tracker: CometbftFinality) {
    this.#root = root;
    this.#tracker = tracker;
  }

  /** Trusts the chain of `genesisHash`: its chain id is derived from it, its validators are in its (verified) genesis state. */
  static fromGenesis(genesisHash: Uint8Array, genesisHeader: Header, genesisState: Iterable<readonly [Uint8Array, Uint8Array]>) {
    const root = trustRoot(genesisHash, genesisHeader, genesisState);
    return new CometbftBlockFinality(root, new CometbftFinality(root));
  }

  /** Trusts `root` as given (a chain whose id is not derived from our genesis hash: recorded vectors). */
  static fromTrustRoot(root: CometbftTrustRoot): CometbftBlockFinality {
    return new CometbftBlockFinality(root, new CometbftFinality(root));
  }

  /**
   * Resumes from a sealed checkpoint: the chain id and genesis app hash come from the trusted
   * genesis again, the genesis validators and progress from the checkpoint (which only this
   * enclave could seal; the tracker also checks the snapshot belongs to this trust root).
   */
  static restore(
    chain: { readonly chainId: string; readonly genesisAppHash: Uint8Array },
    saved: Extract<FinalityCheckpoint, { tag: 'Cometbft' }>['value'],
  ): CometbftBlockFinality {
    const root: CometbftTrustRoot = { ...chain, genesisValidators: saved.genesisValidators };
    return new CometbftBlockFinality(root, CometbftFinality.restore(root, saved.snapshot));
  }

  verify(header: Header, _parent: Header, proof: FinalityProof): void {
    if (proof.tag !== 'Cometbft') throw new PhalanxError('SYNC_INVALID', `block ${header.number}: no CometBFT proof`);
    const { final, nextAppHash } = this.#tracker.verifyNext(proof.value);
    if (final.height !== BigInt(header.number)) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number}: the proof finalises CometBFT height ${final.height}`);
    }
    if (millis(final.time) !== header.timestamp) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number}: its timestamp is not CometBFT's block time`);
    }
    if (!equalBytes(nextAppHash, header.stateRoot)) {
      throw new PhalanxError('SYNC_INVALID', `block ${header.number}: its state root is not the app hash CometBFT committed`);
    }
  }

  checkpoint(): FinalityCheckpoint {
    return {
      tag: 'Cometbft',
      value: { genesisValidators: [...this.#root.genesisValidators], snapshot: this.#tracker.snapshot() },
    };
  }
}

/** The CometBFT trust root of a chain, from its genesis (which the enclave verified against its trusted hash). */
export function trustRoot(
  genesisHash: Uint8Array,
  genesisHeader: Header,
  genesisState: Iterable<readonly [Uint8Array, Uint8Array]>,
): CometbftTrustRoot {
  const prefix = Consensus.Validators.prefix;
  const validators: cometbft.CometbftValidator[] = [];
  for (const [key, value] of genesisState) {
    if (key.length <= prefix.length || !equalBytes(key.subarray(0, prefix.length), prefix)) continue;
    const pubKey = Consensus.Validators.mapKeyOf(key);
    const record = Consensus.Validators.get({ get: () => value }, pubKey);
    if (record === undefined) continue;
    validators.push({ address: sha256(pubKey).slice(0, 20), pubKey, power: record.power });
  }
  return { chainId: cometbftChainId(genesisHash), genesisValidators: validators, genesisAppHash: genesisHeader.stateRoot };
}

/** Whether a chain's verified genesis state names CometBFT validators (then its finality is CometBFT's). */
export function hasCometbftValidators(state: StateReader): boolean {
  return (Consensus.ValidatorCount.get(state) ?? 0) > 0;
}
