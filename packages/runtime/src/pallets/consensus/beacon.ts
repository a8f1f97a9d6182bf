import { blake2_256, concatBytes, DOMAIN, utf8, VRF_LENGTH, vrfPreOutput, vrfVerify } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { Hash } from '@phalanx/primitives';
import { encode, tuple, u32 } from '@phalanx/scale';
import type { VrfBeacon } from '../../dispatch/context.js';
import type { StateReader } from '../../state/overlay.js';
import { System } from '../system/storage.js';
import { MAX_TOTAL_VOTING_POWER, MAX_VALIDATORS, VALIDATOR_ADDRESS_LENGTH } from './types.js';
import { extensionKeyOf } from './vrf-keys.js';

const invalid = (message: string) => new PhalanxError('BLOCK_INVALID', `the block's VRF outputs: ${message}`);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * What a validator's VRF signs when it extends its precommit for height `height`: the height and
 * the hash of our block `height − 1` (which commits to that block's state, its randomness
 * included, and to the chain). Every validator knows both before height `height` starts.
 */
export function beaconInput(height: number, previousBlockHash: Uint8Array): Uint8Array {
  return encode(tuple(u32, Hash), [height, previousBlockHash]);
}

/**
 * The randomness a CometBFT block `blockNumber` contributes, from the VRF outputs of the previous
 * height's votes; undefined when no validator of that height had a VRF key (nothing to check,
 * the seal is used as before). `state` is the parent's post-state. Throws BLOCK_INVALID unless:
 * the votes are at most `MAX_VALIDATORS` distinct validators; every output is by a listed
 * validator, ascending by address, and a valid VRF of `beaconInput` under the key that validator
 * extended its vote with (`extensionKeyOf`); and the validators backing it — those with a valid
 * output, plus those that signed and have no key (they had nothing to give) — hold more than 2/3
 * of the height's power. CometBFT only commits a height with > 2/3 of precommits whose extensions
 * this node's VerifyVoteExtension accepted, so an honest proposer always has enough.
 *
 * What a proposer can still bias: the value is a hash of every included output, each unique per
 * key and input (nobody chooses its own, let alone another's). The proposer may leave out outputs
 * as long as > 2/3 of the power stays backed: it chooses among the subsets it may drop, of
 * validators holding < 1/3 of the power. With n equal validators that is Σ_{k≤f} C(n, k) values,
 * f = ⌊(n−1)/3⌋: 5 with 4 validators (≈ 2.3 bits), 176 with 10 (≈ 7.5 bits), ≈ 2^(0.92·n) for
 * many. Or it proposes nothing and its round times out (the next proposer decides instead). A
 * validator can only withhold its own output (by not precommitting): one bit each. Randomness is
 * chained, so what counts is the last block before it is read (a heartbeat challenge): its
 * proposer picks one of those few values, never a value of its choosing.
 */
export function beaconValue(state: StateReader, blockNumber: number, beacon: VrfBeacon): Uint8Array | undefined {
  if (blockNumber < 2) throw invalid('block 1 has no previous height whose votes it could carry');
  const { votes, outputs } = beacon;
  if (!Array.isArray(votes) || !Array.isArray(outputs)) throw invalid('votes and outputs must be arrays');
  if (votes.length > MAX_VALIDATORS) throw invalid(`more than ${MAX_VALIDATORS} votes`);
  const byAddress = new Map<string, { power: bigint; signed: boolean; key: Uint8Array | undefined }>();
  let total = 0n;
  for (const vote of votes) {
    if (!(vote.address instanceof Uint8Array) || vote.address.length !== VALIDATOR_ADDRESS_LENGTH)
      throw invalid('a vote has a malformed address');
    if (typeof vote.power !== 'bigint' || vote.power < 0n || vote.power > MAX_TOTAL_VOTING_POWER)
      throw invalid('a vote has a malformed power');
    const id = hex(vote.address);
    if (byAddress.has(id)) throw invalid(`validator ${id} is listed twice`);
    byAddress.set(id, { power: vote.power, signed: vote.signed === true, key: extensionKeyOf(state, vote.address) });
    total += vote.power;
  }
  const keyed = [...byAddress.values()].filter((vote) => vote.key !== undefined);
  if (keyed.length === 0) {
    if (outputs.length > 0) throw invalid('no validator of the previous height has a VRF key');
    return undefined;
  }
  const previousBlock = System.BlockHash.get(state, blockNumber - 2);
  if (previousBlock === undefined) throw new PhalanxError('INTERNAL', `the hash of block ${blockNumber - 2} is not in the state`);
  const input = beaconInput(blockNumber - 1, previousBlock);
  const backed = new Set<string>();
  let previous: Uint8Array | undefined;
  for (const output of outputs) {
    if (!(output.address instanceof Uint8Array) || !(output.vrf instanceof Uint8Array) || output.vrf.length !== VRF_LENGTH) {
      throw invalid('an output is malformed');
    }
    if (previous !== undefined && Buffer.compare(previous, output.address) >= 0) throw invalid('outputs must ascend by address');
    previous = output.address;
    const id = hex(output.address);
    const key = byAddress.get(id)?.key;
    if (key === undefined) throw invalid(`validator ${id} has no VRF key at the previous height (or no vote)`);
    if (!vrfVerify(key, DOMAIN.vrfBeacon, input, output.vrf)) throw invalid(`validator ${id}'s VRF does not verify`);
    backed.add(id);
  }
  let backedPower = 0n;
  for (const [id, vote] of byAddress) if (backed.has(id) || (vote.key === undefined && vote.signed)) backedPower += vote.power;
  if (3n * backedPower <= 2n * total) {
    throw invalid(`validators backing them hold ${backedPower} of ${total} voting power, not more than 2/3`);
  }
  const parts = outputs.map((output) => concatBytes(output.address, vrfPreOutput(output.vrf)));
  return blake2_256(concatBytes(utf8(DOMAIN.vrfBeacon), input, ...parts));
}
