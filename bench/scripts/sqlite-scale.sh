#!/usr/bin/env bash
# A million articles on one machine (SQLite): per size (default 1,000 and 1,000,000), a synthetic store written by the
# bench tool gen-sqlite (corpus articles under new links, 3 minutes apart, 40×7 sources, six languages, 50 topics), then
# a server started over it (no seeds folder): restart to first feed byte, resident memory after start and after a feed
# burst, uncached feed builds (a distinct ?limit= per request, so each misses the feed cache; also a category filter),
# keyword search (?q=) p50 for a word that matches nothing, a 2-character CJK word and an English word, the uncached feed
# build while 8 threads search meanwhile, and paging 200 pages deep through the JSON feed's next_url.
#   bash bench/scripts/sqlite-scale.sh
#   SCALE_SIZES="1000 100000" bash bench/scripts/sqlite-scale.sh      # reduced
#   SCALE_GEN_SECONDS=900 ...   # stop generating after ~900 s (the size reached is reported as articles)
source "$(dirname "$0")/lib.sh"
build_app

SIZES=${SCALE_SIZES:-1000 1000000}
N=${PROBE_REQUESTS:-200}
command -v wrk >/dev/null || ensure_apt wrk
probe() { python3 "$BENCH_SCRIPTS/sqlite_probe.py" "$@"; }
NOMATCH='zqxjvwk'
CJK='%E5%8C%97%E7%BA%A6'   # 北约
ENGLISH=${ENGLISH_WORD:-government}

rows=()
for size in $SIZES; do
  data="$BENCH_WORK/sqlite-$size"
  log "gen-sqlite $size articles"
  gen=$(bench_tool gen-sqlite --data "$data" --count "$size" --max-seconds "${SCALE_GEN_SECONDS:-0}")
  echo "gen $size $gen"
  # Restart: a fresh process over the existing database (the generator has closed it).
  port=$(free_port)
  started=$(date +%s.%N)
  start_app "$port" "" "$data"
  first=$(probe first-byte "http://127.0.0.1:$port/api/feeds/all.rss" "$started")
  pid=$(listener_pid "$port")
  sleep 2
  rss_start=$(rss_kib "$pid")
  articles=$(health_field "$port" articles)
  base="http://127.0.0.1:$port"
  feed=$(probe latency "$base" "$N" '/api/feeds/all.rss?limit={l}')
  cat=$(probe latency "$base" "$N" '/api/feeds/all.rss?category=topic-{i}&limit={l}')
  lang=$(probe latency "$base" "$N" '/api/feeds/all.rss?language=de&limit={l}')
  q_none=$(probe latency "$base" "$N" "/api/feeds/all.rss?q=$NOMATCH&limit={l}")
  q_cjk=$(probe latency "$base" "$N" "/api/feeds/all.rss?q=$CJK&limit={l}")
  q_en=$(probe latency "$base" "$N" "/api/feeds/all.rss?q=$ENGLISH&limit={l}")
  under_q=$(probe latency "$base" "$N" '/api/feeds/all.rss?since=2001-01-01&limit={l}' --bg "/api/feeds/all.rss?q=$NOMATCH{i}&limit={l}" --bg-conc 8)
  pages=$(probe pages "$base" '/api/feeds/all.json?limit=100' 200)
  # A feed burst: 64 connections for 10 s on the cached merged feed and 10 s of uncached builds.
  burst=$(run_wrk "$base/api/feeds/all.rss" 64 10)
  probe latency "$base" 1000 '/api/feeds/all.rss?since=2002-01-01&limit={l}' >/dev/null
  rss_burst=$(rss_kib "$pid")
  echo "size=$size articles=$articles first=$first rss_start=$rss_start rss_burst=$rss_burst"
  for k in feed cat lang q_none q_cjk q_en under_q pages burst; do echo "  $k ${!k}"; done
  rows+=("{\"size\":$size,\"articles\":$articles,\"gen\":$gen,\"first\":$first,\"rssStart\":$rss_start,\"rssBurst\":$rss_burst,\"feed\":$feed,\"cat\":$cat,\"lang\":$lang,\"qNone\":$q_none,\"qCjk\":$q_cjk,\"qEn\":$q_en,\"underQ\":$under_q,\"pages\":$pages,\"burst\":$burst}")
  kill "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$data"
done

python3 - "$N" "${rows[@]}" <<'PY'
import json, sys
n = sys.argv[1]
rows = [json.loads(x) for x in sys.argv[2:]]
print(f"\n{n} sequential requests per probe (p50 ms); every request a distinct ?limit= so it misses the feed cache")
print("| articles | db MiB | KiB/1000 art. | gen art./s | restart→first byte s | RSS MiB start | RSS MiB after burst | feed p50 | category p50 | language p50 | q none p50 | q 北约 p50 | q english p50 | feed p50 under 8×q (max) | page 200 ms | cached feed req/s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    g = r["gen"]
    print(f"| {r['articles']:,} | {g['dbBytes']/2**20:.0f} | {g['kibPer1000']:.0f} | {g['articlesPerSecond']:.0f} | {r['first']['firstByteSeconds']:.2f} | "
          f"{r['rssStart']/1024:.0f} | {r['rssBurst']/1024:.0f} | {r['feed']['p50_ms']:.1f} | {r['cat']['p50_ms']:.1f} | {r['lang']['p50_ms']:.1f} | "
          f"{r['qNone']['p50_ms']:.1f} | {r['qCjk']['p50_ms']:.1f} | {r['qEn']['p50_ms']:.1f} | {r['underQ']['p50_ms']:.1f} ({r['underQ']['max_ms']:.0f}) | "
          f"{r['pages']['last_ms']:.1f} ({r['pages']['pages']} pages, {r['pages']['duplicates']} dup) | {r['burst']['rps']:.0f} |")
if len(rows) >= 2:
    s, l = rows[0], rows[-1]
    print(f"\nuncached feed build p50 {l['articles']:,} ÷ {s['articles']:,}: all {l['feed']['p50_ms']/s['feed']['p50_ms']:.2f}, "
          f"category {l['cat']['p50_ms']/s['cat']['p50_ms']:.2f}, language {l['lang']['p50_ms']/s['lang']['p50_ms']:.2f}")
PY
