import {
  type ContractIdentity,
  contractId,
  contractInput,
  contractKeys,
  derive,
  deriveIv,
  equalBytes,
  threshold,
} from '@phalanx/crypto';
import { type Envelope, type Message, openInstantiateArgsWith, sealInitArgs, signMessage } from '@phalanx/primitives';
import {
  ContractKeysMessage,
  InstantiateRequest,
  KeyAnswerMessage,
  type KeyGroup,
  MQ_TOPICS,
  Mq,
  memberIndex,
  Phat,
  ProvisionRequest,
  type StateReader,
  THRESHOLD_TOPICS,
  Threshold,
} from '@phalanx/runtime';
import { decode, encode } from '@phalanx/scale';
import type { EgressItem } from '../ecall.js';
import { KeyAnswer, keyAnswerAd } from './key-answers.js';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const topicOf = (message: Message) => Buffer.from(message.topic).toString('utf8');
/** Contracts waiting for answers at once (an instantiation flood cannot grow this without bound). */
const MAX_PENDING = 10_000;
/** Blocks between two publications of the same contract's keys while the chain has not recorded them. */
const REPUBLISH_BLOCKS = 10;

interface Pending {
  readonly identity: ContractIdentity;
  /** The deployer's arguments, sealed to the MasterPubkey (new contracts only). */
  readonly args: Envelope | undefined;
  readonly answers: Map<number, KeyAnswer>;
  seed?: Uint8Array;
  /** The group epoch whose answers gave the seed (its agreement partials open the arguments). */
  epoch?: number;
  publishedAt?: number;
}

/**
 * Worker side of deployment under a threshold MasterKey: collects the gatekeepers' answers for
 * each contract it is to run, combines any t valid ones into the contract's seed (bad answers are
 * named and left out), publishes the contract's public keys and re-encrypted constructor arguments
 * as the contract itself when the chain has none yet (every worker emits the same message), and
 * hands the seed to the worker role once the chain's recorded keys match it.
 */
export class ContractKeyCombiner {
  private readonly pending = new Map<string, Pending>();
  /**
   * The group at its last two epochs: answers sent just before a refresh was decided arrive after
   * it, and still combine with each other (never across epochs: those shares do not fit together).
   */
  private readonly groups = new Map<number, threshold.GroupPublic>();
  private session: number | undefined;
  /** Answers refused, by gatekeeper index and reason (the last few; for the operator's view). */
  readonly refused: { contract: string; index: number; reason: string }[] = [];

  constructor(
    private readonly identity: Uint8Array,
    private readonly open: (envelope: Envelope, associatedData: Uint8Array) => Uint8Array,
  ) {}

  onBlock(
    state: StateReader,
    blockNumber: number,
    inbound: readonly Message[],
  ): { keys: Map<string, Uint8Array>; egress: EgressItem[] } {
    const keys = new Map<string, Uint8Array>();
    const egress: EgressItem[] = [];
    const group = Threshold.Group.get(state);
    if (group === undefined) return { keys, egress };
    this.remember(group);
    this.track(state, inbound);
    this.collect(group, inbound);
    for (const [id, pending] of this.pending) {
      if (pending.seed === undefined && pending.answers.size >= group.group.t) this.combine(id, pending);
      if (pending.seed === undefined) continue;
      const contract = new Uint8Array(Buffer.from(id, 'hex'));
      const published = Phat.Contracts.get(state, contract)?.info.publicKeys;
      const derived = contractKeys(pending.seed);
      if (published === undefined) {
        if (pending.publishedAt === undefined || blockNumber - pending.publishedAt >= REPUBLISH_BLOCKS) {
          const item = publication(state, this.groups.get(pending.epoch as number) ?? group.group, contract, pending, derived);
          if (item !== undefined) egress.push(item);
          pending.publishedAt = blockNumber;
        }
        continue;
      }
      if (equalBytes(published.identityPubkey, derived.identity.publicKey)) keys.set(id, pending.seed);
      this.pending.delete(id);
    }
    return { keys, egress };
  }

  /** Requests for contracts of this worker's clusters (new ones), and provisions addressed to it. */
  private track(state: StateReader, inbound: readonly Message[]): void {
    for (const message of inbound) {
      if (message.origin.tag !== 'Pallet' || this.pending.size >= MAX_PENDING) continue;
      const topic = topicOf(message);
      if (topic === MQ_TOPICS.instantiate) {
        const r = decode(InstantiateRequest, message.payload);
        const workers = Phat.Clusters.get(state, r.cluster)?.workers ?? [];
        if (!workers.some((w) => equalBytes(w, this.identity))) continue;
        const identity = { clusterId: r.cluster, deployer: r.deployer, codeHash: r.codeHash, salt: r.salt };
        if (equalBytes(contractId(identity), r.contract))
          this.pending.set(hexOf(r.contract), { identity, args: r.args, answers: new Map() });
      } else if (topic === MQ_TOPICS.provision) {
        const r = decode(ProvisionRequest, message.payload);
        if (!equalBytes(r.worker, this.identity)) continue;
        for (const c of r.contracts) {
          const identity = { clusterId: c.cluster, deployer: c.deployer, codeHash: c.codeHash, salt: c.salt };
          if (equalBytes(contractId(identity), c.contract) && !this.pending.has(hexOf(c.contract)))
            this.pending.set(hexOf(c.contract), { identity, args: undefined, answers: new Map() });
        }
      }
    }
  }

