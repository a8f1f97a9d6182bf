import { assertBytes, assertInteger, PhalanxError } from '@phalanx/errors';
import type { Misbehaviour } from '../../dispatch/context.js';
import type { RuntimeEvent } from '../../event.js';
import type { Overlay } from '../../state/overlay.js';
import { Consensus } from './storage.js';
import { MAX_OFFENCES_PER_BLOCK, type OffenceRecord, VALIDATOR_ADDRESS_LENGTH } from './types.js';

const MAX_INT64 = (1n << 63n) - 1n;
const KINDS = new Set<string>(['DuplicateVote', 'LightClientAttack']);

/**
 * Turns the misbehaviour CometBFT delivered with this block into `Offence` events and records
 * them in `Offences[blockNumber]`. Identical reports (same kind, address and height) count once;
 * past `MAX_OFFENCES_PER_BLOCK` distinct ones the rest are dropped. An address of no current
 * validator (removed since the offence) is still reported, without key and operator: the
 * evidence is real (CometBFT checked its signatures), only whom to punish is no longer known here.
 * Malformed input is a bug of the caller, not evidence: it throws (INVALID_INPUT).
 */
export function reportMisbehaviour(
  state: Overlay,
  blockNumber: number,
  misbehaviour: readonly Misbehaviour[],
  emit: (event: RuntimeEvent) => void,
): void {
  if (!Array.isArray(misbehaviour)) throw new PhalanxError('INVALID_INPUT', 'misbehaviour must be an array');
  const seen = new Set<string>();
  const records: OffenceRecord[] = [];
  for (const [i, item] of misbehaviour.entries()) {
    if (records.length >= MAX_OFFENCES_PER_BLOCK) break;
    checkMisbehaviour(item, `misbehaviour[${i}]`);
    const id = `${item.kind}/${Buffer.from(item.validatorAddress).toString('hex')}/${item.height}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const validator = Consensus.ValidatorByAddress.get(state, item.validatorAddress);
    const operator = validator === undefined ? undefined : Consensus.Validators.get(state, validator)?.operator;
    const record: OffenceRecord = {
      kind: { tag: item.kind, value: null },
      address: item.validatorAddress,
      validator,
      offender: operator,
      height: BigInt(item.height),
      totalVotingPower: item.totalVotingPower,
    };
    records.push(record);
    emit({ tag: 'Consensus', value: { tag: 'Offence', value: record } });
  }
  if (records.length > 0) Consensus.Offences.set(state, blockNumber, records);
}

function checkMisbehaviour(item: Misbehaviour, name: string): void {
  if (typeof item !== 'object' || item === null) throw new PhalanxError('INVALID_INPUT', `${name} must be an object`);
  if (!KINDS.has(item.kind)) {
    throw new PhalanxError('INVALID_INPUT', `${name}.kind must be 'DuplicateVote' or 'LightClientAttack'`);
  }
  assertBytes(item.validatorAddress, `${name}.validatorAddress`, VALIDATOR_ADDRESS_LENGTH);
  assertInteger(item.height, `${name}.height`, 0, Number.MAX_SAFE_INTEGER);
  if (typeof item.totalVotingPower !== 'bigint' || item.totalVotingPower < 0n || item.totalVotingPower > MAX_INT64) {
    throw new PhalanxError('INVALID_INPUT', `${name}.totalVotingPower must be a bigint in [0, 2^63 - 1]`);
  }
}
