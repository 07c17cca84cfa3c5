#!/usr/bin/env bash
# Issue 19's capacity figures: requests per 2 s window from a cold start (one plain JVM, then 1, 2 and 4
# workers) and through a HUP and a kill -9 under load, with and without the slow start, measured in the same run (about 15 minutes on
# 2 cores). Writes bench/results/, docs/images/warm-up-curve.png, docs/images/reload-curve.png and the
# capacity table in docs/performance.md.
#
# Usage: bench/capacity.sh      (see bench/capacity.py for WINDOW, COLD, WORKER_COUNTS, SCENARIOS...)
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
exec python3 bench/capacity.py "$@"
