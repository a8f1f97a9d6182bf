#!/usr/bin/env bash
# Runs a program (CometBFT) so that it dies with the process that started this script, however
# that process dies (even kill -9): that process holds the write end of our stdin, the kernel
# closes it when it dies, and the watcher below then kills the program. CometBFT alone does not
# notice: it starts shutting down when its ABCI connection breaks, and can hang there.
# SIGTERM/SIGINT are passed on to the program; the script exits with the program's status.
set -u
exec 3<&0
"$@" </dev/null &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
(
  read -r _ <&3 || true
  kill -KILL "$child" 2>/dev/null
) &
watcher=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
