import { generateKeypair, toHex } from '@phalanx/crypto';
import { isPhalanxError, PhalanxError } from '@phalanx/errors';
import { type PhalanxClient, queryWorker } from '@phalanx/sdk';

/** A worker more blocks than this behind the chain's head is catching up: a call would wait for it. */
export const MAX_LAG_BLOCKS = 10;
/** GET /info is a few hundred bytes plus 67 per contract the worker holds. */
const MAX_INFO_BYTES = 1024 * 1024;

/** What a worker's host says about itself on GET /info (the fields readiness needs). */
interface PublicInfo {
  identity?: string;
  best?: number;
  halted?: string | null;
  masterPubkey?: string | null;
  keyShare?: { index?: unknown; epoch?: unknown } | null;
}

export interface ProbeResult {
  /** The worker answered GET /info and an encrypted ping query, is itself, not halted, and synced. */
  readonly serving: boolean;
  /** Its pRuntime's best block, as its host reported it (null: no answer). */
  readonly best: number | null;
  /** It holds the MasterKey, or a share of it (a gatekeeper that can provision contract keys). */
  readonly holdsMasterKey: boolean;
  /** The epoch of the MasterKey share it holds (threshold MasterKey), null otherwise. */
  readonly shareEpoch: number | null;
  /** Why it is not serving (null when it is). */
  readonly problem: string | null;
}

/**
 * Asks one registered worker whether it serves now: its host's GET /info must answer within
 * `timeoutMs` as the registered identity, its pRuntime must not be halted and must be within
 * `MAX_LAG_BLOCKS` of `head`, and a real query — the worker-level `ping`, signed by a throw-away
 * key, encrypted to the worker's registered key and answered through its host — must come back.
 * Chain state alone cannot tell: a worker stays marked online for a heartbeat window after it stops.
 */
export async function probeWorker(
  client: PhalanxClient,
  id: Uint8Array,
  endpoint: string | null,
  head: number,
  timeoutMs: number,
): Promise<ProbeResult> {
  const failed = (problem: string, best: number | null = null): ProbeResult => ({
    serving: false,
    best,
    holdsMasterKey: false,
    shareEpoch: null,
    problem,
  });
  if (endpoint === null) return failed('it advertises no endpoint');
  let info: PublicInfo;
  try {
    const response = await fetch(new URL('/info', endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return failed(`GET ${endpoint}/info answered HTTP ${response.status}`);
    const parsed: unknown = JSON.parse(await cappedText(response, MAX_INFO_BYTES));
    info = typeof parsed === 'object' && parsed !== null ? (parsed as PublicInfo) : {};
  } catch (error) {
    if (error instanceof SyntaxError) return failed(`its host answered GET ${endpoint}/info with something that is not JSON`);
    if (isPhalanxError(error)) return failed(`${error.code}: ${error.message}`);
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return failed(
      timedOut
        ? `CONNECTION: its host did not answer GET ${endpoint}/info within ${timeoutMs} ms`
        : `CONNECTION: cannot reach its host at ${endpoint} (${reasonOf(error)})`,
    );
  }
  const best = typeof info.best === 'number' ? info.best : null;
  if (info.identity !== toHex(id))
    return failed(`another worker (${String(info.identity ?? 'unknown').slice(0, 66)}) answers at ${endpoint}`, best);
  if (typeof info.halted === 'string') return failed(`its pRuntime halted: ${info.halted.slice(0, 500)}`, best);
  if (best === null || head - best > MAX_LAG_BLOCKS) return failed(`catching up: at block #${best ?? 0} of #${head}`, best);
  const shareEpoch = typeof info.keyShare?.epoch === 'number' ? info.keyShare.epoch : null;
  const holdsMasterKey = typeof info.masterPubkey === 'string' || shareEpoch !== null;
  try {
    const answer = await withTimeout(
      queryWorker(client, generateKeypair('sr25519'), id, { method: 'ping' }),
      timeoutMs,
      `the ping query got no answer within ${timeoutMs} ms`,
    );
    if (!answer.ok)
      return { serving: false, best, holdsMasterKey, shareEpoch, problem: `the ping query failed: ${answer.error}` };
  } catch (error) {
    const code = isPhalanxError(error) ? `${error.code}: ` : '';
    return { serving: false, best, holdsMasterKey, shareEpoch, problem: `the ping query failed: ${code}${reasonOf(error)}` };
  }
  return { serving: true, best, holdsMasterKey, shareEpoch, problem: null };
}

/** Reads a body of at most `limit` bytes: a host's answer is untrusted input. */
async function cappedText(response: Response, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > limit) throw new PhalanxError('CONNECTION', `its GET /info answer is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code === undefined ? message : `${message}: ${cause.code}`;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhalanxError('TIMEOUT', message)), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
