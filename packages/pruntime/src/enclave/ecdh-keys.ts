import { equalBytes, generateKeypair, openEnvelope, type Sr25519Keypair } from '@phalanx/crypto';
import { isPhalanxError } from '@phalanx/errors';
import type { Envelope } from '@phalanx/primitives';
import { ecdhRotationSettings, Mq, Registry, type StateReader, signEcdhRotation } from '@phalanx/runtime';
import type { EgressItem } from './ecall.js';

/** Blocks after which a rotation the chain has not recorded is sent again (its extrinsic was lost). */
const RESEND_BLOCKS = 50;

/**
 * A pRuntime's EcdhKeys (issue 13 item 5). `current` is the key the chain lists for this worker:
 * what every envelope and query to it is sealed to, and the sender key of what it seals. Every
 * `interval` blocks it makes a new key inside, and sends the rotation signed by its IdentityKey;
 * it switches once the chain records it, keeps honouring the replaced key until the chain's grace
 * window ends (messages and queries in flight still open), then forgets it.
 */
export class EcdhKeys {
  previous: { key: Sr25519Keypair; until: number } | undefined;
  pending: { key: Sr25519Keypair; sentAt: number } | undefined;

  constructor(public current: Sr25519Keypair) {}

  /** Every key that still opens what was sealed to this pRuntime, newest first. */
  all(): Sr25519Keypair[] {
    return this.previous === undefined ? [this.current] : [this.current, this.previous.key];
  }

  /** Opens an envelope sealed to the current or (in its grace window) the previous key. */
  open(envelope: Envelope, associatedData: Uint8Array): Uint8Array {
    let failure: unknown;
    for (const key of this.all()) {
      try {
        return openEnvelope(key, envelope, associatedData);
      } catch (error) {
        if (!isPhalanxError(error, 'DECRYPTION_FAILED')) throw error;
        failure = error;
      }
    }
    throw failure;
  }

  /**
   * Follows the chain: adopts a recorded rotation, forgets an expired key, and starts a rotation
   * when the current key is `interval` blocks old. Returns the rotation to send, if any.
   */
  onBlock(identity: Sr25519Keypair, state: StateReader, block: number): EgressItem[] {
    const record = Registry.Workers.get(state, identity.publicKey);
    if (record === undefined) return [];
    if (this.pending !== undefined && equalBytes(record.info.ecdhPubkey, this.pending.key.publicKey)) {
      const until = Registry.PreviousEcdh.get(state, identity.publicKey)?.until ?? block;
      this.previous = { key: this.current, until };
      this.current = this.pending.key;
      this.pending = undefined;
    }
    if (this.previous !== undefined && block > this.previous.until) this.previous = undefined;
    if (!equalBytes(record.info.ecdhPubkey, this.current.publicKey)) return [];
    const { interval } = ecdhRotationSettings(state);
    const since = Registry.EcdhSince.get(state, identity.publicKey) ?? record.registeredAt;
    if (this.pending === undefined && (interval === 0 || block - since < interval)) return [];
    if (this.pending !== undefined && block - this.pending.sentAt < RESEND_BLOCKS) return [];
    this.pending ??= { key: generateKeypair('sr25519') as Sr25519Keypair, sentAt: block };
    this.pending.sentAt = block;
    const chainId = Mq.ChainId.get(state) ?? new Uint8Array(32);
    const rotation = { worker: identity.publicKey, previous: this.current.publicKey, ecdhPubkey: this.pending.key.publicKey };
    return [{ tag: 'RotateEcdh', value: signEcdhRotation(identity, rotation, chainId) }];
  }
}

/** Whether `key` is a key `worker` is known to seal with now: its listed EcdhKey, or the previous one in its grace window. */
export function honouredEcdh(state: StateReader, worker: Uint8Array, key: Uint8Array, block: number): boolean {
  const listed = Registry.Workers.get(state, worker)?.info.ecdhPubkey;
  if (listed !== undefined && equalBytes(listed, key)) return true;
  const previous = Registry.PreviousEcdh.get(state, worker);
  return previous !== undefined && previous.until >= block && equalBytes(previous.key, key);
}
