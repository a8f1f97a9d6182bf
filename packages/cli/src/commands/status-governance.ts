import { toHex, toSs58 } from '@phalanx/crypto';
import { Sudo } from '@phalanx/runtime';
import {
  councilMembers,
  currentEra,
  democracyProposals,
  electedGatekeepers,
  electedValidators,
  ongoingReferenda,
  type PhalanxClient,
  treasuryPot,
} from '@phalanx/sdk';

/**
 * What `phalanx status` says about who decides: the staking era and its elected validators and
 * gatekeepers (eras off: null), whether a sudo key exists, and governance's open business.
 */
export async function stakingAndGovernance(client: PhalanxClient) {
  const [era, validators, gatekeepers, proposals, referenda, members, pot, sudo] = await Promise.all([
    currentEra(client),
    electedValidators(client),
    electedGatekeepers(client),
    democracyProposals(client),
    ongoingReferenda(client),
    councilMembers(client),
    treasuryPot(client),
    client.storage(Sudo.Key.key),
  ]);
  const backing = (e: { total: bigint } | undefined) => (e?.total ?? 0n).toString();
  return {
    staking:
      era.nextBoundary === undefined
        ? null
        : {
            era: era.era,
            nextBoundary: era.nextBoundary,
            validators: validators.map((v) => ({
              account: toSs58(v.stash),
              consensusKey: toHex(v.consensusKey),
              backing: backing(v.exposure),
            })),
            gatekeepers: gatekeepers.map((g) => ({
              account: toSs58(g.stash),
              worker: toHex(g.identity),
              backing: backing(g.exposure),
            })),
          },
    governance: {
      sudo: sudo !== undefined,
      proposals: proposals.public.length,
      referenda: referenda.map(({ index, info }) => ({ index, end: info.end })),
      council: members.map((m) => toSs58(m)),
      treasuryPot: pot.toString(),
    },
  };
}
