import {
  CommChannels,
  concatBytes,
  openEnvelope,
  openWithCommKey,
  type Sr25519Keypair,
  sealEnvelope,
  sealWithCommKey,
  utf8,
} from '@phalanx/crypto';
import { bool, decode, encode, type Infer, str, struct, u32, u64, vec } from '@phalanx/scale';
import type { Envelope } from './envelope.js';
import { PADDING, pad, unpad } from './padding.js';

/**
 * Contract calls (DESIGN §7): what a caller encrypts to a contract and what comes back. Commands
 * travel on chain as `phat.command(contract, envelope)`; the envelope is sealed to the contract's
 * EcdhKey with the contract and the extrinsic signer in the associated data, and names the nonce of
 * the extrinsic that carries it — so it can be neither moved to another signer or contract nor
 * replayed in another extrinsic.
 *
 * Both are padded to size buckets before sealing (`padding.ts`, `PADDING.call`): the chain sees
 * 256 B, 512 B, … 32 KiB or 60 KiB, not the arguments' length, and a failure looks like a small success.
 */
/**
 * Sizes of a call. The largest command (method + args + nonce) and the largest receipt the engine
 * can produce (32 KiB result, 16 KiB of events) both fit the top call bucket (60 KiB sealed), so each
 * travels in one MQ message (64 KiB); `args` is 60 KiB less room for the framing.
 */
export const CALL_LIMITS = {
  method: 64,
  args: 60 * 1024 - 128,
  result: 32 * 1024,
  error: 1024,
  events: 64,
  eventData: 4096,
} as const;

export const CommandPayload = struct('CommandPayload', {
  method: str(CALL_LIMITS.method),
  /** JSON array of the arguments after `ctx`. */
  args: str(CALL_LIMITS.args),
  /** The account nonce of the extrinsic that carries this command. */
  nonce: u32,
});
export type CommandPayload = Infer<typeof CommandPayload>;

export const ContractEvent = struct('ContractEvent', { name: str(64), data: str(CALL_LIMITS.eventData) });
export type ContractEvent = Infer<typeof ContractEvent>;

/** The receipt of a call, readable by its caller only. */
export const CallReceipt = struct('CallReceipt', {
  ok: bool,
  /** JSON of the returned value when ok. */
  result: str(CALL_LIMITS.result),
  /** The contract's error message (or the limit it broke) when not ok. */
  error: str(CALL_LIMITS.error),
  gasUsed: u64,
  events: vec(ContractEvent, CALL_LIMITS.events),
});
export type CallReceipt = Infer<typeof CallReceipt>;

const ad = (label: string, ...parts: Uint8Array[]) => concatBytes(utf8(label), ...parts);
const u64le = (value: bigint) => encode(u64, value);

// v2: the plaintext is padded (`pad`); a v1 envelope (unpadded) fails authentication instead of decoding wrongly.
export const commandAd = (contract: Uint8Array, sender: Uint8Array) => ad('phalanx/command/v2', contract, sender);
/** `sequence` undefined: the constructor's receipt. */
export const receiptAd = (contract: Uint8Array, sequence: bigint | undefined) =>
  sequence === undefined ? ad('phalanx/receipt/init/v2', contract) : ad('phalanx/receipt/v2', contract, u64le(sequence));
/** Deployer → MasterKey: constructor arguments (the contract key does not exist yet); padded like commands. */
export const instantiateArgsAd = (contract: Uint8Array, deployer: Uint8Array) =>
  ad('phalanx/instantiate-args/v2', contract, deployer);
/** Gatekeepers → the contract itself: the same arguments, re-encrypted to the contract's EcdhKey; padded. */
export const initArgsAd = (contract: Uint8Array) => ad('phalanx/init-args/v2', contract);

/** Client: encrypts a command from `session` (a key the client keeps to read the receipt) to the contract. */
export function sealCommand(
  session: Sr25519Keypair | CommChannels,
  contractEcdh: Uint8Array,
  contract: Uint8Array,
  sender: Uint8Array,
  payload: CommandPayload,
): Envelope {
  const plain = pad(encode(CommandPayload, payload), PADDING.call);
  const associatedData = commandAd(contract, sender);
  if (!(session instanceof CommChannels)) return sealEnvelope(session, contractEcdh, plain, { associatedData });
  return sealWithCommKey(session.with(contractEcdh).to, session.self.publicKey, plain, { associatedData });
}

/** Worker: opens a command with the cached channel key from its sender's session key. */
export function openCommand(commKey: Uint8Array, envelope: Envelope, contract: Uint8Array, sender: Uint8Array): CommandPayload {
  return decode(CommandPayload, unpad(openWithCommKey(commKey, envelope, commandAd(contract, sender)), PADDING.call));
}

/** Worker: the receipt, encrypted to the caller's session key (IV derived: replicas emit the same bytes). */
export function sealReceipt(
  commKey: Uint8Array,
  contractEcdhPubkey: Uint8Array,
  contract: Uint8Array,
  sequence: bigint | undefined,
  receipt: CallReceipt,
  iv: Uint8Array,
): Envelope {
  return sealWithCommKey(commKey, contractEcdhPubkey, pad(encode(CallReceipt, receipt), PADDING.call), {
    associatedData: receiptAd(contract, sequence),
    iv,
  });
}

/** Client: opens a receipt with the session key the command was sent from. */
export function openReceipt(
  session: Sr25519Keypair | CommChannels,
  envelope: Envelope,
  contract: Uint8Array,
  sequence: bigint | undefined,
): CallReceipt {
  const associatedData = receiptAd(contract, sequence);
  const plain =
    session instanceof CommChannels
      ? openWithCommKey(session.with(envelope.senderPubkey).from, envelope, associatedData)
      : openEnvelope(session, envelope, associatedData);
  return decode(CallReceipt, unpad(plain, PADDING.call));
}
