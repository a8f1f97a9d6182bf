import { fromHex, utf8 } from '@phalanx/crypto';
import { RuntimeCall } from '@phalanx/runtime';
import { decode } from '@phalanx/scale';
import { accountId, democracyCalls, treasuryCalls } from '@phalanx/sdk';
import { usageError } from '../args.js';
import { integerArg } from '../submit.js';

/**
 * The calls governance proposes, by name: what sudo did on a development chain. Anything else goes
 * as `hex 0x…` (a SCALE-encoded RuntimeCall, checked to decode here and again on chain).
 */
export const PROPOSAL_CALLS_HELP = `CALL is one of:
  add-measurement HASH            allow a pRuntime build (0x 32-byte measurement) to register
  remove-measurement HASH         stop allowing it
  register-gatekeeper IDENTITY    make a registered worker (0x identity key) a gatekeeper
  add-worker-to-cluster CLUSTER WORKER
  set-validator CONSENSUS_KEY POWER OPERATOR   CometBFT validator (power 0 removes it)
  set-threshold T N PHASE_BLOCKS REFRESH_PERIOD   share the MasterKey among N gatekeepers, any T
                                  to derive; refresh shares every REFRESH_PERIOD blocks (0: never)
  restart-dkg                     abandon an undecided DKG session so a new one starts
  start-migration FROM TO CLUSTER…   move to pRuntime build TO (measurements); each operator's TO
                                  pRuntime replaces its FROM one; FROM is retired at the end
  fast-track REFERENDUM BLOCKS    (council) end a running referendum's vote sooner
  fast-track-proposal PROPOSAL BLOCKS   (council) make a public proposal a referendum now
  cancel-referendum REFERENDUM    (council) end it unapproved
  approve-spend ID | reject-spend ID    (council) a treasury spend proposal
  remark TEXT                     a no-op, to try governance
  hex 0xCALL                      any SCALE-encoded RuntimeCall`;

function hash(text: string | undefined, what: string): Uint8Array {
  if (text === undefined || !/^0x[0-9a-fA-F]{64}$/.test(text)) throw usageError(`${what} must be 0x and 64 hex digits`);
  return fromHex(text);
}

function arity(name: string, args: readonly string[], count: number): void {
  if (args.length !== count) throw usageError(`${name} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`);
}

/** Parses `NAME ARGS…` into the call it names. */
export function proposalCall(words: readonly string[]): RuntimeCall {
  const [name, ...args] = words;
  switch (name) {
    case 'add-measurement':
    case 'remove-measurement': {
      arity(name, args, 1);
      const measurement = hash(args[0], 'HASH');
      const tag = name === 'add-measurement' ? 'addMeasurement' : 'removeMeasurement';
      return { tag: 'Registry', value: { tag, value: { measurement } } } as RuntimeCall;
    }
    case 'register-gatekeeper':
      arity(name, args, 1);
      return { tag: 'Registry', value: { tag: 'registerGatekeeper', value: { identity: hash(args[0], 'IDENTITY') } } };
    case 'add-worker-to-cluster':
      arity(name, args, 2);
      return {
        tag: 'Phat',
        value: { tag: 'addWorkerToCluster', value: { clusterId: hash(args[0], 'CLUSTER'), worker: hash(args[1], 'WORKER') } },
      };
    case 'set-validator': {
      arity(name, args, 3);
      if (!/^\d+$/.test(args[1] ?? '')) throw usageError('POWER must be a non-negative integer');
      const value = {
        consensusKey: hash(args[0], 'CONSENSUS_KEY'),
        power: BigInt(args[1] ?? 0),
        operator: accountId(args[2] ?? ''),
      };
      return { tag: 'Consensus', value: { tag: 'setValidator', value } };
    }
    case 'set-threshold': {
      arity(name, args, 4);
      const params = {
        t: integerArg(args[0], 'T'),
        n: integerArg(args[1], 'N'),
        phaseBlocks: integerArg(args[2], 'PHASE_BLOCKS'),
        refreshPeriod: integerArg(args[3], 'REFRESH_PERIOD'),
      };
      return { tag: 'Threshold', value: { tag: 'setParams', value: { params } } };
    }
    case 'start-migration': {
      if (args.length < 2) throw usageError('start-migration takes FROM TO and the clusters to migrate');
      const [from, to, ...clusters] = args;
      const value = { from: hash(from, 'FROM'), to: hash(to, 'TO'), clusters: clusters.map((c) => hash(c, 'CLUSTER')) };
      return { tag: 'Registry', value: { tag: 'startMigration', value } };
    }
    case 'restart-dkg':
      arity(name, args, 0);
      return { tag: 'Threshold', value: { tag: 'restartDkg', value: null } };
    case 'fast-track':
    case 'fast-track-proposal': {
      arity(name, args, 2);
      const index = integerArg(args[0], name === 'fast-track' ? 'REFERENDUM' : 'PROPOSAL');
      const target =
        name === 'fast-track' ? { tag: 'Referendum' as const, value: index } : { tag: 'Proposal' as const, value: index };
      return democracyCalls.fastTrack(target, integerArg(args[1], 'BLOCKS'));
    }
    case 'cancel-referendum':
      arity(name, args, 1);
      return democracyCalls.cancelReferendum(integerArg(args[0], 'REFERENDUM'));
    case 'approve-spend':
    case 'reject-spend': {
      arity(name, args, 1);
      const id = integerArg(args[0], 'ID');
      return name === 'approve-spend' ? treasuryCalls.approveSpend(id) : treasuryCalls.rejectSpend(id);
    }
    case 'remark':
      arity(name, args, 1);
      return { tag: 'System', value: { tag: 'remark', value: { remark: utf8(args[0] ?? '') } } };
    case 'hex':
      arity(name, args, 1);
      if (!/^0x([0-9a-fA-F]{2})+$/.test(args[0] ?? '')) throw usageError('hex takes a 0x SCALE-encoded RuntimeCall');
      return decode(RuntimeCall, fromHex(args[0] as string));
    default:
      throw usageError(`unknown call "${name ?? ''}"\n${PROPOSAL_CALLS_HELP}`);
  }
}
