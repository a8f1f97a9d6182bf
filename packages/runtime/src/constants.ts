/** One PHA in the smallest unit (12 decimals, as Phala). */
export const UNIT = 1_000_000_000_000n;

/** Runtime constants: part of consensus, so every node and light client must agree on them. */
export const RUNTIME = {
  /** Flat fee of every extrinsic. */
  baseFee: UNIT / 1000n,
  /** Fee per encoded byte: large payloads cost more, spam costs real balance. */
  byteFee: UNIT / 1_000_000n,
  /** The least balance a transfer may create a new account with. */
  existentialDeposit: UNIT / 100n,
  /** How many past block hashes `System.BlockHash` keeps. */
  blockHashHistory: 4096,
  /** Largest `System.remark` payload. */
  maxRemarkBytes: 1024,
  /** Runtime spec version, reported by RPC and checked by workers. */
  specVersion: 1,
} as const;

export function feeFor(encodedLength: number, tip: bigint): bigint {
  return RUNTIME.baseFee + RUNTIME.byteFee * BigInt(encodedLength) + tip;
}
