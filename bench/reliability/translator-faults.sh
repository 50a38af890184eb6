#!/usr/bin/env bash
# Translator faults during ingestion: a fake Azure Translator on loopback (fake_translator.py) answers 15% of
# requests with 429 + Retry-After, 10% with 503 and 10% slowly while seeds are ingested; afterwards every article
# must have its translation (nothing lost), characters billed must stay within 1.05x the translatable characters,
# and a restart that re-ingests the same seeds must bill nothing. FeedRelay is pointed at the fake with
# FeedRelay__Translation__Endpoint/__Key/__Region. RELIABILITY_SCALE=small: 30 seeds instead of 200.
#   bash bench/reliability/translator-faults.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/store.sh"
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
# Articles that have their translation, or need none (already in the target language), from the SQLite store.
translated_count() { db "$BENCH_WORK/data" "select count(*) from articles where level <> 'untranslated' or language_base = 'en'" 2>/dev/null || echo 0; }

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

# The seeds ledger skips unchanged files on restart: every seed is touched (same bytes, new time) so that the restart
# reads and re-ingests them all.
touch "$BENCH_WORK"/seeds/*
log "restart over the same data and touched seeds: re-ingest must bill nothing"
curl -fsS -X POST "http://127.0.0.1:$tport/reset" >/dev/null
port=$(free_port)
start_app "$port" "$BENCH_WORK/seeds" "$BENCH_WORK/data" "${translation_env[@]}"
wait_http "http://127.0.0.1:$port/api/health" 120
wait_health "$port" ingestion.seen "$seeds" 300
sleep 10
stats >"$BENCH_WORK/second-stats.json"

db "$BENCH_WORK/data" "select case when level = 'untranslated' and language_base = 'en' then 'not needed (already English)' when level = 'untranslated' then 'missing' else level end, count(*) from articles group by 1" \
  >"$BENCH_WORK/levels.txt"
python3 - "$BENCH_WORK/levels.txt" "$BENCH_WORK/first-stats.json" "$BENCH_WORK/second-stats.json" "$health" "$seeds" <<'PY'
import json, sys
levels_file, first, second, health, seeds = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")), json.load(open(sys.argv[3], encoding="utf-8")), json.loads(sys.argv[4]), int(sys.argv[5])
levels = {l.rsplit("|", 1)[0]: int(l.rsplit("|", 1)[1]) for l in open(levels_file, encoding="utf-8") if l.strip()}
articles = [None] * sum(levels.values())
# The store keeps content compressed: the translatable characters are those of the distinct texts sent (each text
# once), so the ratio measures re-billing.
translatable = sum(len(t) for t in set(first["translated"]))
sent = first["translated"]
print(f"\n{seeds} seeds ingested ({health['ingestion']['ingested']} ok, {health['ingestion']['rejected']} rejected), {len(articles)} articles stored")
print("| translator outcome | requests |\n|---|---|")
for k, v in sorted(first["byOutcome"].items()):
    print(f"| {k} | {v} |")
faults = sum(v for k, v in first["byOutcome"].items() if not k.startswith("200"))
ratio = first["billedCharacters"] / translatable if translatable else float("nan")
duplicates = len(sent) - len(set(sent))
print(f"\ntranslations by level: {levels}")
print(f"characters billed {first['billedCharacters']} / distinct characters sent {translatable} = {ratio:.3f}× "
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
