#!/usr/bin/env bash
# Life-cycle actions under steady load, on loopback, bounded in time:
#   baseline  one plain Spring Boot JVM (prefork.enabled=false), no action
#   steady    the prefork server, no action
#   HUP       zero-downtime reload at ACTION_AT seconds
#   TTIN+TTOU one worker more at ACTION_AT, one fewer once it is ready
#   kill -9   SIGKILL of one worker at ACTION_AT
#   USR2      a new master at ACTION_AT; WINCH, then TERM, to the old one once its workers serve
# For each: requests served, failed requests (socket errors + non-2xx), and whether every worker
# that served before the action was replaced. Writes bench/results/ and docs/performance.md.
#
# Usage: bench/lifecycle.sh        (DURATION=20 ACTION_AT=2 CONNECTIONS=32 THREADS=2 WORKERS=2)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
ACTION_AT=${ACTION_AT:-2}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-2}
WARMUP=${WARMUP:-5}
JAR=sample-app/target/sample-app.jar
# every scenario runs with USR2 enabled, so that they differ only by their action
export _JAVA_SR_SIGNUM=39
JAVA=${JAVA:-java}

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl sample-app -am package -DskipTests
fi

OUT=bench/results/lifecycle-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
MASTER=""
trap 'if [ -n "$MASTER" ]; then kill -9 "$MASTER" $(pgrep -P "$MASTER") 2>/dev/null || true; fi' EXIT

await() { # await SECONDS COMMAND...: poll a condition, give up after SECONDS
  local limit=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$limit" ] || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.2
  done
}
none_alive() { local pid; for pid in "$@"; do ! kill -0 "$pid" 2>/dev/null || return 1; done; }
count_in() { grep -c -E "$2" "$1" 2>/dev/null || true; }
at_least() { [ "$(count_in "$1" "$2")" -ge "$3" ]; }

start() { # start LOG ARGS...: starts the server, sets MASTER and PORT
  local log=$1; shift
  "$JAVA" -jar "$JAR" --server.port=0 "$@" > "$log" 2>&1 &
  MASTER=$!
  await 60 at_least "$log" "(Listening at: http://|Tomcat started on port)" 1
  PORT=$(grep -oE "(Listening at: http://[^ ]*:|Tomcat started on port )[0-9]+" "$log" | head -1 | grep -oE "[0-9]+$")
}

stop() {
  kill -TERM "$MASTER" 2>/dev/null || true
  await 60 bash -c "! kill -0 $MASTER 2>/dev/null"
  MASTER=""
}

workers() { { pgrep -P "$MASTER" || true; } | sort; }

failed() { # failed WRK_OUTPUT: socket errors plus non-2xx responses
  local socket non2xx
  socket=$(grep -oE "Socket errors: connect [0-9]+, read [0-9]+, write [0-9]+, timeout [0-9]+" "$1" \
    | grep -oE "[0-9]+" | awk '{ s += $1 } END { print s + 0 }')
  non2xx=$(grep -oE "Non-2xx or 3xx responses: [0-9]+" "$1" | grep -oE "[0-9]+$" || echo 0)
  echo $(( ${socket:-0} + ${non2xx:-0} ))
}
requests() { grep -oE "[0-9]+ requests in" "$1" | grep -oE "^[0-9]+"; }

