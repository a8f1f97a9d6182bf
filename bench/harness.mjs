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
