// Who decides: the staking era and its elections (validators, gatekeepers, candidates), democracy
// (proposals, referenda with tallies), the council (members, motions) and the treasury (pot, spends).
// Everything is read through the SDK's typed helpers, the same the CLI's `stake`, `gov` and
// `treasury` commands use.
import { toHex, toSs58 } from '@phalanx/crypto';
import { Sudo } from '@phalanx/runtime';
import {
  callName,
  councilMembers,
  councilMotions,
  currentEra,
  democracyProposals,
  electedGatekeepers,
  electedValidators,
  ongoingReferenda,
  type PhalanxClient,
  stakingCandidates,
  treasuryPot,
  treasurySpends,
} from '@phalanx/sdk';
import { formatBalance, shortHash } from '../../view/format.js';
import type { Ctx } from '../context.js';
import { facts, h, section, table } from '../dom.js';

const who = (account: Uint8Array) => shortHash(toSs58(account), 6);

async function stakingSections(client: PhalanxClient) {
  const era = await currentEra(client);
  if (era.nextBoundary === undefined)
    return [section('Staking', h('p', {}, 'NPoS elections are off on this chain (eraLength 0).'))];
  const [validators, gatekeepers, candidates] = await Promise.all([
    electedValidators(client),
    electedGatekeepers(client),
    stakingCandidates(client),
  ]);
  return [
    section(
      `Staking: era ${era.era}`,
      facts([
        ['began at', `#${era.start}`],
        ['next election applies at', `#${era.nextBoundary}`],
        ['validators / gatekeepers to elect', `${era.params.validatorCount} / ${era.params.gatekeeperCount}`],
        ['era reward', formatBalance(era.params.eraReward)],
      ]),
      table(
        ['elected validator', 'consensus key', 'commission', 'backing', 'nominators'],
        validators.map((v) => [
          who(v.stash),
          shortHash(toHex(v.consensusKey)),
          `${v.commission / 10_000} %`,
          formatBalance(v.exposure?.total ?? 0n),
          v.exposure?.others.length ?? 0,
        ]),
        'elected-validators',
      ),
      table(
        ['elected gatekeeper', 'worker', 'backing'],
        gatekeepers.map((g) => [who(g.stash), shortHash(toHex(g.identity)), formatBalance(g.exposure?.total ?? 0n)]),
      ),
      table(
        ['candidate', 'for', 'bonded'],
        [
          ...candidates.validators.map((c) => [who(c.who), 'validator', formatBalance(c.active)]),
          ...candidates.gatekeepers.map((c) => [who(c.who), 'gatekeeper', formatBalance(c.active)]),
        ],
      ),
    ),
  ];
}

async function governanceSections(client: PhalanxClient) {
  const [proposals, referenda, members, motions, pot, spends, sudo] = await Promise.all([
    democracyProposals(client),
    ongoingReferenda(client),
    councilMembers(client),
    councilMotions(client),
    treasuryPot(client),
    treasurySpends(client),
    client.storage(Sudo.Key.key),
  ]);
  return [
    section(
      'Governance',
      h(
        'p',
        { 'data-testid': 'sudo' },
        sudo === undefined
          ? 'No sudo key: only referenda (and the council) change this chain.'
          : 'A sudo key exists: a development chain, where one key can change anything.',
      ),
      table(
        ['proposal', 'call', 'proposer', 'deposit', 'seconds'],
        proposals.public.map((p) => [p.index, callName(p.call), who(p.proposer), formatBalance(p.deposit), p.seconders.length]),
        'proposals',
      ),
      table(
        ['referendum', 'call', 'ends', 'ayes', 'nays', 'turnout'],
        referenda.map(({ index, info }) => [
          index,
          callName(info.call),
          `#${info.end}`,
          formatBalance(info.tally.ayes),
          formatBalance(info.tally.nays),
          formatBalance(info.tally.turnout),
        ]),
        'referenda',
      ),
    ),
    section(
      `Council (${members.length})`,
      h('p', {}, members.map(who).join(', ') || 'no members'),
      table(
        ['motion', 'call', 'threshold', 'ayes', 'nays', 'ends'],
        motions.map(({ index, motion }) => [
          index,
          callName(motion.call),
          motion.threshold,
          motion.ayes.length,
          motion.nays.length,
          `#${motion.end}`,
        ]),
      ),
    ),
    section(
      'Treasury',
      facts([['pot', formatBalance(pot)]], 'treasury'),
      table(
        ['spend', 'beneficiary', 'value', 'bond', 'approved'],
        spends.map(({ id, spend, approved }) => [
          id,
          who(spend.beneficiary),
          formatBalance(spend.value),
          formatBalance(spend.bond),
          approved ? 'yes' : 'no',
        ]),
      ),
    ),
  ];
}

export function governanceView(ctx: Ctx): HTMLElement {
  return ctx.region(h('div'), async () => {
    const client = ctx.live.client;
    if (client === undefined) return ['not connected'];
    const [staking, governance] = await Promise.all([stakingSections(client), governanceSections(client)]);
    return [...staking, ...governance];
  });
}
