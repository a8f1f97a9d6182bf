import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { CometbftBlockId, CometbftPartSetHeader, CometbftTime, CometbftValidator } from './types.js';

/*
 * The protobuf bytes CometBFT v0.38 hashes and signs, written field by field with
 * @bufbuild/protobuf's BinaryWriter. Go's gogoproto (proto3) omits a scalar field equal to its
 * zero value (0, empty bytes, empty string) and always writes a non-nullable embedded message,
 * even an empty one; each writer below follows that, field numbers from CometBFT's .proto files.
 */

const varint = WireType.Varint;
const delimited = WireType.LengthDelimited;
const fixed64 = WireType.Bit64;

function bytesField(w: BinaryWriter, field: number, value: Uint8Array): void {
  if (value.length > 0) w.tag(field, delimited).bytes(value);
}

/** tendermint.version.Consensus { uint64 block = 1; uint64 app = 2; } (proto/tendermint/version/types.proto) */
export function consensusVersionProto(version: { block: bigint; app: bigint }): Uint8Array {
  const w = new BinaryWriter();
  if (version.block !== 0n) w.tag(1, varint).uint64(version.block);
  if (version.app !== 0n) w.tag(2, varint).uint64(version.app);
  return w.finish();
}

/** google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; } (gogotypes.StdTimeMarshal) */
export function timestampProto(time: CometbftTime): Uint8Array {
  const w = new BinaryWriter();
  if (time.seconds !== 0n) w.tag(1, varint).int64(time.seconds);
  if (time.nanos !== 0) w.tag(2, varint).int32(time.nanos);
  return w.finish();
}

/** PartSetHeader / CanonicalPartSetHeader { uint32 total = 1; bytes hash = 2; } (same layout) */
function partSetHeaderProto(w: BinaryWriter, psh: CometbftPartSetHeader): void {
  if (psh.total !== 0) w.tag(1, varint).uint32(psh.total);
  bytesField(w, 2, psh.hash);
}

/**
 * BlockID / CanonicalBlockID { bytes hash = 1; PartSetHeader part_set_header = 2 (non-nullable); }
 * (proto/tendermint/types/types.proto, canonical.proto): the part set header is always written.
 */
export function blockIdProto(blockId: CometbftBlockId): Uint8Array {
  const w = new BinaryWriter();
  bytesField(w, 1, blockId.hash);
  w.tag(2, delimited).fork();
  partSetHeaderProto(w, blockId.partSetHeader);
  w.join();
  return w.finish();
}

/** BlockID.IsNil (types/block.go): no hash and a zero part set header. */
export function isNilBlockId(blockId: CometbftBlockId): boolean {
  return blockId.hash.length === 0 && blockId.partSetHeader.total === 0 && blockId.partSetHeader.hash.length === 0;
}

/**
 * cdcEncode (types/encoding_helper.go): a string, int64 or bytes field wrapped in
 * google.protobuf.StringValue / Int64Value / BytesValue (value = field 1); an empty value gives
 * no bytes at all (the Go function returns nil for it).
 */
export function cdcString(value: string): Uint8Array {
  const w = new BinaryWriter();
  if (value.length > 0) w.tag(1, delimited).string(value);
  return w.finish();
}

export function cdcInt64(value: bigint): Uint8Array {
  const w = new BinaryWriter();
  if (value !== 0n) w.tag(1, varint).int64(value);
  return w.finish();
}

export function cdcBytes(value: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  bytesField(w, 1, value);
  return w.finish();
}

/**
 * Validator.Bytes (types/validator.go): SimpleValidator { PublicKey pub_key = 1; int64 voting_power = 2; }
 * (proto/tendermint/types/validator.proto) with PublicKey's oneof `bytes ed25519 = 1`
 * (proto/tendermint/crypto/keys.proto, crypto/encoding/codec.go PubKeyToProto). pub_key is a
 * pointer that is always set, so it is written even though it is never empty.
 */
export function simpleValidatorProto(validator: CometbftValidator): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, delimited).fork();
  w.tag(1, delimited).bytes(validator.pubKey); // a oneof member is written even when empty
  w.join();
  if (validator.power !== 0n) w.tag(2, varint).int64(validator.power);
  return w.finish();
}

/** SignedMsgType PrecommitType = 2 (proto/tendermint/types/types.proto). */
export const PRECOMMIT_TYPE = 2;

/**
 * CanonicalVote (proto/tendermint/types/canonical.proto, types/canonical.go CanonicalizeVote):
 *   SignedMsgType type = 1; sfixed64 height = 2; sfixed64 round = 3;
 *   CanonicalBlockID block_id = 4 (nullable: omitted for a nil block id);
 *   Timestamp timestamp = 5 (non-nullable, stdtime); string chain_id = 6;
 * then length-delimited (libs/protoio MarshalDelimited: uvarint length ‖ bytes), as VoteSignBytes.
 */
export function canonicalVoteSignBytes(vote: {
  chainId: string;
  height: bigint;
  round: bigint;
  blockId: CometbftBlockId;
  timestamp: CometbftTime;
}): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, varint).int32(PRECOMMIT_TYPE);
  if (vote.height !== 0n) w.tag(2, fixed64).sfixed64(vote.height);
  if (vote.round !== 0n) w.tag(3, fixed64).sfixed64(vote.round);
  if (!isNilBlockId(vote.blockId)) w.tag(4, delimited).bytes(blockIdProto(vote.blockId));
  w.tag(5, delimited).bytes(timestampProto(vote.timestamp));
  if (vote.chainId.length > 0) w.tag(6, delimited).string(vote.chainId);
  return new BinaryWriter().bytes(w.finish()).finish();
}
