#!/usr/bin/env bash
# Faulty dependencies: four runs of the server, each with one dependency misbehaving while seeds arrive in batches
# and a feed is requested every 100 ms (pinger.py) for FAULT_SECONDS (60; 20 with RELIABILITY_SCALE=small):
#   hub-hang        FeedRelay__Feeds__WebSubHubUrl at a hub that accepts and never answers (WebSubTimeoutMs 2,000)
#   hub-500         a hub that answers 500 to every publish request
#   translator-bad  FeedRelay__Translation__Endpoint at fake_translator.py answering every request with a malformed 200
#   storage-denied  FeedRelay__Storage__Kind=Azure against Azurite with a wrong AccountKey
# The first three must answer every feed request (0 failures) and stay up, with /api/health naming the failing part.
# With refused storage the feeds have no content to serve: the server must stay up, answer every request with an
# HTTP status (no timeout or refused connection) and report the store as failing in /api/health (503, "unhealthy").
#   bash bench/reliability/dependency-faults.sh
#   FAULT_CASES="hub-hang" bash bench/reliability/dependency-faults.sh
source "$(dirname "$0")/../scripts/lib.sh"
build_app
here="$BENCH_ROOT/bench/reliability"

if [ "${RELIABILITY_SCALE:-full}" = small ]; then seconds=20 seeds=100; else seconds=60 seeds=400; fi
seconds=${FAULT_SECONDS:-$seconds}
seeds=${FAULT_SEEDS:-$seeds}
cases=${FAULT_CASES:-hub-hang hub-500 translator-bad storage-denied}
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/all-seeds" >/dev/null
: >"$BENCH_WORK/results.jsonl"

