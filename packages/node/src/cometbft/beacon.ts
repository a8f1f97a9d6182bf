import { DOMAIN, equalBytes, type Sr25519Pair, utf8, VRF_LENGTH, vrfSign, vrfVerify } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import {
  beaconInput,
  extensionKeyOf,
  type LastVote,
  MAX_VALIDATORS,
  type StateReader,
  System,
  ValidatorAddress,
  type VrfVote,
  vrfKeyOf,
} from '@phalanx/runtime';
import { decode, encode, fixedBytes, struct, vec } from '@phalanx/scale';
import type { CommitInfo, ExtendedCommitInfo } from 'cosmjs-types/tendermint/abci/types';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';

/**
 * The VRF outputs of the previous height travel in a block as its first transaction: this prefix,
 * then SCALE `Vec<(address, vrf)>`. No extrinsic starts so (its first byte is a signer variant,
 * 0 or 1), and CheckTx refuses these bytes, so a user cannot place one.
 */
export const BEACON_TX_PREFIX = utf8('phalanx/vrf-beacon/v1:');
const BeaconTx = vec(
  struct('VrfVote', { address: ValidatorAddress, vrf: fixedBytes(VRF_LENGTH) }),
  MAX_VALIDATORS,
  20 + VRF_LENGTH,
);

/** This validator's VRF key (`vrf.secret` in its home) and its CometBFT address. */
export interface VrfSigner {
  readonly pair: Sr25519Pair;
  readonly address: Uint8Array;
}

const isBeaconTx = (tx: Uint8Array) =>
  tx.length >= BEACON_TX_PREFIX.length && equalBytes(tx.subarray(0, BEACON_TX_PREFIX.length), BEACON_TX_PREFIX);

export function encodeBeaconTx(outputs: readonly VrfVote[]): Uint8Array {
  const body = encode(
    BeaconTx,
    outputs.map(({ address, vrf }) => ({ address, vrf })),
  );
  const tx = new Uint8Array(BEACON_TX_PREFIX.length + body.length);
  tx.set(BEACON_TX_PREFIX);
  tx.set(body, BEACON_TX_PREFIX.length);
  return tx;
}

/**
 * A block's VRF outputs (its first transaction, when that is the beacon) and its other
 * transactions. An empty beacon is refused: a block without outputs carries none.
 */
export function splitBeacon(txs: readonly Uint8Array[]): { outputs: VrfVote[]; rest: readonly Uint8Array[] } {
  const first = txs[0];
  if (first === undefined || !isBeaconTx(first)) return { outputs: [], rest: txs };
  let outputs: VrfVote[];
  try {
    outputs = decode(BeaconTx, first.subarray(BEACON_TX_PREFIX.length));
  } catch (cause) {
    throw new PhalanxError('BLOCK_INVALID', "the block's VRF outputs do not decode", { cause });
  }
  if (outputs.length === 0) throw new PhalanxError('BLOCK_INVALID', 'the block carries an empty list of VRF outputs');
  return { outputs, rest: txs.slice(1) };
}

/** CometBFT's commit info of the previous height as the runtime takes it. */
export function lastVotesOf(commit: CommitInfo | ExtendedCommitInfo | undefined): LastVote[] {
  return (commit?.votes ?? []).map((vote) => ({
    address: vote.validator?.address ?? new Uint8Array(),
    power: vote.validator?.power ?? 0n,
    signed: vote.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
  }));
}

/**
 * The proposer's part (PrepareProposal of block `height + 1`, `state` = block `height`'s
 * post-state): the extensions of its local last commit that are valid VRFs by the key their
 * validator extended with, ascending by address. It checks them itself: CometBFT does not pass
 * every precommit it holds through VerifyVoteExtension (late ones, its own).
 */
export function collectOutputs(state: StateReader, height: number, commit: ExtendedCommitInfo | undefined): VrfVote[] {
  const previousBlock = System.BlockHash.get(state, height - 1);
  if (previousBlock === undefined) return [];
  const input = beaconInput(height, previousBlock);
  const outputs: VrfVote[] = [];
  for (const vote of commit?.votes ?? []) {
    const address = vote.validator?.address;
    if (address === undefined || address.length !== 20 || vote.blockIdFlag !== BlockIDFlag.BLOCK_ID_FLAG_COMMIT) continue;
    const key = extensionKeyOf(state, address);
    if (key === undefined || !vrfVerify(key, DOMAIN.vrfBeacon, input, vote.voteExtension)) continue;
    if (!outputs.some((output) => equalBytes(output.address, address))) outputs.push({ address, vrf: vote.voteExtension });
  }
  return outputs.sort((a, b) => Buffer.compare(a.address, b.address));
}

/**
 * This validator's vote extension at `height` (ExtendVote; `state` = block `height − 1`'s
 * post-state, whose hash is `previousBlock`): its VRF, or nothing if the chain registers no VRF
 * key for it. `mismatch` is set when the chain registers another key than the one loaded (the
 * extension would be refused, so the node warns).
 */
export function extensionOf(
  state: StateReader,
  signer: VrfSigner | undefined,
  height: number,
  previousBlock: Uint8Array,
): { extension: Uint8Array; mismatch: boolean } {
  const registered = signer === undefined ? undefined : vrfKeyOf(state, signer.address);
  if (signer === undefined || registered === undefined) return { extension: new Uint8Array(), mismatch: false };
  if (!equalBytes(registered, signer.pair.publicKey)) return { extension: new Uint8Array(), mismatch: true };
  return { extension: vrfSign(signer.pair, DOMAIN.vrfBeacon, beaconInput(height, previousBlock)), mismatch: false };
}

/** VerifyVoteExtension: a valid VRF by the validator's registered key, or empty from one without a key. */
export function validExtension(
  state: StateReader,
  address: Uint8Array,
  height: number,
  previousBlock: Uint8Array,
  extension: Uint8Array,
): boolean {
  const key = vrfKeyOf(state, address);
  if (key === undefined) return extension.length === 0;
  return vrfVerify(key, DOMAIN.vrfBeacon, beaconInput(height, previousBlock), extension);
}
