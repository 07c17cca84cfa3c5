#!/usr/bin/env bash
# Issue 20's memory figures: the whole server's PSS under load and after 30 s idle, no forced GC, for one
# plain JVM and the prefork server with 2 and 4 workers, measured in the same run (about 6 minutes on
# 2 cores). Writes bench/results/, docs/images/memory-over-time.png and the memory table in
# docs/performance.md.
#
# Usage: bench/memory.sh      (see bench/memory.py for LOAD, IDLE, WORKER_COUNTS, BENCH_PREFORK_ARGS...)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1 || ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk python3-matplotlib
fi
if [ ! -f sample-app/target/sample-app.jar ]; then
  ./mvnw -B -q -pl sample-app -am clean package -DskipTests
fi
exec python3 bench/memory.py "$@"
