#!/usr/bin/env bash
# Starts N workers of one study on this machine against one storage URL, waits for them, and prints each one's log.
# On several machines, run the same dll on each (a Kubernetes Job with parallelism N, or systemd units: docs/distributed.md).
#
#   samples/DistributedTuning/run-workers.sh 4 postgresql://tuner:secret@127.0.0.1:5432/studies [trials per worker]
set -euo pipefail
workers="${1:?number of workers}"
url="${2:?storage URL}"
trials="${3:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
dll="$here/bin/Release/net10.0/DistributedTuning.dll"
[ -f "$dll" ] || dotnet build -c Release "$here" >/dev/null
logs="$(mktemp -d)"
for i in $(seq 1 "$workers"); do
  dotnet "$dll" --storage "$url" --trials "$trials" >"$logs/worker-$i.log" 2>&1 &
done
wait
cat "$logs"/worker-*.log
