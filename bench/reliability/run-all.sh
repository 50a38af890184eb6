#!/usr/bin/env bash
# The whole reliability suite, one script after another; each prints its own figures and a RESULT line.
# Exit status: 0 when nothing failed (a check whose feature is not in the build, or that cannot run here, reports
# NOT RUN), 1 otherwise. RELIABILITY_CHECKS="crash-restart disk-full" runs a subset.
#   bash bench/reliability/run-all.sh                            # full size
#   RELIABILITY_SCALE=small bash bench/reliability/run-all.sh     # reduced, for CI
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
checks=${RELIABILITY_CHECKS:-fuzz mixed-traffic translator-faults azurite-restart xss crash-restart disk-full dependency-faults import-kill}
# One Release build of the server and the bench tool for the whole suite; the scripts then reuse them.
dotnet build "$here/../../src/FeedRelay.Server" -c Release -v quiet -nologo >/dev/null \
  && dotnet build "$here/../FeedRelay.Benchmarks" -c Release -v quiet -nologo >/dev/null \
  && export BENCH_SKIP_BUILD=1
declare -A outcome seconds
for check in $checks; do
  echo "=== $check (RELIABILITY_SCALE=${RELIABILITY_SCALE:-full})"
  started=$(date +%s)
  bash "$here/$check.sh"
  case $? in 0) outcome[$check]=PASS ;; 2) outcome[$check]="NOT RUN" ;; *) outcome[$check]=FAIL ;; esac
  seconds[$check]=$(($(date +%s) - started))
done
echo
echo "| check | result | seconds |"
echo "|---|---|---|"
failed=0
for check in $checks; do
  echo "| $check | ${outcome[$check]} | ${seconds[$check]} |"
  [ "${outcome[$check]}" = FAIL ] && failed=1
done
exit $failed
