#!/usr/bin/env bash
# Builds everything and serves the demo on SQLite with demo data at http://127.0.0.1:8080
# (change with KH_BIND; point DATABASE_URL at PostgreSQL to use it instead).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$ROOT/scripts/build.sh"
cd "$ROOT"
server=./target/debug/khuyenhoc
"$server" seed --dir seeds
# A demo administrator of the city association, so every page can be tried. Demo only: a real
# deployment bootstraps its own with `khuyenhoc create-admin`.
KH_ADMIN_PASSWORD=khuyenhoc-demo "$server" create-admin --login admin@khuyenhoc.local --name "Quản trị demo"
# The demo's story: Bát Tràng's staff and a guardian (same password), donations, and a
# scholarship program with applications at every stage.
KH_DEMO_PASSWORD=khuyenhoc-demo "$server" seed-demo
bind=${KH_BIND:-127.0.0.1:8080}
url="http://$bind/"
say "serving on $url (Ctrl-C to stop); demo accounts (password khuyenhoc-demo): admin@, quanly@, thuquy@, giamkhao1@, giamkhao2@, phuhuynh@khuyenhoc.local"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then
  (sleep 2 && xdg-open "$url" >/dev/null 2>&1 || true) &
fi
exec "$server" serve
