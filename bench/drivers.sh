#!/usr/bin/env bash
# Driver benchmarks, in one run on one machine, against one separately started fake
# (hyper front, pinned to CPU 0); every load generator is pinned to CPU 1 and sends
# `consultar_comprobante` of a document that does not exist (the fake answers 24), so all
# of them do the same work on the server. Loopback only; every run is bounded in time.
#
# Usage: bench/drivers.sh [SECONDS]   (default 10). Needs wrk, taskset and /usr/bin/time.
# Prints: wrk's rate, the async driver's rate and their ratio; the goose driver's rate;
# the harness's max RSS after a 6 s and a 60 s run (about 100k and 1M requests here).
set -euo pipefail
DUR="${1:-10}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
cargo build --quiet --release --bin nubefact-harness -p nubefact-harness
cargo build --quiet --release --bin nubefact-mock -p nubefact-mock
TMP="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

taskset -c 0 target/release/nubefact-mock --front hyper >"$TMP/ready" 2>/dev/null &
PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/ready" ] && break; sleep 0.1; done
URL="$(sed -n 's/.*"url": *"\([^"]*\)".*/\1/p' "$TMP/ready")"
export BENCH_TOKEN="$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' "$TMP/ready")"
cat >"$TMP/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":1}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = 'Token token="$BENCH_TOKEN"'
LUA

harness() { # $1 = driver, $2 = seconds; prints the achieved rate
  taskset -c 1 target/release/nubefact-harness run scenarios/bench-throughput.toml \
    --target "$URL" --token-env BENCH_TOKEN --driver "$1" --duration "$2s" --out "$TMP/run-$1-$2" \
    2>/dev/null >"$TMP/out-$1-$2" || true   # exit 3 (INVALID) is expected: every query answers 24
  awk '/^validity:/ { for (i = 1; i <= NF; i++) if ($i == "req/s") print $(i-1) }' "$TMP/out-$1-$2"
}

taskset -c 1 wrk -t1 -c32 -d2s -s "$TMP/post.lua" "$URL" >/dev/null   # warm-up
WRK="$(taskset -c 1 wrk -t1 -c32 -d"${DUR}s" -s "$TMP/post.lua" "$URL" | awk '/Requests\/sec/ {print $2}')"
ASYNC="$(harness async "$DUR")"
GOOSE="$(harness goose "$DUR")"
echo "wrk (-t1 -c32):            $WRK req/s"
echo "async driver (32 users):   $ASYNC req/s   ratio to wrk: $(awk "BEGIN {printf \"%.2f\", $ASYNC / $WRK}")"
echo "goose driver (32 users):   $GOOSE req/s   ratio to async: $(awk "BEGIN {printf \"%.2f\", $GOOSE / $ASYNC}")"

rss() { # $1 = seconds; prints "requests max_rss_kb"
  /usr/bin/time -v -o "$TMP/time-$1" taskset -c 1 target/release/nubefact-harness run scenarios/bench-throughput.toml \
    --target "$URL" --token-env BENCH_TOKEN --driver async --duration "$1s" --out "$TMP/rss-$1" >"$TMP/out-$1" 2>/dev/null || true
  local n kb
  n="$(awk '/^total/ {print $2}' "$TMP/out-$1")"
  kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time-$1")"
  echo "$n $kb"
}
# About 100,000 and 1,000,000 requests at the async driver's rate here.
read -r N1 KB1 <<<"$(rss 6)"
read -r N2 KB2 <<<"$(rss 60)"
echo "harness max RSS: $N1 requests -> $KB1 KB; $N2 requests -> $KB2 KB; ratio $(awk "BEGIN {printf \"%.2f\", $KB2 / $KB1}")"
