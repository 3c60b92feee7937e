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
staging="$target_dir/bindgen"
rm -rf "$staging"
mkdir -p "$staging"
wasm-bindgen --target web --no-typescript --out-dir "$staging" "$target_dir/frontend.wasm"

if [ "$profile" != dev ]; then
  ensure_wasm_opt
  if [ -n "$WASM_OPT" ]; then
    # wasm-bindgen's output uses bulk memory and non-trapping conversions; say so, or
    # wasm-opt refuses it. `--converge` runs the passes again while they still shrink the
    # module (1.2 KB less with brotli, for half a minute more).
    "$WASM_OPT" -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$staging/frontend_bg.wasm" -o "$staging/frontend_bg.wasm.opt"
    mv "$staging/frontend_bg.wasm.opt" "$staging/frontend_bg.wasm"
  fi
fi

# Every file a page loads, except index.html, goes under pkg/ with its content's hash in its
# name: the server lets browsers keep those for a year (a new build is a new name), and
# index.html, which names them, is asked for again every time.
dist="$ROOT/frontend/dist"
rm -rf "$dist"
mkdir -p "$dist/pkg"
hashed() { # hashed FILE STEM EXT → copies FILE to pkg/STEM-HASH.EXT and prints its path
  local name
  name="$1-$(sha256sum "$2" | cut -c1-16).$3"
  cp "$2" "$dist/pkg/$name"
  echo "/pkg/$name"
}
wasm=$(hashed frontend "$staging/frontend_bg.wasm" wasm)
glue=$(hashed frontend "$staging/frontend.js" js)
style=$(hashed style "$ROOT/frontend/static/style.css" css)
sed -e "s|__GLUE__|$glue|g" -e "s|__WASM__|$wasm|g" "$ROOT/frontend/static/boot.js" >"$staging/boot.js"
boot=$(hashed boot "$staging/boot.js" js)
sed -e "s|__GLUE__|$glue|g" -e "s|__WASM__|$wasm|g" -e "s|__STYLE__|$style|g" \
  -e "s|__BOOT__|$boot|g" "$ROOT/frontend/index.html" >"$dist/index.html"
cp "$ROOT/frontend/static/favicon.svg" "$dist/favicon.svg"

# Compressed once here, at the strongest settings, instead of on every request: the server
# sends file.br or file.gz to a browser that accepts it. Node's zlib has both.
if command -v node >/dev/null; then
  node "$ROOT/scripts/precompress.mjs" "$dist"
else
  say "node not found: the web app is not precompressed (the server compresses it as it goes)"
fi
say "web app built: $(du -h "$dist$wasm" | cut -f1) of wasm$([ -f "$dist$wasm.br" ] && echo ", $(du -h "$dist$wasm.br" | cut -f1) with brotli")"
