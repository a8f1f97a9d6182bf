import { fromHex } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { cometbft, type Header } from '@phalanx/primitives';
import type { FinalityProof } from '@phalanx/pruntime/ecall';
import type { StateChange } from '@phalanx/runtime';
import type { PhalanxClient } from '@phalanx/sdk';

interface HeaderJson {
  parentHash: string;
  number: number;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  seal: string;
}

/** A header from its RPC JSON (the pRuntime checks everything in it: the host is not trusted). */
export function headerFromJson(json: HeaderJson): Header {
  return {
    parentHash: fromHex(json.parentHash, 'parentHash', 32),
    number: json.number,
    stateRoot: fromHex(json.stateRoot, 'stateRoot', 32),
    extrinsicsRoot: fromHex(json.extrinsicsRoot, 'extrinsicsRoot', 32),
    timestamp: BigInt(json.timestamp),
    author: fromHex(json.author, 'author', 32),
    seal: fromHex(json.seal, 'seal', 64),
  };
}

/** Block `number`'s header and state changes, as the pRuntime's light client wants them. */
export async function blockWithChanges(
  client: PhalanxClient,
  number: number,
): Promise<{ header: Header; changes: StateChange[] }> {
  const block = await client.rpc.request<{ block: { header: HeaderJson }; changes: [string, string | null][] } | null>(
    'phalanx_getBlockWithChanges',
    [number],
  );
  if (block === null) throw new PhalanxError('NOT_FOUND', `the node has no block ${number}`);
  return {
    header: headerFromJson(block.block.header),
    changes: block.changes.map(([key, value]) => [fromHex(key, 'key'), value === null ? undefined : fromHex(value, 'value')]),
  };
}

/** The chain's consensus engine, as the node reports it (the enclave decides for itself from genesis). */
export async function consensusEngine(client: PhalanxClient): Promise<'dev' | 'cometbft'> {
  const status = await client.rpc.request<{ engine?: string }>('phalanx_consensus', []);
  return status.engine === 'cometbft' ? 'cometbft' : 'dev';
}

const AUTHORITY_SEAL: FinalityProof = { tag: 'AuthoritySeal', value: null };

/**
 * What makes block `number` final for the enclave: nothing on the dev chain (the seal is in the
 * header); on CometBFT the next signed header(s) and validator sets, parsed from the node's relay
 * of CometBFT's RPC (the enclave verifies every byte; parsing here only gives it the right shape).
 * `undefined` while block `number + 1` is not committed yet.
 */
export async function finalityProof(
  client: PhalanxClient,
  engine: 'dev' | 'cometbft',
  number: number,
): Promise<FinalityProof | undefined> {
  if (engine === 'dev') return AUTHORITY_SEAL;
  const proof = await client.rpc.request<{ signedHeaders: unknown[]; validatorSets: unknown[] } | null>(
    'phalanx_getFinalityProof',
    [number],
  );
  if (proof === null) return undefined;
  if (!Array.isArray(proof.signedHeaders) || !Array.isArray(proof.validatorSets)) {
    throw new PhalanxError('INVALID_INPUT', 'the node sent a malformed finality proof');
  }
  return {
    tag: 'Cometbft',
    value: {
      signedHeaders: proof.signedHeaders.map((json, i) => cometbft.parseCometbftSignedHeader(json, `signedHeaders[${i}]`)),
      validatorSets: proof.validatorSets.map((json) => cometbft.parseCometbftValidators(json)),
    },
  };
}
