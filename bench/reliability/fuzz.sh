#!/usr/bin/env bash
# Seed fuzzer: 100,000 mutated seeds (5,000 with RELIABILITY_SCALE=small) through decode + parse (+ normalise
# every 10th that parses). Reports cases/s, rejections by code and exceptions, which must be 0; failing inputs
# are kept in bench/reliability/out/fuzz.
#   bash bench/reliability/fuzz.sh
#   RELIABILITY_SCALE=small bash bench/reliability/fuzz.sh
source "$(dirname "$0")/../scripts/lib.sh"

cases=${FUZZ_CASES:-$([ "${RELIABILITY_SCALE:-full}" = small ] && echo 5000 || echo 100000)}
out="$BENCH_ROOT/bench/reliability/out/fuzz"
log "fuzzing $cases cases"
status=0
result=$(bench_tool fuzz --cases "$cases" --seed "${FUZZ_SEED:-1}" --out "$out") || status=$?
echo "$result"
python3 - "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"\n{r['cases']} cases in {r['seconds']:.1f} s ({r['casesPerSecond']:.0f} cases/s); articles {r['articles']} "
      f"(normalised {r['normalised']}), rejected {r['rejected']}, exceptions {r['exceptions']}; slowest case {r['slowestCaseMs']:.0f} ms")
print("| rejection code | cases |\n|---|---|")
for code, n in r["rejectionsByCode"].items():
    print(f"| {code} | {n} |")
print("RESULT:", "PASS" if r["exceptions"] == 0 else "FAIL")
PY
exit "$status"
