// What a view gets: the live connection and a way to keep parts of itself up to date. A region
// registered with `live` is refilled when blocks arrive (at most every 700 ms), until the page
// navigates away; forms stay as the user left them.
import type { Live } from './live.js';

export interface Ctx {
  readonly live: Live;
  /** The route's parts after the view name: `#/block/12` → ['12']. */
  readonly params: readonly string[];
  /** Keeps `region` filled by `fill`, now and after each change. */
  region(region: HTMLElement, fill: () => Promise<(Node | string)[]> | (Node | string)[]): HTMLElement;
}

export function makeRegions(live: Live): { ctx: (params: readonly string[]) => Ctx; clear(): void } {
  let regions: { region: HTMLElement; fill: () => Promise<(Node | string)[]> | (Node | string)[]; busy: boolean }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const refresh = (entry: (typeof regions)[number], gen: number) => {
    if (entry.busy) return;
    entry.busy = true;
    Promise.resolve()
      .then(() => entry.fill())
      .then((nodes) => gen === generation && entry.region.replaceChildren(...nodes))
      .catch((error: Error) => gen === generation && entry.region.replaceChildren(`could not load: ${error.message}`))
      .finally(() => {
        entry.busy = false;
      });
  };
  // At most one refill per 700 ms, the first at once (the first block shows as soon as it is in).
  let lastRun = 0;
  const runAll = () => {
    timer = undefined;
    lastRun = Date.now();
    for (const entry of regions) refresh(entry, generation);
  };
  let hadBlocks = false;
  live.onChange(() => {
    // The first block shows at once, whatever the throttle says.
    const first = !hadBlocks && live.blocks.size > 0;
    hadBlocks = live.blocks.size > 0;
    if (first) {
      clearTimeout(timer);
      return runAll();
    }
    if (timer !== undefined) return;
    const wait = lastRun + 700 - Date.now();
    if (wait <= 0) runAll();
    else timer = setTimeout(runAll, wait);
  });
  return {
    clear() {
      generation++;
      regions = [];
    },
    ctx: (params) => ({
      live,
      params,
      region(region, fill) {
        const entry = { region, fill, busy: false };
        regions.push(entry);
        refresh(entry, generation);
        return region;
      },
    }),
  };
}
