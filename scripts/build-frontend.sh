#!/usr/bin/env bash
# Builds the SPA into frontend/dist: the wasm, its JS glue (wasm-bindgen), index.html, CSS.
# Incremental: cargo rebuilds only what changed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=${KH_WASM_PROFILE:-release}
ensure_wasm_toolchain
ensure_wasm_bindgen

say "building the web app (wasm32, $profile)"
(cd "$ROOT/frontend" && "${WASM_CARGO[@]}" build --target wasm32-unknown-unknown --profile "$profile")

target_dir="$ROOT/frontend/target/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo "$profile")"
dist="$ROOT/frontend/dist"
mkdir -p "$dist/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$dist/pkg" "$target_dir/frontend.wasm"

if [ "$profile" != dev ]; then
  ensure_wasm_opt
  if [ -n "$WASM_OPT" ]; then
    # wasm-bindgen's output uses bulk memory and non-trapping conversions; say so, or
    # wasm-opt refuses it.
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$dist/pkg/frontend_bg.wasm" -o "$dist/pkg/frontend_bg.wasm.opt"
    mv "$dist/pkg/frontend_bg.wasm.opt" "$dist/pkg/frontend_bg.wasm"
  fi
fi
cp "$ROOT/frontend/index.html" "$dist/index.html"
cp -r "$ROOT/frontend/static/." "$dist/"
say "web app built: $(du -h "$dist/pkg/frontend_bg.wasm" | cut -f1) of wasm"
