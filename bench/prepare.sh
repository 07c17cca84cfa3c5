#!/usr/bin/env bash
# Sourced by the bench scripts: moves to the project's root, installs wrk and the system Python's
# matplotlib (for the pictures) when missing, and builds the sample app's jar when there is none.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v wrk >/dev/null 2>&1 || ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk python3-matplotlib
fi
if [ ! -f sample-app/target/sample-app.jar ]; then
  ./mvnw -B -q -pl sample-app -am clean package -DskipTests
fi
