#!/usr/bin/env bash
# Issue 20's memory figures: the whole server's PSS under load and after 30 s idle, no forced GC, for one
# plain JVM and the prefork server with 2 and 4 workers, measured in the same run (about 6 minutes on
# 2 cores). Writes bench/results/, docs/images/memory-over-time.png and the memory table in
# docs/performance.md.
#
# Usage: bench/memory.sh      (see bench/memory.py for LOAD, IDLE, WORKER_COUNTS, BENCH_PREFORK_ARGS...)
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
exec python3 bench/memory.py "$@"
