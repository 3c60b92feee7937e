#!/usr/bin/env bash
# Times what an attacker's expensive GraphQL documents cost a release server, and whether a
# cheap query sent alongside waits for them: the fragment fan-outs of 10⁷ and 10¹⁷ fields,
# each sent 8 times at once with a cheap query in the middle. Not a test CI runs: a probe to
# run by hand (`./scripts/probe-documents.sh`), printing a table of milliseconds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# KH_PROBE_BINARY probes another build (today's main, say) with the same documents.
binary=${KH_PROBE_BINARY:-}
if [ -z "$binary" ]; then
  say "building the release server"
  cargo build --release --quiet --bin khuyenhoc
  binary="$ROOT/target/release/khuyenhoc"
fi
data=$(mktemp -d)
port=${KH_PROBE_PORT:-18090}
KH_DATA_DIR="$data" KH_BIND="127.0.0.1:$port" KH_LOG=error "$binary" serve &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

python3 - "$port" "${KH_PROBE_PARALLEL:-8}" <<'EOF'
import json, sys, threading, time, urllib.request

url = f"http://127.0.0.1:{sys.argv[1]}/graphql"
parallel = int(sys.argv[2])

def post(query):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "content-type": "application/json", "x-khuyenhoc-client": "probe"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        answer = json.load(response)
    took = (time.perf_counter() - started) * 1000
    errors = answer.get("errors") or [{}]
    return took, errors[0].get("extensions", {}).get("code", "ok")

def fan_out(levels):
    fragments = "fragment L0 on QueryRoot { serverInfo { version } }"
    for level in range(1, levels + 1):
        fragments += f" fragment L{level} on QueryRoot {{ {f'...L{level - 1} ' * 10}}}"
    return f"{{ ...L{levels} }} {fragments}"

cheap = "{ serverInfo { version } }"
post(cheap)
print(f"{'document':<28}{'bytes':>7}{'answer':>20}{'alone ms':>10}{f'{parallel} at once, max ms':>19}{'cheap query alongside ms':>26}")
for levels in (7, 17):
    document = fan_out(levels)
    alone, code = post(document)
    results, cheap_result = [], []
    threads = [threading.Thread(target=lambda: results.append(post(document))) for _ in range(parallel)]
    threads.insert(parallel // 2, threading.Thread(target=lambda: cheap_result.append(post(cheap))))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    worst = max(took for took, _ in results)
    print(f"{'fan-out 10^' + str(levels):<28}{len(document):>7}{code:>20}{alone:>10.1f}{worst:>19.1f}{cheap_result[0][0]:>26.1f}")
took, code = post(cheap)
print(f"{'cheap query alone':<28}{len(cheap):>7}{code:>20}{took:>10.1f}")
EOF
