#!/usr/bin/env bash
# Runs every check and test: formatting, lints, unit tests, integration tests over HTTP on
# SQLite and PostgreSQL, and the browser tests in headless Chromium. Installs what it needs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_chromium
ensure_axe
# The web app builds in the background while the checks run and the tests compile: its long
# release compile of one crate and its serial wasm-opt leave a core idle on a 2-core machine.
# Its output is printed when it fails; the tests wait for it (the browser tests serve it).
mkdir -p "$ROOT/target"
frontend_log="$ROOT/target/build-frontend.log"
"$ROOT/scripts/build-frontend.sh" >"$frontend_log" 2>&1 &
frontend_pid=$!
trap 'kill "$frontend_pid" 2>/dev/null || true' EXIT

pg_url=${KH_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export KH_TEST_POSTGRES_URL=$pg_url
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$pg_url"; then
  if [ "${CI:-}" = true ]; then
    echo "PostgreSQL is not reachable at $pg_url, and CI=true requires it." >&2
    exit 1
  fi
  say "PostgreSQL is not reachable at $pg_url: its tests will be skipped"
fi

say "checking formatting"
cargo fmt --all --check
(cd frontend && cargo fmt --check)
say "linting"
cargo clippy --workspace --all-targets --quiet -- -D warnings
say "compiling the tests"
cargo test --workspace --no-run --quiet
say "waiting for the web app"
if ! wait "$frontend_pid"; then
  cat "$frontend_log" >&2
  exit 1
fi
tail -n 1 "$frontend_log" >&2
say "running the tests"
# Most end-to-end tests wait on the database or the network rather than a core, so four run
# at once on two cores (the browser tests take turns two at a time: tests/src/browser.rs).
export RUST_TEST_THREADS=${RUST_TEST_THREADS:-4}
cargo test --workspace --no-fail-fast -- --nocapture 2>&1 | tee "$ROOT/target/test-output.log" | grep -vE '^\s*$'
status=${PIPESTATUS[0]}
say "database coverage: $(grep -cE 'on_sqlite \.\.\. ok' "$ROOT/target/test-output.log") tests ok on SQLite, $(grep -cE 'on_postgres \.\.\. ok' "$ROOT/target/test-output.log") on PostgreSQL"
exit "$status"
