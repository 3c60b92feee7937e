#!/usr/bin/env bash
# Builds the SPA into frontend/dist: the wasm, its JS glue (wasm-bindgen), index.html, CSS.
# Incremental: cargo rebuilds only what changed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=${KH_WASM_PROFILE:-release}
ensure_wasm_toolchain
ensure_wasm_bindgen
ensure_wasm_split

say "building the web app (wasm32, $profile)"
(cd "$ROOT/frontend" && "${WASM_CARGO[@]}" build --target wasm32-unknown-unknown --profile "$profile")

target_dir="$ROOT/frontend/target/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo "$profile")"
staging="$target_dir/bindgen"
rm -rf "$staging"
mkdir -p "$staging"
# Cut the wasm at the lazy pages (frontend/src/app.rs): frontend.wasm is what every page
# needs, each lazy page gets a file of its own (and pages share chunk files), and
# __wasm_split.js fetches them, beside itself, when a page is first opened. The cut needs the
# linker's relocations (`--emit-relocs`, frontend/.cargo/config.toml).
wasm-split-cli --target web --out-name frontend "$target_dir/frontend.wasm" "$staging"
# A lazy page whose file fails to download is told so, and Leptos's loader then stops the
# whole app (a panic). Instead the loader asks again, with growing pauses, until it has it;
# boot.js shows a notice meanwhile (the events below). The loader is wasm-split-cli's, pinned
# in lib.sh: if its text changes, this says so rather than building an app that stops.
command -v python3 >/dev/null || ensure_apt_packages python3
python3 - "$staging/__wasm_split.js" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
failing = """        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {"""
retrying = """        try {
            for (let attempt = 1; ; attempt++) {
                try {
                    await callee();
                    break;
                } catch (e) {
                    console.error(e);
                    window.dispatchEvent(new CustomEvent("kh-lazy-retry", { detail: attempt }));
                    await new Promise((r) => setTimeout(r, Math.min(15000, 500 * 2 ** attempt)));
                }
            }
            success = true;
            window.dispatchEvent(new CustomEvent("kh-lazy-loaded"));
        } finally {"""
if text.count(failing) != 1:
    sys.exit("__wasm_split.js is not the loader build-frontend.sh knows: update its retry patch")
open(path, "w").write(text.replace(failing, retrying))
PY
# The lazy files call into the main module by its linker's names: keep them.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$staging" "$staging/frontend.wasm"
rm "$staging/frontend.wasm"

if [ "$profile" != dev ]; then
  ensure_wasm_opt
  if [ -n "$WASM_OPT" ]; then
    # wasm-bindgen's output uses bulk memory and non-trapping conversions; say so, or
    # wasm-opt refuses it. `--converge` runs the passes again while they still shrink the
    # module (1.2 KB less with brotli, for half a minute more). Each module is optimised on
    # its own; none loses an export another one imports. (It warns of every lazy file's
    # linker names, which it drops: those lines are left out.)
    for module in "$staging"/*.wasm; do
      "$WASM_OPT" -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$module" -o "$module.opt" 2> >(grep -v 'unknown name subsection' >&2)
      mv "$module.opt" "$module"
    done
  fi
fi

# Every file a page loads, except index.html, goes under pkg/ with its content's hash in its
# name: the server lets browsers keep those for a year (a new build is a new name), and
# index.html, which names them, is asked for again every time. The app's own files name one
# another (the glue, the split loader and the lazy pages), so they go together into a folder
# named by the hash of them all.
dist="$ROOT/frontend/dist"
rm -rf "$dist"
mkdir -p "$dist/pkg"
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
app="app-$(cd "$staging" && hash_of $(ls | sort))"
cp -r "$staging" "$dist/pkg/$app"
wasm="/pkg/$app/frontend_bg.wasm"
glue="/pkg/$app/frontend.js"
hashed() { # hashed STEM FILE EXT → copies FILE to pkg/STEM-HASH.EXT and prints its path
  local name
  name="$1-$(sha256sum "$2" | cut -c1-16).$3"
  cp "$2" "$dist/pkg/$name"
  echo "/pkg/$name"
}
style=$(hashed style "$ROOT/frontend/static/style.css" css)
sed -e "s|__GLUE__|$glue|g" -e "s|__WASM__|$wasm|g" "$ROOT/frontend/static/boot.js" >"$staging/boot.js"
boot=$(hashed boot "$staging/boot.js" js)
rm "$staging/boot.js"
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
lazy=$(find "$dist/pkg/$app" -name '*.wasm' ! -name frontend_bg.wasm | wc -l)
say "web app built: $(du -h "$dist$wasm" | cut -f1) of wasm at start$([ -f "$dist$wasm.br" ] && echo ", $(du -h "$dist$wasm.br" | cut -f1) with brotli"), and $lazy lazy files"
