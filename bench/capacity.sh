#!/usr/bin/env bash
# Issue 19's capacity figures: requests per 2 s window from a cold start (one plain JVM, then 1, 2 and 4
# workers) and through a HUP and a kill -9 under load, measured in the same run (about 10 minutes on
# 2 cores). Writes bench/results/, docs/images/warm-up-curve.png, docs/images/reload-curve.png and the
# capacity table in docs/performance.md.
#
# Usage: bench/capacity.sh      (see bench/capacity.py for WINDOW, COLD, WORKER_COUNTS, SCENARIOS...)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1 || ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk python3-matplotlib
fi
if [ ! -f sample-app/target/sample-app.jar ]; then
  ./mvnw -B -q -pl sample-app -am clean package -DskipTests
fi
exec python3 bench/capacity.py "$@"
