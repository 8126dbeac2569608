#!/usr/bin/env bash
# Benchmark of the fake's fronts against bare baselines, with wrk on loopback.
#
# Usage: mock-server/bench/run.sh [SECONDS_PER_RUN]   (default 10; bounded: 8 runs + a soak of
#        at most 1,000,000 requests). Needs wrk (apt-get install wrk) and taskset (util-linux).
# Each server is pinned to CPU 0 and wrk to CPU 1, one wrk thread, 32 keep-alive connections.
# The fake answers consultar_comprobante of a stored factura (full auth, parsing, validation and
# registry lookup); the baselines answer a fixed 1 KB JSON body.
set -euo pipefail
DUR="${1:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$ROOT/target/release/examples/bench_servers"
(cd "$ROOT" && cargo build --quiet --release -p nubefact-mock --example bench_servers)
TMP="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

start() { # $1 = mode; sets PID URL TOKEN
  rm -f "$TMP/$1.out"
  taskset -c 0 "$BIN" "$1" >"$TMP/$1.out" 2>/dev/null &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$TMP/$1.out" ] && break; sleep 0.1; done
  URL="$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$TMP/$1.out")"
  TOKEN="$(sed -n 's/.*"token": "\([^"]*\)".*/\1/p' "$TMP/$1.out")"
  cat >"$TMP/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":1}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = 'Token token="$TOKEN"'
LUA
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
load() { # $1 = seconds; prints "rate requests non2xx"
  taskset -c 1 wrk -t1 -c32 -d"$1"s -s "$TMP/post.lua" "$URL" >"$TMP/wrk.txt"
  local rate req bad
  rate="$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.txt")"
  req="$(awk '/requests in/ {print $1}' "$TMP/wrk.txt")"
  bad="$(awk '/Non-2xx/ {print $5}' "$TMP/wrk.txt")"
  echo "$rate $req ${bad:-0}"
}

# Each pair runs bare, fake, bare, fake so a drift in background load hits both sides alike.
declare -A RATE
for mode in bare-wiremock fake-wiremock bare-wiremock fake-wiremock bare-hyper fake-hyper bare-hyper fake-hyper; do
  start "$mode"
  load 2 >/dev/null # warm-up
  before="$(rss_kb)"
  read -r rate req bad <<<"$(load "$DUR")"
  after="$(rss_kb)"
  RATE[$mode]="$(awk -v a="${RATE[$mode]:-0}" -v r="$rate" 'BEGIN { print a + r }')"
  per_req="$(awk -v a="$after" -v b="$before" -v r="$req" 'BEGIN { printf "%.0f", (a-b)*1024/r }')"
  echo "$mode: ${rate} req/s, ${req} requests, non-2xx ${bad}, RSS ${before} kB -> ${after} kB (${per_req} B/request)"
  stop
done
awk -v f="${RATE[fake-wiremock]}" -v b="${RATE[bare-wiremock]}" 'BEGIN { printf "ratio wiremock fake/bare (sum of 2 runs each): %.2f (target >= 0.9)\n", f/b }'
awk -v f="${RATE[fake-hyper]}" -v b="${RATE[bare-hyper]}" 'BEGIN { printf "ratio hyper fake/bare (sum of 2 runs each): %.2f (target >= 0.7)\n", f/b }'
RATE[fake-hyper]="$(awk -v a="${RATE[fake-hyper]}" 'BEGIN { print a / 2 }')"

# Soak: hyper-front RSS over 1,000,000 queries of a stored document (bounded by count).
start fake-hyper
load 2 >/dev/null
warm="$(rss_kb)"
secs="$(awk -v r="${RATE[fake-hyper]}" 'BEGIN { s = int(1500000 / r) + 1; if (s > 120) s = 120; print s }')"
half=$(( (secs + 1) / 2 ))
read -r _ req1 _ <<<"$(load "$half")"
mid="$(rss_kb)"
read -r _ req2 _ <<<"$(load "$half")"
end="$(rss_kb)"
echo "hyper soak: $((req1 + req2)) queries; RSS warm ${warm} kB, mid ${mid} kB, end ${end} kB (target <= 65536 kB, flat)"
stop
"$BIN" registry 1000000
