import { PhalanxError } from '@phalanx/errors';
import { bytes, decode, encode, fixedBytes, option, str, struct, u8, vec } from '@phalanx/scale';
import { equalBytes } from '../bytes.js';
import { DOMAIN } from '../domains.js';
import { MAX_CONTEXT } from './group.js';
import type { Complaint, Exclusion, Justification } from './types.js';

/**
 * A dealer's private message to one recipient: what the caller encrypts to the recipient (and what
 * the dealer publishes in the clear if the recipient complains). It names the session, the dealer
 * and the recipient, so a payload cannot be replayed into another session or to another recipient.
 */
export interface Payload {
  readonly context: Uint8Array;
  readonly dealer: number;
  readonly recipient: number;
  /** f_dealer(recipient), when the dealer shares a secret. */
  readonly share: Uint8Array | undefined;
  /** Zero-sharing seed contributions for the sets holding dealer and recipient, when it deals seeds. */
  readonly contributions: readonly Uint8Array[];
}

const payloadCodec = struct('ThresholdPayload', {
  tag: str(64),
  context: bytes(MAX_CONTEXT),
  dealer: u8,
  recipient: u8,
  share: option(fixedBytes(32)),
  contributions: vec(fixedBytes(32), 256, 32),
});

export function encodePayload(payload: Payload): Uint8Array {
  return encode(payloadCodec, { tag: DOMAIN.thresholdPayload, ...payload, contributions: [...payload.contributions] });
}

/** The payload if the bytes are one for this session, dealer and recipient; otherwise undefined. */
export function decodePayload(
  bytesIn: Uint8Array | undefined,
  context: Uint8Array,
  dealer: number,
  recipient: number,
): Payload | undefined {
  if (bytesIn === undefined) return undefined;
  let value: ReturnType<typeof payloadCodec.decodeFrom>;
  try {
    value = decode(payloadCodec, bytesIn);
  } catch {
    return undefined;
  }
  if (value.tag !== DOMAIN.thresholdPayload || !equalBytes(value.context, context)) return undefined;
  if (value.dealer !== dealer || value.recipient !== recipient) return undefined;
  return { context: value.context, dealer, recipient, share: value.share, contributions: value.contributions };
}

/**
 * Complaint resolution (Gennaro–Jarecki–Krawczyk–Rabin): a complaint stands unless the dealer
 * published a justification — the accuser's payload in the clear — that passes `payloadValid`.
 * A dealer with a standing complaint is excluded; answered complaints are dismissed (the accuser
 * then uses the published payload). At most one complaint per (dealer, accuser) counts, and only
 * from a recipient of the session (`mayAccuse`): each answer publishes f_dealer(accuser), so
 * complaints "by" outsiders would let anyone collect evaluations of an honest dealer's polynomial.
 * The chain must also authenticate each complaint as sent by its accuser.
 */
export function resolveComplaints(
  dealers: readonly number[],
  mayAccuse: (dealer: number, accuser: number) => boolean,
  complaints: readonly Complaint[],
  justifications: readonly Justification[],
  payloadValid: (dealer: number, accuser: number, payload: Uint8Array) => boolean,
): { excluded: Exclusion[]; dismissed: Complaint[]; answered: Map<string, Uint8Array> } {
  const excluded = new Map<number, string>();
  const dismissed: Complaint[] = [];
  const answered = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  for (const complaint of complaints) {
    const key = `${complaint.dealer}/${complaint.accuser}`;
    if (!dealers.includes(complaint.dealer) || !mayAccuse(complaint.dealer, complaint.accuser) || seen.has(key)) continue;
    seen.add(key);
    const answer = justifications.find(
      (j) =>
        j.dealer === complaint.dealer &&
        j.accuser === complaint.accuser &&
        payloadValid(complaint.dealer, complaint.accuser, j.payload),
    );
    if (answer === undefined) {
      if (!excluded.has(complaint.dealer)) {
        excluded.set(
          complaint.dealer,
          `complaint by ${complaint.accuser} (${complaint.reason}) not answered with a valid payload`,
        );
      }
    } else {
      dismissed.push(complaint);
      answered.set(key, answer.payload);
    }
  }
  return { excluded: [...excluded].map(([dealer, reason]) => ({ dealer, reason })), dismissed, answered };
}

/** Members 1..n other than the dealer. */
export function memberOtherThanDealer(n: number): (dealer: number, accuser: number) => boolean {
  return (dealer, accuser) => Number.isInteger(accuser) && accuser >= 1 && accuser <= n && accuser !== dealer;
}

export function answerKey(dealer: number, accuser: number): string {
  return `${dealer}/${accuser}`;
}

export function requireQualified(qualified: readonly number[], t: number, what: string): void {
  if (qualified.length < t) {
    throw new PhalanxError(
      'INVALID_INPUT',
      `${what}: only ${qualified.length} qualified dealers, at least ${t} are needed (run the session again without the excluded ones)`,
    );
  }
}
