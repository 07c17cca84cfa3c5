#!/usr/bin/env bash
# Issue 6's performance figures, as ratios against one plain Spring Boot JVM measured in the same run:
# steady throughput (2 and 4 workers), spread, warm-up after start and after HUP, worker boot vs a
# cold java -jar (every JDK in JDKS), memory, and HUP under load. Loopback only, bounded in time
# (about 10 minutes on 2 cores). Writes bench/results/ and the table in docs/performance.md.
#
# Usage: bench/performance.sh      (see bench/performance.py for JAVA, JDKS, ROUNDS, DURATION...)
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
exec python3 bench/performance.py "$@"
