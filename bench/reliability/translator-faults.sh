#!/usr/bin/env bash
# Translator faults during ingestion: a fake Azure Translator on loopback (fake_translator.py) answers 15% of
# requests with 429 + Retry-After, 10% with 503 and 10% slowly while seeds are ingested; afterwards every article
# must have its translation (nothing lost), characters billed must stay within 1.05x the translatable characters,
# and a restart that re-ingests the same seeds must bill nothing. FeedRelay is pointed at the fake with
# FeedRelay__Translation__Endpoint/__Key/__Region. RELIABILITY_SCALE=small: 30 seeds instead of 200.
#   bash bench/reliability/translator-faults.sh
source "$(dirname "$0")/../scripts/lib.sh"
build_app
here="$BENCH_ROOT/bench/reliability"

if [ "${RELIABILITY_SCALE:-full}" = small ]; then seeds=30 settle_limit=180; else seeds=200 settle_limit=600; fi
seeds=${TRANSLATE_SEEDS:-$seeds}
bench_tool gen-seeds --count "$seeds" --out "$BENCH_WORK/seeds" >/dev/null

tport=$(free_port)
python3 "$here/fake_translator.py" "$tport" >"$BENCH_WORK/translator.log" 2>&1 &
BENCH_PIDS+=("$!")
wait_http "http://127.0.0.1:$tport/stats" 20
# Parked items are retried after a minute by default; the run shortens that (2 s, growing to 8 s at most) so that a
# fault-free translator gets every parked article within the settle window.
translation_env=(FeedRelay__Translation__Endpoint="http://127.0.0.1:$tport" FeedRelay__Translation__Key=fake-key
  FeedRelay__Translation__Region=local FeedRelay__Translation__ParkedRetryMs=2000
  FeedRelay__Translation__MaxParkedRetryMs=8000 FeedRelay__Translation__PollIntervalMs=500)

stats() { curl -fsS "http://127.0.0.1:$tport/stats"; }
billed() { stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["billedCharacters"])'; }
requests() { stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'; }
translated_count() {
  python3 - "$BENCH_WORK/data" <<'PY'
import glob, json, os, sys
files = glob.glob(os.path.join(sys.argv[1], "articles", "*.json"))
print(sum(1 for f in files if json.load(open(f, encoding="utf-8")).get("translation")))
PY
}

port=$(free_port)
started=$(date +%s)
start_app "$port" "$BENCH_WORK/seeds" "$BENCH_WORK/data" "${translation_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_health "$port" ingestion.seen "$seeds" 300
log "ingested; waiting for translations to settle (every article translated, or no new translator request for 30 s, at most ${settle_limit}s)"
last=-1 quiet=0
while [ $(($(date +%s) - started)) -lt "$settle_limit" ]; do
  now=$(requests)
  if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0 last=$now; fi
  [ "$(translated_count)" -ge "$seeds" ] && break
  [ "$quiet" -ge 30 ] && break
  sleep 1
done
# Stats hold every translated text: files, not arguments (200 seeds exceed the argument-size limit).
stats >"$BENCH_WORK/first-stats.json"
health=$(curl -fsS "http://127.0.0.1:$port/api/health")
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

log "restart over the same data and seeds: re-ingest must bill nothing"
curl -fsS -X POST "http://127.0.0.1:$tport/reset" >/dev/null
port=$(free_port)
start_app "$port" "$BENCH_WORK/seeds" "$BENCH_WORK/data" "${translation_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_health "$port" ingestion.seen "$seeds" 300
sleep 10
stats >"$BENCH_WORK/second-stats.json"

python3 - "$BENCH_WORK/data" "$BENCH_WORK/first-stats.json" "$BENCH_WORK/second-stats.json" "$health" "$seeds" <<'PY'
import glob, json, os, sys
data, first, second, health, seeds = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")), json.load(open(sys.argv[3], encoding="utf-8")), json.loads(sys.argv[4]), int(sys.argv[5])
articles = [json.load(open(f, encoding="utf-8")) for f in glob.glob(os.path.join(data, "articles", "*.json"))]
translatable = sum(len(a.get("title", "")) + len(a.get("contentHtml", "")) for a in articles)
levels = {}
for a in articles:
    # Articles already in the target language need no translation; the rest must all have one.
    if not a.get("translation") and (a.get("language") or "").lower().startswith("en"):
        level = "not needed (already English)"
    else:
        level = (a.get("translation") or {}).get("level", "missing")
    levels[level] = levels.get(level, 0) + 1
sent = first["translated"]
print(f"\n{seeds} seeds ingested ({health['ingestion']['ingested']} ok, {health['ingestion']['rejected']} rejected), {len(articles)} articles stored")
print("| translator outcome | requests |\n|---|---|")
for k, v in sorted(first["byOutcome"].items()):
    print(f"| {k} | {v} |")
faults = sum(v for k, v in first["byOutcome"].items() if not k.startswith("200"))
ratio = first["billedCharacters"] / translatable if translatable else float("nan")
duplicates = len(sent) - len(set(sent))
print(f"\ntranslations by level: {levels}")
print(f"characters billed {first['billedCharacters']} / translatable (title + content HTML) {translatable} = {ratio:.3f}× "
      f"(goal ≤ 1.05×); texts billed more than once: {duplicates}")
print(f"re-ingest after restart: {second['requests']} requests, {second['billedCharacters']} characters billed (goal 0)")
if first["requests"] == 0:
    print("RESULT: NOT RUN - no request reached the fake translator: this build has no translation step, or it is not "
          "configured by FeedRelay__Translation__Endpoint/__Key/__Region")
    sys.exit(2)
lost = levels.get("missing", 0)
ok = lost == 0 and ratio <= 1.05 and second["billedCharacters"] == 0 and faults > 0
print(f"articles without translation (lost): {lost}")
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