ROWS=()
scenario() { # scenario NAME ACTION [ARGS...]
  local name=$1 action=$2; shift 2
  local log="$OUT/$name.log" result="$OUT/$name.wrk"
  start "$log" "$@"
  if [ "$action" != "plain" ]; then
    await 120 at_least "$log" "ready in" "$WORKERS"
  else
    await 120 at_least "$log" "Started SampleApplication" 1
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$PORT/" > /dev/null
  local before; before=$(workers)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/" > "$result" &
  local load=$!
  sleep "$ACTION_AT"
  case "$action" in
    hup) kill -HUP "$MASTER" ;;
    ttin) kill -TTIN "$MASTER"
          await 60 at_least "$log" "ready in" $(( WORKERS + 1 ))
          kill -TTOU "$MASTER" ;;
    kill9) kill -9 "$(echo "$before" | head -1)" ;;
    usr2) kill -USR2 "$MASTER"
          await 120 at_least "$log" "ready in" $(( WORKERS * 2 ))
          kill -WINCH "$MASTER"
          await 60 none_alive $before
          local old=$MASTER
          MASTER=$(grep -oE "started new master with pid [0-9]+" "$log" | grep -oE "[0-9]+$")
          kill -TERM "$old"
          await 60 bash -c "! kill -0 $old 2>/dev/null" ;;
  esac
  wait "$load"
  local replaced="n/a" note=""
  if [ "$action" = "hup" ]; then
    await 60 at_least "$log" "Reload complete" 1
    note=$(grep -oE "Reload complete: .* after [0-9.]+ s" "$log" | grep -oE "[0-9.]+ s$")
    # the old generation finishes its in-flight requests before it exits
    await 60 none_alive $before
  fi
  if [ "$action" = "hup" ] || [ "$action" = "kill9" ] || [ "$action" = "usr2" ]; then
    local after; after=$(workers)
    if [ "$action" != "kill9" ]; then
      [ -z "$(comm -12 <(echo "$before") <(echo "$after"))" ] && replaced="yes, all $WORKERS" || replaced="no"
    else
      [ "$(echo "$after" | wc -l)" -eq "$WORKERS" ] && replaced="yes (1 of $WORKERS, as intended)" || replaced="no"
    fi
  fi
  stop
  ROWS+=("| $name | $(requests "$result") | $(failed "$result") | $replaced | ${note:-} |")
  echo "$name: $(requests "$result") requests, $(failed "$result") failed, replaced: $replaced ${note:-}"
}

# the class cache is trained first, as after a first deploy, so that no scenario runs beside training
start "$OUT/primer.log" --prefork.workers=1
await 180 at_least "$OUT/primer.log" "(Class cache ready|Class cache: workers map|Class cache off)" 1
stop

scenario "baseline (1 plain JVM)" plain --prefork.enabled=false
BASE=$(requests "$OUT/baseline (1 plain JVM).wrk")
scenario "steady ($WORKERS workers)" none --prefork.workers="$WORKERS"
scenario "HUP at ${ACTION_AT}s" hup --prefork.workers="$WORKERS"
scenario "TTIN+TTOU from ${ACTION_AT}s" ttin --prefork.workers="$WORKERS"
scenario "kill -9 of a worker at ${ACTION_AT}s" kill9 --prefork.workers="$WORKERS"
scenario "USR2 at ${ACTION_AT}s, then WINCH + TERM" usr2 --prefork.workers="$WORKERS"

JDK=$("$JAVA" -version 2>&1 | head -1)
{
  echo "| Scenario | Requests | Failed | Workers replaced | Reload took | vs. baseline |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for row in "${ROWS[@]}"; do
    n=$(echo "$row" | awk -F'|' '{print $3}' | tr -d ' ')
    ratio=$(awk -v n="$n" -v b="$BASE" 'BEGIN { printf "%.2fx", n / b }')
    echo "$row $ratio |"
  done
} > "$OUT/table.md"
cat "$OUT/table.md"

# docs/performance.md keeps everything outside the markers; the table between them is replaced
DOC=docs/performance.md
START="<!-- lifecycle:start -->"
END="<!-- lifecycle:end -->"
{
  echo "$START"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`bench/lifecycle.sh\` (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on"
  echo "\`GET /\` after a ${WARMUP} s warm-up; action at ${ACTION_AT} s; $WORKERS workers; $(nproc) cores; $JDK):"
  echo
  cat "$OUT/table.md"
  echo
  echo "$END"
} > "$OUT/section.md"
python3 - "$DOC" "$OUT/section.md" "$START" "$END" <<'PY'
import sys
doc, section, start, end = sys.argv[1:]
text = open(doc).read()
new = open(section).read().rstrip("\n")
a, b = text.index(start), text.index(end) + len(end)
open(doc, "w").write(text[:a] + new + text[b:])
PY
echo "Wrote $DOC"
