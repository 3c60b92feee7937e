#!/usr/bin/env bash
# The scale benchmark (DESIGN.md §6): builds the release server, seeds a city's worth of data
# on PostgreSQL once (reused by later runs), and loads the query behind every main screen from
# 50 connections, against this tree and against an older commit on the same data, printing
# req/s, p50, p99 and SQL statements per request as one table. Then the same questions on
# SQLite at a tenth of the size. Results go to target/bench/.
#
#   scripts/bench.sh [BASELINE_COMMIT]      default: $KH_BENCH_BASELINE, else c483a39
#
# Settings (environment): KH_BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432),
# KH_BENCH_SECONDS (10 per question), KH_BENCH_CONNECTIONS (50), KH_BENCH_LEARNERS
# (1000000), KH_BENCH_SKIP_SQLITE=1, KH_BENCH_SKIP_BASELINE=1, KH_BENCH_RATES (e.g. "100 200":
# this tree on PostgreSQL again under an open load of that many requests per second, each
# request on time whether or not the ones before were answered). A long run: seeding takes
# minutes, each build several more.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

baseline=${1:-${KH_BENCH_BASELINE:-c483a39}}
pg=${KH_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
seconds=${KH_BENCH_SECONDS:-10}
connections=${KH_BENCH_CONNECTIONS:-50}
learners=${KH_BENCH_LEARNERS:-1000000}
out=$ROOT/target/bench
scale_db=kh_bench_scale_$learners
mkdir -p "$out"
empty_web=$(mktemp -d)
echo '<!doctype html><title>bench</title>' >"$empty_web/index.html"
trap 'rm -rf "$empty_web"' EXIT

psql_admin() { psql -v ON_ERROR_STOP=1 -qAt "$pg/postgres" "$@"; }

say "building the release server and the load generator"
cargo build --release --quiet --bin khuyenhoc --bin bench
server=$ROOT/target/release/khuyenhoc
load=$ROOT/target/release/bench

# Seeds `$1` (a database URL) with the scale data unless its manifest `$2` is there.
seed_scale() {
  local url=$1 manifest=$2
  shift 2
  if [ -f "$manifest" ]; then
    say "reusing the scale data of $manifest"
    return 0
  fi
  say "seeding $url ($*)"
  DATABASE_URL=$url "$server" seed --dir "$ROOT/seeds"
  local started=$SECONDS
  DATABASE_URL=$url "$server" seed-scale --manifest "$manifest.partial" "$@"
  say "seeded in $((SECONDS - started)) s; checking the ledger"
  DATABASE_URL=$url "$server" verify-ledger >"$out/verify-ledger.json"
  mv "$manifest.partial" "$manifest"
}

# Serves `$2` (a database URL) with binary `$1` on port `$3` and loads it; results in `$4`.
measure() {
  local binary=$1 url=$2 port=$3 results=$4
  shift 4
  DATABASE_URL=$url KH_BIND=127.0.0.1:$port KH_WEB_DIR=$empty_web KH_METRICS=true KH_LOG=warn \
    "$binary" serve &
  local pid=$!
  local deadline=$((SECONDS + 120))
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "the server on port $port did not start" >&2
      kill "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  rm -f "$results"
  local status=0
  "$load" run --url "http://127.0.0.1:$port" --manifest "$manifest" \
    --connections "$connections" --seconds "$seconds" --out "$results" "$@" || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return "$status"
}

# --- PostgreSQL, at city scale -------------------------------------------------------------
manifest=$out/$scale_db.json
if [ ! -f "$manifest" ]; then
  psql_admin -c "DROP DATABASE IF EXISTS $scale_db" -c "CREATE DATABASE $scale_db"
fi
seed_scale "$pg/$scale_db" "$manifest" --learners "$learners" --city-applications "$learners" \
  --donations $((learners * 22 / 10))

if [ "${KH_BENCH_SKIP_BASELINE:-}" != 1 ]; then
  say "building $baseline (the baseline) in target/bench/baseline"
  if [ ! -d "$out/baseline-src" ]; then
    git worktree add --detach "$out/baseline-src" "$baseline"
  else
    git -C "$out/baseline-src" checkout --quiet --detach "$baseline"
  fi
  (cd "$out/baseline-src" && CARGO_TARGET_DIR=$out/baseline-target cargo build --release --quiet --bin khuyenhoc)
  # The baseline runs on a copy of the data with this tree's newer migrations undone, so that
  # it finds exactly the schema it knows.
  newer=$(($(ls "$ROOT"/migration/src/m2*.rs | wc -l) - $(ls "$out"/baseline-src/migration/src/m2*.rs | wc -l)))
  say "copying the data for the baseline ($newer newer migrations to undo)"
  psql_admin -c "DROP DATABASE IF EXISTS ${scale_db}_baseline" \
    -c "CREATE DATABASE ${scale_db}_baseline TEMPLATE $scale_db"
  if [ "$newer" -gt 0 ]; then
    DATABASE_URL=$pg/${scale_db}_baseline "$server" migrate --down "$newer"
  fi
  psql -v ON_ERROR_STOP=1 -qAt "$pg/${scale_db}_baseline" -c "ANALYZE"
  say "loading the baseline on PostgreSQL"
  measure "$out/baseline-target/release/khuyenhoc" "$pg/${scale_db}_baseline" 18081 "$out/postgres-baseline.json" --baseline
  psql_admin -c "DROP DATABASE IF EXISTS ${scale_db}_baseline"
fi

say "loading this tree on PostgreSQL"
measure "$server" "$pg/$scale_db" 18082 "$out/postgres.json"
rates=${KH_BENCH_RATES:-}
for rate in $rates; do
  say "loading this tree on PostgreSQL at $rate requests per second"
  measure "$server" "$pg/$scale_db" 18082 "$out/postgres-rate-$rate.json" --rate "$rate"
done

# --- SQLite, at a tenth ----------------------------------------------------------------------
if [ "${KH_BENCH_SKIP_SQLITE:-}" != 1 ]; then
  sqlite_learners=$((learners / 10))
  sqlite_file=$out/scale-$sqlite_learners.sqlite
  manifest=$out/scale-$sqlite_learners.sqlite.json
  [ -f "$manifest" ] || rm -f "$sqlite_file"*
  seed_scale "sqlite://$sqlite_file?mode=rwc" "$manifest" --learners "$sqlite_learners" \
    --city-applications "$sqlite_learners" --donations $((sqlite_learners * 22 / 10)) \
    --audit-per-commune 200
  say "loading this tree on SQLite"
  measure "$server" "sqlite://$sqlite_file?mode=rwc" 18083 "$out/sqlite.json"
fi

{
  echo "## PostgreSQL, $learners learners ($(nproc) cores, $connections connections, ${seconds} s per question)"
  echo
  if [ -f "$out/postgres-baseline.json" ] && [ "${KH_BENCH_SKIP_BASELINE:-}" != 1 ]; then
    "$load" compare "$out/postgres-baseline.json" "$out/postgres.json" --before-label "$baseline" --after-label "this tree"
  else
    "$load" show "$out/postgres.json"
  fi
  for rate in $rates; do
    echo
    echo "## PostgreSQL, $learners learners, an open load of $rate requests per second"
    echo
    "$load" show "$out/postgres-rate-$rate.json"
  done
  if [ -f "$out/sqlite.json" ] && [ "${KH_BENCH_SKIP_SQLITE:-}" != 1 ]; then
    echo
    echo "## SQLite, $((learners / 10)) learners"
    echo
    "$load" show "$out/sqlite.json"
  fi
} | tee "$out/results.md"
