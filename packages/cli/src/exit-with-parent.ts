/**
 * A child of `phalanx devnet` stops when its launcher dies, even by `kill -9` (which runs no handler
 * in the launcher): the launcher holds the write end of the child's stdin, the kernel closes it with
 * the launcher, and the child sees end-of-file. It then stops as on SIGTERM (workers checkpoint), and
 * exits regardless after `graceMs`.
 */
export const EXIT_WITH_PARENT_ENV = 'PHALANX_EXIT_WITH_PARENT';

export function exitWithParent(graceMs = 15_000): () => void {
  const stop = () => {
    setTimeout(() => process.exit(1), graceMs).unref();
    process.kill(process.pid, 'SIGTERM');
  };
  process.stdin.once('end', stop);
  process.stdin.once('error', stop);
  process.stdin.resume();
  // Call once the command is done: a stdin still being read keeps the process alive after it returns.
  return () => {
    process.stdin.off('end', stop);
    process.stdin.off('error', stop);
    process.stdin.destroy();
  };
}
