import {
  concatBytes,
  deriveIv,
  equalBytes,
  generateKeypair,
  masterDerivedSecret,
  Sr25519Keypair,
  sealEnvelope,
  utf8,
} from '@phalanx/crypto';
import { Envelope, type Message, type MessageOrigin, PublicKey, signMessage } from '@phalanx/primitives';
import { MQ_TOPICS, Mq, Registry, type StateReader } from '@phalanx/runtime';
import { decode, encode, type Infer, struct } from '@phalanx/scale';
import { deployContracts } from './contracts.js';
import type { EgressItem } from './ecall.js';

/** Gatekeeper → gatekeeper: the MasterKey, encrypted to the recipient's EcdhKey. */
export const MASTER_KEY_TOPIC = 'phalanx/gatekeeper/master-key';
export const MasterKeyHandover = struct('MasterKeyHandover', { recipient: PublicKey, envelope: Envelope });
export type MasterKeyHandover = Infer<typeof MasterKeyHandover>;

const handoverAd = (recipient: Uint8Array) => concatBytes(utf8(MASTER_KEY_TOPIC), recipient);

/** What a gatekeeper pRuntime keeps (sealed with its checkpoint). */
export interface GatekeeperState {
  master: Sr25519Keypair | undefined;
  /** A MasterKey this pRuntime made and published, until the chain shows which one it kept. */
  proposed: Sr25519Keypair | undefined;
  /** Gatekeepers already sent the MasterKey (by identity, hex). */
  readonly handedTo: Set<string>;
}

export function newGatekeeperState(): GatekeeperState {
  return { master: undefined, proposed: undefined, handedTo: new Set() };
}

interface Context {
  readonly identity: Sr25519Keypair;
  readonly ecdh: Sr25519Keypair;
  /** Opens what was sealed to this pRuntime's current or (in its grace window) previous EcdhKey. */
  readonly open: (envelope: Envelope, associatedData: Uint8Array) => Uint8Array;
  readonly state: StateReader;
  readonly blockNumber: number;
  readonly inbound: readonly Message[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function nextSequence(state: StateReader, origin: MessageOrigin): bigint {
  return Mq.Sequences.get(state, origin) ?? 0n;
}

/**
 * One block of gatekeeper duty, read from verified state only (spec 002 "Gatekeeper",
 * "MasterKey Generation"). The first gatekeeper makes the MasterKey inside and publishes its public
 * key; a later one receives it from a holder over the on-chain channel (to its EcdhKey) and checks it
 * against the registered public key. Holders send it only to registered gatekeepers — never to a
 * plain worker — with the MasterKey as sender and a derived IV, so every holder emits the same bytes
 * and the chain keeps one copy (same origin, same sequence).
 */
export function gatekeeperDuty(role: GatekeeperState, ctx: Context): EgressItem[] {
  const gatekeepers = Registry.Gatekeepers.getOr(ctx.state, []);
  // A gatekeeper voted out (an election, governance) stops serving and forgets the MasterKey: one
  // it no longer needs is one fewer copy to steal. It is sent again if it is listed again.
  if (!gatekeepers.some((key) => equalBytes(key, ctx.identity.publicKey))) {
    if (role.master !== undefined || role.proposed !== undefined) forget(role);
    return [];
  }
  const listed = new Set(gatekeepers.map(hex));
  for (const sent of role.handedTo) if (!listed.has(sent)) role.handedTo.delete(sent);
  const onChain = Registry.MasterPubkey.get(ctx.state);
  const chainId = Mq.ChainId.get(ctx.state) ?? new Uint8Array(32);

  if (role.master === undefined && onChain === undefined) {
    if (role.proposed !== undefined) return []; // published; waiting for the chain to take it
    role.proposed = generateKeypair('sr25519') as Sr25519Keypair;
    const origin: MessageOrigin = { tag: 'Gatekeeper', value: ctx.identity.publicKey };
    const message: Message = { origin, topic: utf8(MQ_TOPICS.masterPubkey), payload: encode(PublicKey, role.proposed.publicKey) };
    return [{ tag: 'PushMessage', value: signMessage(ctx.identity, message, nextSequence(ctx.state, origin), chainId) }];
  }

  if (role.master === undefined && onChain !== undefined) {
    if (role.proposed !== undefined && equalBytes(role.proposed.publicKey, onChain)) role.master = role.proposed;
    else role.master = receiveHandover(ctx, onChain);
    role.proposed = undefined;
    if (role.master === undefined) return [];
  }

  const master = role.master as Sr25519Keypair;
  const origin: MessageOrigin = { tag: 'Gatekeeper', value: master.publicKey };
  let sequence = nextSequence(ctx.state, origin);
  const ivKey = masterDerivedSecret(master, 'gatekeeper-iv');
  const egress: EgressItem[] = [];
  for (const recipient of gatekeepers) {
    if (equalBytes(recipient, ctx.identity.publicKey) || role.handedTo.has(hex(recipient))) continue;
    const record = Registry.Workers.get(ctx.state, recipient);
    if (record === undefined) continue;
    const envelope = sealEnvelope(master, record.info.ecdhPubkey, master.exportSecret(), {
      associatedData: handoverAd(recipient),
      iv: deriveIv(ivKey, ctx.blockNumber, sequence),
    });
    const payload = encode(MasterKeyHandover, { recipient, envelope });
    const message: Message = { origin, topic: utf8(MASTER_KEY_TOPIC), payload };
    egress.push({ tag: 'PushMessage', value: signMessage(master, message, sequence, chainId) });
    role.handedTo.add(hex(recipient));
    sequence++;
  }
  egress.push(...deployContracts(master, ctx.state, ctx.blockNumber, ctx.inbound, sequence));
  return egress;
}

/** The whole MasterKey is gone from this pRuntime (it now exists only as shares, or it left the list). */
export function forgetWholeKey(role: GatekeeperState): void {
  forget(role);
}

function forget(role: GatekeeperState): void {
  // The keypair's secret lives in the wasm-backed keypair object; dropping every reference is what
  // JavaScript offers (no guaranteed zeroing), and the next checkpoint seals no MasterKey.
  role.master = undefined;
  role.proposed = undefined;
  role.handedTo.clear();
}

/** Finds a handover addressed to this pRuntime in the block's messages and checks the key it carries. */
function receiveHandover(ctx: Context, registered: Uint8Array): Sr25519Keypair | undefined {
  for (const message of ctx.inbound) {
    if (Buffer.from(message.topic).toString('utf8') !== MASTER_KEY_TOPIC) continue;
    if (message.origin.tag !== 'Gatekeeper' || !equalBytes(message.origin.value, registered)) continue;
    let handover: MasterKeyHandover;
    try {
      handover = decode(MasterKeyHandover, message.payload);
      if (!equalBytes(handover.recipient, ctx.identity.publicKey)) continue;
      const secret = ctx.open(handover.envelope, handoverAd(ctx.identity.publicKey));
      const master = Sr25519Keypair.fromSecret(secret);
      secret.fill(0);
      if (equalBytes(master.publicKey, registered)) return master;
    } catch {
      // Not decryptable or not the registered key: ignore it, a genuine copy may follow.
    }
  }
  return undefined;
}
