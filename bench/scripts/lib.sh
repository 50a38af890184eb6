#!/usr/bin/env bash
# Shared helpers of bench/scripts and bench/reliability: tool installs, free loopback ports, building and
# starting FeedRelay, wrk runs that report JSON. Sourced, not run. Everything binds 127.0.0.1 only.
set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_SCRIPTS="$BENCH_ROOT/bench/scripts"
BENCH_WORK="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/feedrelay-bench.XXXXXX")}"
chmod 0755 "$BENCH_WORK" # nginx workers run as an unprivileged user and must read its files
declare -a BENCH_PIDS=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# shellcheck source=../../build/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../build/apt.sh"

# ensure_node_modules DIR: installs DIR/package.json's packages (exact versions) into DIR/node_modules (git-ignored),
# again only when package.json changed.
ensure_node_modules() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.installed" ] || [ "$dir/package.json" -nt "$dir/node_modules/.installed" ]; then
    log "installing npm packages of ${dir#"$BENCH_ROOT"/}"
    (cd "$dir" && npm install --no-audit --no-fund --no-package-lock --silent) && touch "$dir/node_modules/.installed"
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$BENCH_WORK"; else log "kept $BENCH_WORK"; fi
}
trap cleanup EXIT

# The harness tool (bench/FeedRelay.Benchmarks), built in Release when this file is sourced (not in a subshell,
# so that it is built once per script).
BENCH_TOOL_EXE="$BENCH_ROOT/bench/FeedRelay.Benchmarks/bin/Release/net10.0/FeedRelay.Benchmarks"
build_bench_tool() {
  log "building bench/FeedRelay.Benchmarks (Release)"
  dotnet build "$BENCH_ROOT/bench/FeedRelay.Benchmarks" -c Release -v quiet -nologo >"$BENCH_WORK/build-bench.log" 2>&1 \
    || { cat "$BENCH_WORK/build-bench.log" >&2; return 1; }
}
bench_tool() { "$BENCH_TOOL_EXE" "$@"; }

# The FeedRelay server command: FEEDRELAY_APP (a published executable, e.g. a published FeedRelay.Server) when set,
# else the Release build of src/FeedRelay.Server run with `dotnet`.
build_app() {
  if [ -n "${FEEDRELAY_APP:-}" ]; then
    APP_CMD=$(realpath "$FEEDRELAY_APP")
  elif [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -f "$BENCH_ROOT/src/FeedRelay.Server/bin/Release/net10.0/FeedRelay.Server.dll" ]; then
    APP_CMD="dotnet $BENCH_ROOT/src/FeedRelay.Server/bin/Release/net10.0/FeedRelay.Server.dll"
  else
    log "building src/FeedRelay.Server (Release)"
    dotnet build "$BENCH_ROOT/src/FeedRelay.Server" -c Release -v quiet -nologo >"$BENCH_WORK/build-app.log" 2>&1 \
      || { cat "$BENCH_WORK/build-app.log" >&2; return 1; }
    APP_CMD="dotnet $BENCH_ROOT/src/FeedRelay.Server/bin/Release/net10.0/FeedRelay.Server.dll"
  fi
}

# start_app PORT SEEDS DATA [ENV=VALUE...]: starts FeedRelay on 127.0.0.1:PORT in the background; sets APP_PID.
start_app() {
  local port=$1 seeds=$2 data=$3
  shift 3
  [ -n "${APP_CMD:-}" ] || build_app
  mkdir -p "$data"
  env FeedRelay__SeedsPath="$seeds" FeedRelay__DataPath="$data" FeedRelay__SettleDelayMs="${SETTLE_MS:-50}" \
    FeedRelay__RescanIntervalMs="${RESCAN_MS:-1000}" Logging__LogLevel__Default="${APP_LOG_LEVEL:-Warning}" \
    ASPNETCORE_ENVIRONMENT=Production "$@" \
    $APP_CMD --urls "http://127.0.0.1:$port" >>"$BENCH_WORK/app-$port.log" 2>&1 &
  APP_PID=$!
  BENCH_PIDS+=("$APP_PID")
}

# wait_http URL [SECONDS]: waits until URL answers 200.
wait_http() {
  local url=$1 limit=${2:-120} i
  for ((i = 0; i < limit * 10; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  log "timed out waiting for $url"
  return 1
}

# wait_answer URL [SECONDS]: waits until URL gives any HTTP answer (a 503 from /api/health while the store fails is one).
wait_answer() {
  local url=$1 limit=${2:-120} i code
  for ((i = 0; i < limit * 10; i++)); do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
    [ -n "$code" ] && [ "$code" != 000 ] && return 0
    sleep 0.1
  done
  log "timed out waiting for an answer from $url"
  return 1
}

# health_field PORT FIELD: a number from /api/health (articles, or ingestion.seen/ingested/rejected).
health_field() {
  curl -fsS "http://127.0.0.1:$1/api/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); v=d
for k in sys.argv[1].split("."): v=v[k]
print(v)' "$2"
}

# wait_health PORT FIELD COUNT [SECONDS]: waits until the health field reaches COUNT.
wait_health() {
  local port=$1 field=$2 want=$3 limit=${4:-600} i n=0
  for ((i = 0; i < limit * 4; i++)); do
    n=$(health_field "$port" "$field" 2>/dev/null || echo 0)
    [ "$n" -ge "$want" ] && return 0
    sleep 0.25
  done
  log "timed out: $field=$n, wanted $want"
  return 1
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The process that listens on 127.0.0.1:PORT (the real server, not the `dotnet` host wrapper when there is one).
listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# run_wrk URL CONNECTIONS SECONDS [HEADER...]: wrk with report.lua; prints one JSON line.
run_wrk() {
  local url=$1 conns=$2 secs=$3 header
  shift 3
  local args=(-t "${WRK_THREADS:-2}" -c "$conns" -d "${secs}s" --timeout 5s -s "$BENCH_SCRIPTS/wrk/report.lua")
  for header in "$@"; do [ -n "$header" ] && args+=(-H "$header"); done
  wrk "${args[@]}" "$url" | grep '^{'
}

# json_get JSON KEY: one field of a JSON object.
json_get() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# BENCH_SKIP_BUILD=1 (set by bench/reliability/run-all.sh after one build) reuses existing Release builds.
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -x "$BENCH_TOOL_EXE" ]; then build_bench_tool; fi
