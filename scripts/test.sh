#!/usr/bin/env bash
# Runs every check and test: formatting, lints, unit tests, integration tests over HTTP on
# SQLite and PostgreSQL, and the browser tests in headless Chromium. Installs what it needs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_chromium
ensure_axe
"$ROOT/scripts/build-frontend.sh"

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
say "running the tests"
cargo test --workspace --no-fail-fast -- --nocapture 2>&1 | tee "$ROOT/target/test-output.log" | grep -vE '^\s*$'
status=${PIPESTATUS[0]}
say "database coverage: $(grep -cE 'on_sqlite \.\.\. ok' "$ROOT/target/test-output.log") tests ok on SQLite, $(grep -cE 'on_postgres \.\.\. ok' "$ROOT/target/test-output.log") on PostgreSQL"
exit "$status"
