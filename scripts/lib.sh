# Shared by the project's scripts: locating the repository and installing, idempotently, what
# the build and the tests need. Sourced, not run.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools shared by every clone on this machine, so a fresh clone does not reinstall them.
TOOLS_DIR=${KH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/khuyenhoc-tools}
BINARYEN_VERSION=132.0.0
AXE_CORE_VERSION=4.14.1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages that are missing; refreshes the package lists once if needed.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# Sets WASM_CARGO (the cargo command line) for building wasm32-unknown-unknown: a rustup
# target when the machine has one, otherwise Debian's rustc-web toolchain with std rebuilt
# from source (rustup here cannot download the wasm target).
ensure_wasm_toolchain() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    WASM_CARGO=(cargo)
    return 0
  fi
  ensure_apt_packages rustc-web cargo-web rust-web-src lld-22
  if ! rustup toolchain list | grep -q '^debian'; then
    say "linking Debian's Rust as the rustup toolchain 'debian'"
    rustup toolchain link debian /usr
  fi
  # build-std is unstable; Debian's rustc-web is a stable compiler, so it is unlocked here and
  # only for this build.
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22
  # With std rebuilt, a panic can stop the app at once instead of formatting its message
  # (16 KB less to download with brotli; a panic is then a bare "unreachable" in the console),
  # and `{:?}` formatting and panic locations go (3 KB less; the app shows no Debug output).
  # Added to frontend/.cargo/config.toml's flags: cargo joins the two lists.
  WASM_CARGO=(cargo +debian -Zbuild-std=std,panic_abort
    --config 'target.wasm32-unknown-unknown.rustflags=["-Zunstable-options", "-Cpanic=immediate-abort", "-Zfmt-debug=none", "-Zlocation-detail=none"]')
}

# wasm-bindgen's CLI must be exactly the version of the library in the frontend's lockfile.
ensure_wasm_bindgen() {
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/frontend/Cargo.lock")
  if [ -z "$version" ]; then
    echo "cannot find wasm-bindgen in frontend/Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    say "installing wasm-bindgen-cli $version (a few minutes, once)"
    # Not --locked: its lockfile asks for a crate version this registry does not have.
    cargo install wasm-bindgen-cli --version "$version"
  fi
}

# The tool that cuts the app's wasm at its lazy pages (Leptos's `#[lazy_route]`, see
# frontend/src/app.rs) into the part loaded at start and one file per page, with the JS that
# fetches them. Its version must read the split markers of the wasm_split_helpers in the
# frontend's lockfile; 0.2.4 is the one made with 0.2.3's.
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
  # The tool has no --version; cargo's list of what it installed says which one is here.
  if ! command -v wasm-split-cli >/dev/null ||
    ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (a minute or two, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
}

# Sets WASM_OPT to binaryen's optimiser, or leaves it empty when npm is not available (the app
# still works, it is just larger). Debian's binaryen is too old for wasm-bindgen's output.
ensure_wasm_opt() {
  WASM_OPT=""
  local bin="$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/.bin/wasm-opt"
  if [ ! -x "$bin" ]; then
    if ! command -v npm >/dev/null; then
      say "npm not found: skipping wasm-opt (the .wasm will be larger)"
      return 0
    fi
    say "installing binaryen $BINARYEN_VERSION (wasm-opt) with npm"
    mkdir -p "$TOOLS_DIR/binaryen-$BINARYEN_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/binaryen-$BINARYEN_VERSION" "binaryen@$BINARYEN_VERSION" >&2
  fi
  WASM_OPT=$bin
}

# Deque's axe-core, the accessibility checker the browser tests run on every page: exports
# KH_AXE_JS, the path of its script, for them to load into the page. From npm, once.
ensure_axe() {
  local dir="$TOOLS_DIR/axe-core-$AXE_CORE_VERSION"
  local script="$dir/node_modules/axe-core/axe.min.js"
  if [ ! -f "$script" ]; then
    say "installing axe-core $AXE_CORE_VERSION with npm"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "axe-core@$AXE_CORE_VERSION" >&2
  fi
  export KH_AXE_JS=$script
}

# Headless Chromium and its WebDriver, for the browser tests.
ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    return 0
  fi
  ensure_apt_packages chromium chromium-driver
}
