import { toSs58 } from '@phalanx/crypto';
import type { RuntimeCall } from '@phalanx/runtime';
import {
  callName,
  councilCalls,
  councilCandidates,
  councilMembers,
  councilMotions,
  democracyCalls,
  democracyProposals,
  ongoingReferenda,
  type PhalanxClient,
} from '@phalanx/sdk';
import { parseCommandArgs, usageError } from '../args.js';
import { CLIENT_OPTIONS, parseAmount, signerFrom } from '../common-options.js';
import type { Io } from '../output.js';
import { integerArg, submitCall, withClient } from '../submit.js';
import { PROPOSAL_CALLS_HELP, proposalCall } from './proposal-call.js';

export const GOV_HELP = `phalanx gov — governance: proposals, referenda, the council

Usage:
  phalanx gov propose CALL [ARGS…] [--deposit AMOUNT]   a public proposal (deposit held until launch)
  phalanx gov second PROPOSAL                           back it with the same deposit
  phalanx gov vote REFERENDUM aye|nay AMOUNT [--conviction 0..6]
                                                        AMOUNT held; conviction n counts it n× (0: 0.1×)
                                                        and keeps it held n enactment periods after the end
  phalanx gov remove-vote REFERENDUM | phalanx gov unlock
  phalanx gov show                                      proposals, running referenda and tallies, council
  phalanx gov council propose THRESHOLD CALL [ARGS…]   a council member's motion (THRESHOLD ayes pass it)
  phalanx gov council vote MOTION aye|nay | phalanx gov council close MOTION
  phalanx gov council stand | phalanx gov council renounce   candidacy for the council (bond held)
  phalanx gov council elect STAKE CANDIDATE…            back up to 16 candidates with STAKE (held)

The best-backed proposal becomes a referendum every launch period; a referendum that passes
(super-majority approve: turnout-biased) dispatches its call with Root after the enactment delay.
This is how a chain without sudo changes its allow-list, gatekeepers, validators and parameters.

${PROPOSAL_CALLS_HELP}

Common: --rpc URL, --suri URI (//Alice), --scheme, --json.`;

const side = (text: string | undefined) => {
  if (text !== 'aye' && text !== 'nay') throw usageError('the vote is "aye" or "nay"');
  return text === 'aye';
};

export async function govCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs('gov', rest, {
    ...CLIENT_OPTIONS,
    deposit: { type: 'string', default: '100PHA' },
    conviction: { type: 'string', default: '0' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    io.out(GOV_HELP);
    return sub === undefined ? 2 : 0;
  }
  return withClient(io, values, (client) =>
    sub === 'council' ? council(client, positionals, values) : democracy(client, sub, positionals, values),
  );
}

type Values = { suri: string; scheme: string; deposit: string; conviction: string };

async function democracy(client: PhalanxClient, sub: string, words: readonly string[], values: Values): Promise<unknown> {
  if (sub === 'show') return show(client);
  const signer = signerFrom(values);
  const [a, b, c] = words;
  let call: RuntimeCall;
  if (sub === 'propose') call = democracyCalls.propose(proposalCall(words), parseAmount(values.deposit));
  else if (sub === 'second') call = democracyCalls.second(integerArg(a, 'PROPOSAL'));
  else if (sub === 'vote') {
    const conviction = integerArg(values.conviction, '--conviction', 6);
    call = democracyCalls.vote(integerArg(a, 'REFERENDUM'), side(b), parseAmount(c ?? ''), conviction);
  } else if (sub === 'remove-vote') call = democracyCalls.removeVote(integerArg(a, 'REFERENDUM'));
  else if (sub === 'unlock') call = democracyCalls.unlock();
  else throw usageError(`unknown gov command "${sub}" (try propose, second, vote, remove-vote, unlock, show or council)`);
  return submitCall(client, signer, call, ['Democracy'], `gov ${sub}`);
}

async function council(client: PhalanxClient, words: readonly string[], values: Values): Promise<unknown> {
  const [sub, a, b, ...more] = words;
  const signer = signerFrom(values);
  let call: RuntimeCall;
  if (sub === 'propose') call = councilCalls.propose(integerArg(a, 'THRESHOLD', 13), proposalCall([b ?? '', ...more]));
  else if (sub === 'vote') call = councilCalls.vote(integerArg(a, 'MOTION'), side(b));
  else if (sub === 'close') call = councilCalls.close(integerArg(a, 'MOTION'));
  else if (sub === 'stand') call = councilCalls.submitCandidacy();
  else if (sub === 'renounce') call = councilCalls.renounceCandidacy();
  else if (sub === 'elect')
    call = councilCalls.voteCandidates(
      [b ?? '', ...more].filter((x) => x !== ''),
      parseAmount(a ?? ''),
    );
  else throw usageError(`unknown gov council command "${sub ?? ''}" (try propose, vote, close, stand, renounce or elect)`);
  return submitCall(client, signer, call, ['Council', 'Democracy', 'Treasury'], `gov council ${sub}`);
}

async function show(client: PhalanxClient) {
  const [proposals, referenda, members, motions, candidates] = await Promise.all([
    democracyProposals(client),
    ongoingReferenda(client),
    councilMembers(client),
    councilMotions(client),
    councilCandidates(client),
  ]);
  return {
    proposals: proposals.public.map((p) => ({
      index: p.index,
      call: callName(p.call),
      proposer: toSs58(p.proposer),
      deposit: p.deposit.toString(),
      seconds: p.seconders.length,
    })),
    external: proposals.external === undefined ? null : { call: callName(proposals.external.call) },
    referenda: referenda.map(({ index, info }) => ({
      index,
      call: callName(info.call),
      end: info.end,
      threshold: info.threshold.tag,
      ayes: info.tally.ayes.toString(),
      nays: info.tally.nays.toString(),
      turnout: info.tally.turnout.toString(),
    })),
    council: {
      members: members.map((m) => toSs58(m)),
      candidates: candidates.map((m) => toSs58(m)),
      motions: motions.map(({ index, motion }) => ({
        index,
        call: callName(motion.call),
        threshold: motion.threshold,
        ayes: motion.ayes.length,
        nays: motion.nays.length,
        end: motion.end,
      })),
    },
  };
}
