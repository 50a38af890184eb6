#!/usr/bin/env bash
# Serving benchmark: the merged feed /api/feeds/all.rss (50 items) from FeedRelay against nginx serving the
# same bytes as a static file, both on 127.0.0.1, wrk with 64 connections; then the 304 path (If-None-Match
# with each server's own ETag). Prints requests/s, latency p50/p90/p99 and the ratio to nginx.
#   bash bench/scripts/serve-vs-nginx.sh            # 15 s per run
#   BENCH_SECONDS=5 bash bench/scripts/serve-vs-nginx.sh
#   FEEDRELAY_APP=artifacts/app/FeedRelay bash bench/scripts/serve-vs-nginx.sh   # the published app
#   BENCH_GZIP=1 bash bench/scripts/serve-vs-nginx.sh   # Accept-Encoding: gzip; nginx serves a pre-compressed
#                                                       # all.rss.gz (gzip_static), FeedRelay whatever it sends
source "$(dirname "$0")/lib.sh"
build_app

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
accept=""
[ -n "${BENCH_GZIP:-}" ] && accept="Accept-Encoding: gzip"
command -v wrk >/dev/null || ensure_apt wrk
command -v nginx >/dev/null || ensure_apt nginx-light

bench_tool gen-seeds --count 50 --out "$BENCH_WORK/seeds" >/dev/null
app_port=$(free_port)
start_app "$app_port" "$BENCH_WORK/seeds" "$BENCH_WORK/data"
wait_http "http://127.0.0.1:$app_port/api/health"
wait_health "$app_port" articles 50
app_url="http://127.0.0.1:$app_port/api/feeds/all.rss"

mkdir -p "$BENCH_WORK/www" "$BENCH_WORK/nginx"
curl -fsS -D "$BENCH_WORK/app-headers" -o "$BENCH_WORK/www/all.rss" "$app_url"
gzip -k -9 "$BENCH_WORK/www/all.rss"
# The ETag and encoding FeedRelay sends for the request wrk will make.
curl -fsS -D "$BENCH_WORK/app-headers-wrk" -o /dev/null ${accept:+-H "$accept"} "$app_url"
app_etag=$(grep -i '^etag:' "$BENCH_WORK/app-headers-wrk" | cut -d' ' -f2- | tr -d '\r' || true)
app_encoding=$(grep -i '^content-encoding:' "$BENCH_WORK/app-headers-wrk" | cut -d' ' -f2- | tr -d '\r' || true)

nginx_port=$(free_port)
cat >"$BENCH_WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $BENCH_WORK/nginx/nginx.pid;
error_log $BENCH_WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/rss+xml rss; }
  gzip_static on;
  client_body_temp_path $BENCH_WORK/nginx/tmp;
  proxy_temp_path $BENCH_WORK/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $BENCH_WORK/www; }
}
CONF
nginx -c "$BENCH_WORK/nginx/nginx.conf" -p "$BENCH_WORK/nginx" -g 'daemon off;' 2>>"$BENCH_WORK/nginx/error.log" &
BENCH_PIDS+=("$!")
nginx_url="http://127.0.0.1:$nginx_port/all.rss"
wait_http "$nginx_url" 20
nginx_etag=$(curl -fsS -D - -o /dev/null ${accept:+-H "$accept"} "$nginx_url" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')

cmp -s "$BENCH_WORK/www/all.rss" <(curl -fsS "$nginx_url") || { log "nginx does not serve the same bytes"; exit 1; }
bytes=$(stat -c %s "$BENCH_WORK/www/all.rss")
status_304() { curl -s -o /dev/null -w '%{http_code}' ${accept:+-H "$accept"} -H "If-None-Match: $2" "$1"; }
app_cond_status=$(status_304 "$app_url" "${app_etag:-\"none\"}")
nginx_cond_status=$(status_304 "$nginx_url" "$nginx_etag")
log "feed: $bytes bytes (${accept:-identity}; FeedRelay Content-Encoding: ${app_encoding:-none}); FeedRelay ETag=${app_etag:-none} (conditional GET -> $app_cond_status); nginx ETag=$nginx_etag (-> $nginx_cond_status)"

log "warming up"
run_wrk "$app_url" "$CONNECTIONS" 3 "$accept" >/dev/null
run_wrk "$nginx_url" "$CONNECTIONS" 3 "$accept" >/dev/null

declare -A result
for path in full conditional; do
  for server in feedrelay nginx; do
    if [ "$server" = feedrelay ]; then url=$app_url etag=${app_etag:-\"none\"}; else url=$nginx_url etag=$nginx_etag; fi
    header=""
    [ "$path" = conditional ] && header="If-None-Match: $etag"
    log "wrk $server $path: ${CONNECTIONS} connections, ${SECONDS_PER_RUN}s"
    result[$server-$path]=$(run_wrk "$url" "$CONNECTIONS" "$SECONDS_PER_RUN" "$accept" "$header")
    echo "$server $path ${result[$server-$path]}"
  done
done

python3 - "$bytes" "$app_cond_status" "$nginx_cond_status" "${result[feedrelay-full]}" "${result[nginx-full]}" \
  "${result[feedrelay-conditional]}" "${result[nginx-conditional]}" "$(nproc)" "$CONNECTIONS" "$SECONDS_PER_RUN" "${accept:-identity}" "${app_encoding:-none}" <<'PY'
import json, sys
size, app_cond, nginx_cond = sys.argv[1:4]
r = [json.loads(x) for x in sys.argv[4:8]]
cpus, conns, secs, accept, app_encoding = sys.argv[8:13]
print(f"\nmerged feed all.rss, {size} bytes, 50 items; wrk {conns} connections, {secs} s per run, {cpus} cores shared with wrk")
print(f"request encoding: {accept}; FeedRelay Content-Encoding: {app_encoding}; nginx: all.rss (or all.rss.gz via gzip_static)")
print("| path | server | status | req/s | p50 ms | p90 ms | p99 ms | errors | req/s ratio to nginx |")
print("|---|---|---|---|---|---|---|---|---|")
for name, (a, n), status in (("200 full body", (r[0], r[1]), ("200", "200")), ("If-None-Match", (r[2], r[3]), (app_cond, nginx_cond))):
    for server, x, st in (("FeedRelay", a, status[0]), ("nginx", n, status[1])):
        errors = x["connect_errors"] + x["read_errors"] + x["write_errors"] + x["timeouts"] + x["non_2xx_3xx"]
        ratio = x["rps"] / n["rps"] if n["rps"] else float("nan")
        print(f"| {name} | {server} | {st} | {x['rps']:.0f} | {x['p50_ms']:.2f} | {x['p90_ms']:.2f} | {x['p99_ms']:.2f} | {errors} | {ratio:.2f}× |")
PY
