import { createServer } from 'node:net';
// Shared timing loop: runs `fn` in batches until `seconds` have passed (after a warm-up) and
// returns operations per second, rounded. Wall-clock time is fine here: benchmarks measure.
export function opsPerSecond(fn, { seconds = 1, batch = 64, warmup = 0.2 } = {}) {
  const until = (limit) => {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < limit * 1000) {
      for (let i = 0; i < batch; i++) fn();
      count += batch;
      elapsed = performance.now() - start;
    }
    return (count / elapsed) * 1000;
  };
  until(warmup);
  return Math.round(until(seconds));
}

/**
 * `size` consecutive free ports starting in 20000-29999, below the OS's ephemeral range (where
 * port-0 listeners land), so a devnet can take them all.
 */
export async function freePorts(size = 1) {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await Promise.all(
      Array.from(
        { length: size },
        (_, i) =>
          new Promise((resolve) => {
            const server = createServer();
            server.once('error', () => resolve(false));
            server.listen(base + i, '127.0.0.1', () => server.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
}
