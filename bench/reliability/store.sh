# Helpers of bench/reliability over the server's SQLite store (feedrelay.db under FeedRelay__DataPath).
# Sourced after bench/scripts/lib.sh, not run.
command -v sqlite3 >/dev/null || ensure_apt sqlite3

# db DATA SQL: one query against DATA/feedrelay.db (waits up to 10 s for the server's write lock).
db() { sqlite3 -cmd '.timeout 10000' "$1/feedrelay.db" "$2"; }

# db_count DATA TABLE: rows of TABLE, or -1 when the database cannot be read.
db_count() { db "$1" "select count(*) from $2" 2>/dev/null || echo -1; }

# db_integrity DATA: the first line of PRAGMA integrity_check ("ok" when intact).
db_integrity() { db "$1" 'PRAGMA integrity_check' 2>&1 | head -1; }

# wait_ledger DATA FILES SECONDS: waits until the seeds ledger holds FILES rows.
wait_ledger() {
  local data=$1 want=$2 limit=${3:-600} i n=0
  for ((i = 0; i < limit * 2; i++)); do
    n=$(db_count "$data" seeds)
    [ "$n" -ge "$want" ] && return 0
    sleep 0.5
  done
  log "timed out: ledger has $n rows, wanted $want"
  return 1
}

# wait_translated DATA SECONDS: waits until the translation queue is empty (nothing pending or parked).
wait_translated() {
  local data=$1 limit=${2:-600} i n=0
  for ((i = 0; i < limit * 2; i++)); do
    n=$(db_count "$data" translation_queue)
    [ "$n" = 0 ] && return 0
    sleep 0.5
  done
  log "timed out: $n items still in the translation queue"
  return 1
}