run_case() {
  local name=$1 env=() helper="" hub_port="" t_port="" blob queue table
  local seeds_dir="$BENCH_WORK/$name/seeds" data="$BENCH_WORK/$name/data"
  mkdir -p "$seeds_dir" "$BENCH_WORK/$name/staging"
  cp "$BENCH_WORK"/all-seeds/* "$BENCH_WORK/$name/staging/"
  case $name in
    hub-hang | hub-500)
      hub_port=$(free_port)
      python3 "$here/fake_hub.py" "$hub_port" "${name#hub-}" >"$BENCH_WORK/$name/hub.log" 2>&1 &
      helper=$!
      wait_http "http://127.0.0.1:$hub_port/stats" 20
      env=(FeedRelay__Feeds__WebSubHubUrl="http://127.0.0.1:$hub_port/" FeedRelay__Feeds__WebSubTimeoutMs=2000
        FeedRelay__Feeds__WebSubPollMs=500) ;;
    translator-bad)
      t_port=$(free_port)
      FAULTS="malformed:1.0" python3 "$here/fake_translator.py" "$t_port" >"$BENCH_WORK/$name/translator.log" 2>&1 &
      helper=$!
      wait_http "http://127.0.0.1:$t_port/stats" 20
      env=(FeedRelay__Translation__Endpoint="http://127.0.0.1:$t_port" FeedRelay__Translation__Key=fake-key
        FeedRelay__Translation__Region=local FeedRelay__Translation__ParkedRetryMs=2000
        FeedRelay__Translation__MaxParkedRetryMs=4000 FeedRelay__Translation__PollIntervalMs=500) ;;
    storage-denied)
      ensure_node_modules "$here/node"
      blob=$(free_port) queue=$(free_port) table=$(free_port)
      mkdir -p "$BENCH_WORK/$name/azurite"
      "$here/node/node_modules/.bin/azurite" --silent --location "$BENCH_WORK/$name/azurite" \
        --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
        --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck >"$BENCH_WORK/$name/azurite.log" 2>&1 &
      helper=$!
      for ((i = 0; i < 200; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null && break; sleep 0.1; done
      # A well-formed key that is not the emulator's: every request is refused (403, signature mismatch).
      local wrong="V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk="
      env=(FeedRelay__Storage__Kind=Azure
        FeedRelay__Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$wrong;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;") ;;
  esac
  BENCH_PIDS+=("$helper")
  local port
  port=$(free_port)
  start_app "$port" "$seeds_dir" "$data" "${env[@]}"
  local up=1
  # Up: answering HTTP (with refused storage, /api/health answers 503 "unhealthy").
  wait_answer "http://127.0.0.1:$port/api/health" 60 || up=0
  python3 "$here/pinger.py" "http://127.0.0.1:$port/api/feeds/all.rss" "$BENCH_WORK/$name/pings.txt" "$BENCH_WORK/$name/stop" &
  local pinger=$!
  BENCH_PIDS+=("$pinger")
  # Seeds arrive in ten batches over the first half of the window, so that feeds keep changing (WebSub notifies).
  local files=("$BENCH_WORK/$name"/staging/*) b per=$(((${#files[@]} + 9) / 10))
  for ((b = 0; b < 10; b++)); do
    [ $((b * per)) -lt ${#files[@]} ] && mv "${files[@]:$((b * per)):per}" "$seeds_dir/"
    sleep "$(python3 -c "print($seconds / 20)")"
  done
  sleep "$(python3 -c "print($seconds / 2)")"
  local health alive=0 extra="{}" tstatus="{}"
  health=$(curl -sS --max-time 5 "http://127.0.0.1:$port/api/health" 2>/dev/null || echo '{}')
  [ -n "$t_port" ] && tstatus=$(curl -sS --max-time 5 "http://127.0.0.1:$port/api/translation/status" 2>/dev/null || echo '{}')
  touch "$BENCH_WORK/$name/stop"; wait "$pinger" 2>/dev/null || true
  kill -0 "$APP_PID" 2>/dev/null && alive=1
  [ -n "$hub_port" ] && extra=$(curl -fsS "http://127.0.0.1:$hub_port/stats" || echo '{}')
  [ -n "$t_port" ] && extra=$(curl -fsS "http://127.0.0.1:$t_port/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"requests": d["requests"], "byOutcome": d["byOutcome"]}))')
  local status_line
  status_line=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/feeds/all.rss" 2>/dev/null || true)
  local example
  example=$(curl -sS --max-time 5 "http://127.0.0.1:$port/api/feeds/all.rss" 2>/dev/null | head -c 200 | tr '\n' ' ' || true)
  kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true
  # Azurite can hang on SIGTERM: killed when it has not closed within 5 s.
  kill "$helper" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$helper" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$helper" 2>/dev/null || true; wait "$helper" 2>/dev/null || true
  local errors
  errors=$(grep -c 'fail' "$BENCH_WORK/app-$port.log" || true)
  python3 - "$name" "$BENCH_WORK/$name/pings.txt" "$health" "$alive" "$up" "$extra" "$status_line" "$example" "$errors" "$tstatus" \
    >>"$BENCH_WORK/results.jsonl" <<'PY'
import json, sys
name, pings, health, alive, up, extra, status, example, errors, tstatus = sys.argv[1:11]
codes = {}
for line in open(pings):
    c = line.split()[1]
    codes[c] = codes.get(c, 0) + 1
print(json.dumps({"case": name, "codes": codes, "health": json.loads(health or "{}"), "alive": alive == "1", "up": up == "1",
                  "dependency": json.loads(extra or "{}"), "lastStatus": status, "example": example, "logFailLines": int(errors),
                  "translation": json.loads(tstatus or "{}")}))
PY
  log "$name: $(tail -1 "$BENCH_WORK/results.jsonl" | cut -c1-300)"
}

for c in $cases; do run_case "$c"; done

python3 - "$BENCH_WORK/results.jsonl" "$seconds" "$seeds" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"\n{sys.argv[3]} seeds arriving and a feed request (all.rss) every 100 ms for {sys.argv[2]} s per case")
print("| case | feed requests | answers | failures | server up at the end | health | failing part (translator: parked articles) |")
print("|---|---|---|---|---|---|---|")
ok = True
for r in rows:
    codes, parts = r["codes"], r["health"].get("parts", {})
    total = sum(codes.values())
    answered = sum(n for c, n in codes.items() if c.isdigit())
    good = sum(n for c, n in codes.items() if c in ("200", "304"))
    failing = {k: v[:120] for k, v in parts.items() if v != "ok"}
    if r["case"] == "storage-denied":
        # No content can be served: every request must still get an HTTP answer, and the store must be reported.
        failures = total - answered
        case_ok = r["alive"] and r["up"] and total > 0 and failures == 0 and r["health"].get("status") == "unhealthy"
    elif r["case"] == "translator-bad":
        # A malformed answer is per article: the article is parked with a named reason and retried, the loop is fine.
        q = (r.get("translation") or {}).get("queue") or {}
        failing = {"parked": q.get("parked"), "pending": q.get("pending"),
                   "reason": ((q.get("items") or q.get("parkedItems") or [{}])[0] or {}).get("reason", "")[:100]}
        failures = total - good
        case_ok = r["alive"] and r["up"] and total > 0 and failures == 0 and (q.get("parked") or 0) > 0
    else:
        failures = total - good
        case_ok = r["alive"] and r["up"] and total > 0 and failures == 0 and r["health"].get("status") == "degraded"
    ok &= case_ok
    print(f"| {r['case']} | {total} | {codes} | {failures} | {'yes' if r['alive'] else 'NO'} | {r['health'].get('status')} | {failing} |")
for r in rows:
    print(f"{r['case']}: dependency saw {r['dependency']}; last feed answer {r['lastStatus']}: {r['example'][:160]!r}")
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
