// A worker's online/offline history and heartbeats, from the events of the kept blocks: what the
// chain recorded, newest first.
import type { BlockSummary } from './decode.js';
import { hex } from './format.js';

export interface WorkerEventRow {
  readonly block: number;
  readonly worker: string;
  /** "heartbeat", "offline", "online", "registered". */
  readonly what: string;
  readonly detail: string;
}

export function workerHistory(blocks: readonly BlockSummary[], limit = 30): WorkerEventRow[] {
  const rows: WorkerEventRow[] = [];
  for (let i = blocks.length - 1; i >= 0 && rows.length < limit; i--) {
    const block = blocks[i] as BlockSummary;
    for (const { event } of block.events) {
      if (event.tag !== 'Registry') continue;
      const { value } = event;
      const row = (worker: Uint8Array, what: string, detail: string) =>
        rows.push({ block: block.number, worker: hex(worker), what, detail });
      if (value.tag === 'HeartbeatReceived')
        row(value.value.identity, 'heartbeat', `answered the challenge of #${value.value.challengeBlock}`);
      else if (value.tag === 'WorkerOffline') row(value.value.identity, 'offline', `silent since #${value.value.lastHeartbeat}`);
      else if (value.tag === 'WorkerOnline') row(value.value.identity, 'online', 'answered again');
      else if (value.tag === 'WorkerRegistered')
        row(value.value.identity, 'registered', `confidence ${value.value.confidenceLevel}, ${value.value.tee.tag}`);
    }
  }
  return rows.slice(0, limit);
}