  /** Answers addressed to this worker, each under the index of the group member that sent it. */
  private collect(group: KeyGroup, inbound: readonly Message[]): void {
    for (const message of inbound) {
      if (topicOf(message) !== THRESHOLD_TOPICS.keyAnswer || message.origin.tag !== 'Gatekeeper') continue;
      const index = memberIndex(group.members, message.origin.value);
      if (index === undefined) continue;
      try {
        const outer = decode(KeyAnswerMessage, message.payload);
        const pending = this.pending.get(hexOf(outer.contract));
        if (pending === undefined || !equalBytes(outer.recipient, this.identity)) continue;
        const answer = decode(KeyAnswer, this.open(outer.envelope, keyAnswerAd(outer.contract, this.identity)));
        // An answer speaks for its sender only: another member's index would be a forgery.
        if (answer.seed.index === index && (answer.args === undefined || answer.args.index === index))
          pending.answers.set(index, answer);
      } catch {
        // Not for us, or not decryptable: ignore it; t other answers suffice.
      }
    }
  }

  private remember(group: KeyGroup): void {
    if (this.session !== group.session) this.groups.clear();
    this.session = group.session;
    this.groups.set(group.group.epoch, group.group);
    for (const epoch of this.groups.keys()) if (epoch < group.group.epoch - 1) this.groups.delete(epoch);
  }

  private combine(id: string, pending: Pending): void {
    const input = contractInput(pending.identity);
    // Name and drop every answer that does not verify against its epoch's group, so only good ones combine.
    const byEpoch = new Map<number, threshold.OprfAnswer[]>();
    for (const [index, answer] of pending.answers) {
      const group = this.groups.get(answer.seed.epoch);
      const reason =
        group === undefined
          ? `epoch ${answer.seed.epoch} is not the group's`
          : threshold.oprfAnswerProblem(group, input, answer.seed);
      if (reason === undefined) {
        byEpoch.set(answer.seed.epoch, [...(byEpoch.get(answer.seed.epoch) ?? []), answer.seed]);
        continue;
      }
      pending.answers.delete(index);
      this.refused.push({ contract: id, index, reason });
      if (this.refused.length > 64) this.refused.shift();
    }
    for (const [epoch, answers] of byEpoch) {
      const group = this.groups.get(epoch) as threshold.GroupPublic;
      if (answers.length < group.t) continue;
      pending.seed = threshold.thresholdContractSeed(group, pending.identity, answers).seed;
      pending.epoch = epoch;
      return;
    }
  }
}

/**
 * The contract's keys message, as the contract (origin its identity, signed by it) at sequence 0:
 * public keys and the constructor arguments re-encrypted to the contract's EcdhKey with an IV
 * derived from the seed, so every worker of the contract signs the same payload. Arguments that
 * cannot be opened (a bad envelope, fewer than t agreement partials) become empty, as with the
 * whole key: the constructor then fails with a clear receipt instead of the deployment hanging.
 */
function publication(
  state: StateReader,
  group: threshold.GroupPublic,
  contract: Uint8Array,
  pending: Pending,
  keys: ReturnType<typeof contractKeys>,
): EgressItem | undefined {
  const seed = pending.seed as Uint8Array;
  let args: Uint8Array = new Uint8Array();
  if (pending.args !== undefined) {
    const partials = [...pending.answers.values()].flatMap((a) =>
      a.args === undefined || a.args.epoch !== group.epoch ? [] : [a.args],
    );
    try {
      args = openInstantiateArgsWith(
        (envelope, ad) => threshold.openEnvelopeWithPartials(group, envelope, partials, ad).plaintext,
        pending.args,
        contract,
        pending.identity.deployer,
      );
    } catch {
      args = new Uint8Array();
    }
  }
  const initArgs = sealInitArgs(keys.ecdh, contract, args, deriveIv(derive(seed, 'init-iv'), 0, 0));
  const payload = encode(ContractKeysMessage, {
    contract,
    identityPubkey: keys.identity.publicKey,
    ecdhPubkey: keys.ecdh.publicKey,
    initArgs,
  });
  const origin = { tag: 'Contract' as const, value: keys.identity.publicKey };
  const message: Message = { origin, topic: new TextEncoder().encode(THRESHOLD_TOPICS.contractKeys), payload };
  const chainId = Mq.ChainId.get(state) ?? new Uint8Array(32);
  return { tag: 'PushMessage', value: signMessage(keys.identity, message, Mq.Sequences.get(state, origin) ?? 0n, chainId) };
}
