#!/usr/bin/env bash
# The whole reliability suite, one script after another; each prints its own figures and a RESULT line.
# Exit status: 0 when nothing failed (a check whose feature is not in the build reports NOT RUN), 1 otherwise.
#   bash bench/reliability/run-all.sh                            # full size (about 15 minutes on 2 cores)
#   RELIABILITY_SCALE=small bash bench/reliability/run-all.sh     # reduced, for CI (a few minutes)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
declare -A outcome
for check in fuzz mixed-traffic translator-faults azurite-restart xss import-kill; do
  echo "=== $check (RELIABILITY_SCALE=${RELIABILITY_SCALE:-full})"
  bash "$here/$check.sh"
  case $? in 0) outcome[$check]=PASS ;; 2) outcome[$check]="NOT RUN" ;; *) outcome[$check]=FAIL ;; esac
done
echo
echo "| check | result |"
echo "|---|---|"
failed=0
for check in fuzz mixed-traffic translator-faults azurite-restart xss import-kill; do
  echo "| $check | ${outcome[$check]} |"
  [ "${outcome[$check]}" = FAIL ] && failed=1
done
exit $failed
