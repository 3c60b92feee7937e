#!/usr/bin/env bash
# Exports of long lists (DESIGN.md §6, issue #14): builds the release server, seeds a city of
# 100,000 learners and as many applications on SQLite once (reused by later runs), then
# downloads the longest lists as CSV and as a workbook, one at a time, printing the lines, the
# bytes, the seconds to the last byte and the server's peak memory after each. The peak
# (VmHWM) only grows: a list held in memory would show as a jump. Results go to
# target/export-bench/.
#
#   scripts/export-bench.sh        KH_EXPORT_LEARNERS (100000)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

learners=${KH_EXPORT_LEARNERS:-100000}
out=$ROOT/target/export-bench
port=18731
mkdir -p "$out"
db_file=$out/scale-$learners.sqlite
manifest=$out/scale-$learners.json
url="sqlite://$db_file?mode=rwc"
empty_web=$(mktemp -d)
echo '<!doctype html><title>bench</title>' >"$empty_web/index.html"

say "building the release server"
cargo build --release --quiet --bin khuyenhoc
server=$ROOT/target/release/khuyenhoc

if [ ! -f "$manifest" ]; then
  rm -f "$db_file"*
  say "seeding $learners learners on SQLite (once)"
  DATABASE_URL=$url "$server" seed --dir "$ROOT/seeds"
  DATABASE_URL=$url "$server" seed-scale --manifest "$manifest.partial" --learners "$learners" \
    --city-applications "$learners" --communes 40 --chapters-per-commune 8 \
    --donations "$learners" --busy-fund-donations $((learners / 2)) --audit-per-commune 2500
  mv "$manifest.partial" "$manifest"
fi
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$manifest" "$1"; }

DATABASE_URL=$url KH_BIND=127.0.0.1:$port KH_WEB_DIR=$empty_web KH_LOG=warn "$server" serve &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$empty_web"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done

# A session cookie for `$1`.
session() {
  curl -fs -D - -o /dev/null "http://127.0.0.1:$port/graphql" \
    -H 'content-type: application/json' -H 'x-khuyenhoc-client: export-bench' \
    --data "{\"query\":\"mutation { signIn(login: \\\"$1\\\", password: \\\"$(field password)\\\") { id } }\"}" |
    sed -n 's/^set-cookie: \(kh_session=[^;]*\).*/\1/Ip'
}
peak() { awk '/VmHWM/ { print $2 / 1024 }' "/proc/$pid/status"; }

admin=$(session "$(field cityAdmin)")
manager=$(session "$(field cityManager)")
treasurer=$(session "$(field communeTreasurer)")
city=$(field cityId)
year=$(field statementYear)
results=$out/results.md
{
  echo "| list | format | lines | MB | seconds | server peak MB |"
  echo "|---|---|---|---|---|---|"
  echo "| (before any export) | | | | | $(peak) |"
  for format in csv xlsx; do
    while read -r name cookie path; do
      file=$out/$name.$format
      seconds=$(curl -fs -o "$file" -w '%{time_total}' -H "cookie: $cookie" \
        "http://127.0.0.1:$port$path$([[ $path == *\?* ]] && echo '&' || echo '?')format=$format")
      lines=$([ "$format" = csv ] && echo $(($(wc -l <"$file") - 1)) || echo "")
      printf '| %s | %s | %s | %.1f | %s | %.0f |\n' "$name" "$format" "$lines" \
        "$(echo "$(stat -c %s "$file") / 1048576" | bc -l)" "$seconds" "$(peak)"
    done <<EOF
learners-of-the-city $manager /api/organizations/$city/learners
applications-of-the-city-program $manager /api/programs/$(field cityProgramId)/applications
statement-of-the-busy-fund $treasurer /api/funds/$(field busyFundId)/statement?from=$year-01-01&to=$year-12-31
audit-log $admin /api/audit-events
EOF
  done
} | tee "$results"
say "results in $results"
