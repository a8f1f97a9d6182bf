// The recorded 4-validator CometBFT network (vectors/cometbft/four-validators.json) parsed into
// the types the enclave verifies, for the CometBFT commit and finality tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cometbft } from '@phalanx/primitives';

export interface RecordedJson {
  chain_id: string;
  genesis_validators: Record<string, unknown>[];
  heights: { height: number; signed_header: unknown; validators: unknown }[];
}

export const readVector = <T>(name: string): T =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/vectors/cometbft/${name}`, import.meta.url)), 'utf8')) as T;

export const recorded = readVector<RecordedJson>('four-validators.json');
export const chainId = recorded.chain_id;

export interface ParsedHeight {
  signedHeader: cometbft.CometbftSignedHeader;
  validators: cometbft.CometbftValidator[];
}

export const parseHeight = (json: { signed_header: unknown; validators: unknown }): ParsedHeight => ({
  signedHeader: cometbft.parseCometbftSignedHeader(json.signed_header),
  validators: cometbft.parseCometbftValidators(json.validators),
});

/** Height n (1-based) of the recorded network. */
export const height = (n: number): ParsedHeight => parseHeight(recorded.heights[n - 1] as RecordedJson['heights'][number]);

export const genesisValidators = cometbft.parseCometbftValidators(recorded.genesis_validators);

/** The recorded chain's trust root: its genesis validators, and no app hash at height 1 (the recording app's genesis). */
export const trustRoot = { chainId, genesisValidators, genesisAppHash: new Uint8Array() };
