// A worker's health as the page shows it: what the chain says (online or offline, from its
// heartbeats) together with what its host says on GET /info through the explorer's relay (serving,
// a halted pRuntime, not answering). A halted pRuntime outranks "online": the chain keeps a halted
// worker online until its heartbeat window passes, but it follows no block and answers no query.

/** The fields of a host's GET /info the page uses, or the relay's error; anything else is dropped. */
export interface HostInfo {
  readonly best?: number;
  /** The refusal that halted the pRuntime (its code and reason), when it halted. */
  readonly halted?: string;
  /** Why the host could not be read (the relay's error). */
  readonly message?: string;
}

/** What the relay answered, checked: a host is untrusted and may answer anything. */
export function hostInfoFrom(json: unknown): HostInfo {
  if (typeof json !== 'object' || json === null) return { message: 'its /info answer is not a JSON object' };
  const value = json as Record<string, unknown>;
  const best = typeof value.best === 'number' && Number.isSafeInteger(value.best) ? value.best : undefined;
  return {
    ...(best === undefined ? {} : { best }),
    ...(typeof value.halted === 'string' ? { halted: value.halted.slice(0, 500) } : {}),
    ...(typeof value.message === 'string' ? { message: value.message.slice(0, 200) } : {}),
  };
}

export type HealthState = 'serving' | 'halted' | 'offline' | 'not-answering' | 'unknown';

export interface WorkerHealth {
  readonly state: HealthState;
  /** The short status: "online", "offline" or "halted". */
  readonly status: string;
  /** What its host says: serving and synced, halted and why, not answering. */
  readonly host: string;
  /** Shown as a bad state. */
  readonly bad: boolean;
}

/** One worker: `online` from the chain, `info` from its host (undefined: not asked yet). */
export function workerHealth(online: boolean, info: HostInfo | undefined): WorkerHealth {
  const host =
    info === undefined
      ? '…'
      : info.halted !== undefined
        ? `pRuntime halted: ${info.halted}`
        : info.best !== undefined
          ? `serving, synced to #${info.best}`
          : `not answering${info.message ? ` (${info.message.slice(0, 80)})` : ''}`;
  if (info?.halted !== undefined) return { state: 'halted', status: 'halted', host, bad: true };
  if (!online) return { state: 'offline', status: 'offline', host, bad: true };
  if (info === undefined) return { state: 'unknown', status: 'online', host, bad: false };
  if (info.best === undefined) return { state: 'not-answering', status: 'online', host, bad: true };
  return { state: 'serving', status: 'online', host, bad: false };
}

export interface HealthSummary {
  readonly total: number;
  readonly counts: Readonly<Record<HealthState, number>>;
  /** One line, e.g. "3 workers: 2 serving, 1 pRuntime halted". */
  readonly text: string;
  /** Some worker is halted, offline or not answering. */
  readonly bad: boolean;
}

const WORDS: [HealthState, string][] = [
  ['serving', 'serving'],
  ['halted', 'pRuntime halted'],
  ['offline', 'offline'],
  ['not-answering', 'not answering'],
  ['unknown', 'not asked yet'],
];

export function healthSummary(healths: readonly WorkerHealth[]): HealthSummary {
  const counts: Record<HealthState, number> = { serving: 0, halted: 0, offline: 0, 'not-answering': 0, unknown: 0 };
  for (const health of healths) counts[health.state]++;
  const parts = WORDS.filter(([state]) => state === 'serving' || counts[state] > 0).map(
    ([state, word]) => `${counts[state]} ${word}`,
  );
  const total = healths.length;
  return {
    total,
    counts,
    text: `${total} worker${total === 1 ? '' : 's'}: ${parts.join(', ')}`,
    bad: counts.halted + counts.offline + counts['not-answering'] > 0,
  };
}
