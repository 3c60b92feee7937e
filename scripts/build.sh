#!/usr/bin/env bash
# Builds everything: the web app (wasm) and the server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ROOT/scripts/build-frontend.sh"
say "building the server"
(cd "$ROOT" && cargo build --bin khuyenhoc)
