// A chain whose MasterKey is made by a DKG among three gatekeepers (t = 2), and members that play
// the rounds with the real threshold crypto, their messages pushed through the MQ as on a node.
import { randomBytes, type Sr25519Keypair, sealEnvelope, threshold } from '@phalanx/crypto';
import { encode } from '@phalanx/scale';
import {
  DealingMessage,
  DkgPayloadMessage,
  devGenesisConfig,
  JustifyMessage,
  Mq,
  ReadyMessage,
  THRESHOLD_TOPICS,
  Threshold,
} from '../src/index.js';
import { dev, GENESIS_TIME, mq, registerGatekeeper, signed, TestChain, type TestWorker } from './pallet-helpers.js';

export interface Member {
  readonly gk: TestWorker;
  readonly index: number;
  sequence: bigint;
  state?: threshold.DkgState;
  dealing?: threshold.DkgDealing;
}

export function thresholdChain(t = 2, n = 3, phaseBlocks = 20, refreshPeriod = 0): { chain: TestChain; members: Member[] } {
  const chain = new TestChain({ ...devGenesisConfig(GENESIS_TIME), threshold: { t, n, phaseBlocks, refreshPeriod } });
  const members = Array.from({ length: n }, (_, i) => ({
    gk: registerGatekeeper(chain, `tgk${i + 1}`),
    index: i + 1,
    sequence: 0n,
  }));
  chain.block([]); // the session starts at the next block's start
  return { chain, members };
}

export function session(chain: TestChain) {
  const current = Threshold.Session.get(chain.state);
  if (current === undefined) throw new TypeError('no DKG session');
  return current;
}

/** Pushes a gatekeeper message from `member` (relayed by Bob). */
export function push(chain: TestChain, member: Member, topic: string, payload: Uint8Array) {
  const origin = { tag: 'Gatekeeper' as const, value: member.gk.identity.publicKey };
  const msg = signed(chain, member.gk.identity, origin, topic, payload, member.sequence);
  member.sequence++;
  return chain.submit(dev.bob, mq.push(msg));
}

export function deal(chain: TestChain, member: Member, tamper?: (d: threshold.DkgDealing) => threshold.DkgDealing) {
  const s = session(chain);
  const started = threshold.dkgStart({ n: s.members.length, t: s.t }, member.index, s.context, randomBytes);
  member.state = started.state;
  member.dealing = started.dealing;
  const dealing = tamper ? tamper(started.dealing) : started.dealing;
  return push(chain, member, THRESHOLD_TOPICS.dealing, encode(DealingMessage, { session: s.id, dealing }));
}

/** The payload `dealer` sends `recipient`, encrypted, as the MQ relays it (the chain never reads it). */
export function payloadTo(chain: TestChain, dealer: Member, recipient: Member, corrupt = false) {
  const s = session(chain);
  const bytes = threshold.dkgPayload(dealer.state as threshold.DkgState, recipient.index);
  if (corrupt) bytes[bytes.length - 40] = (bytes[bytes.length - 40] as number) ^ 1;
  const envelope = sealEnvelope(dealer.gk.ecdh as Sr25519Keypair, recipient.gk.ecdh.publicKey, bytes);
  return {
    bytes,
    message: encode(DkgPayloadMessage, { session: s.id, dealer: dealer.index, recipient: recipient.index, envelope }),
  };
}

export function ready(chain: TestChain, member: Member, complaints: threshold.Complaint[] = []) {
  return push(chain, member, THRESHOLD_TOPICS.ready, encode(ReadyMessage, { session: session(chain).id, complaints }));
}

export function justify(chain: TestChain, member: Member, justifications: threshold.Justification[]) {
  return push(chain, member, THRESHOLD_TOPICS.justify, encode(JustifyMessage, { session: session(chain).id, justifications }));
}

export const outboundTopics = (chain: TestChain) =>
  Array.from({ length: Mq.OutboundCount.get(chain.state) ?? 0 }, (_, i) =>
    Buffer.from(Mq.Outbound.get(chain.state, i)?.topic ?? []).toString('utf8'),
  );
