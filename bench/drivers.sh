#!/usr/bin/env bash
# Driver benchmarks, in one run on one machine, against one separately started fake
# (hyper front, pinned to CPU 0); every load generator is pinned to CPU 1 and sends
# `consultar_comprobante` of a document that does not exist (the fake answers 24), so all
# of them do the same work on the server. Loopback only; every run is bounded in time.
#
# Usage: bench/drivers.sh [SECONDS] [ROUNDS]   (defaults 10 and 3). Needs taskset and
# /usr/bin/time; installs oha (crates.io) when it is missing.
# Prints, per round (the generators alternate, so a slow spell of this shared machine hits
# both sides of a ratio alike) and as medians:
# - oha's rate, the async driver's rate and their ratio (target >= 0.5);
# - a bare goose transaction's rate (examples/bare_goose.rs), the goose adapter's rate and
#   their ratio (target >= 0.9); both rates are over the attack's whole wall time;
# - the harness's max RSS after a 3 s and a 30 s run (about 100k and 1M requests here).
set -euo pipefail
DUR="${1:-10}"
ROUNDS="${2:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
command -v oha >/dev/null || cargo install --quiet --locked oha
cargo build --quiet --release --bin nubefact-harness -p nubefact-harness
cargo build --quiet --release --example bare_goose -p nubefact-harness
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
BODY='{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":1}'

harness() { # $1 = driver, $2 = seconds, $3 = tag; prints the achieved rate
  taskset -c 1 target/release/nubefact-harness run scenarios/bench-throughput.toml \
    --target "$URL" --token-env BENCH_TOKEN --driver "$1" --duration "$2s" --out "$TMP/run-$3" \
    2>/dev/null >"$TMP/out-$3" || true   # exit 3 (INVALID) is expected: every query answers 24
  awk '/^validity:/ { for (i = 1; i <= NF; i++) if ($i == "req/s") print $(i-1) }' "$TMP/out-$3"
}
oha_rate() { # $1 = seconds
  taskset -c 1 oha --no-tui -z "$1s" -c 32 -m POST -H 'Content-Type: application/json' \
    -H "Authorization: Token token=\"$BENCH_TOKEN\"" -d "$BODY" "$URL" | awk '/Requests\/sec/ {print $2}'
}
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

oha_rate 2 >/dev/null   # warm-up
: >"$TMP/async-ratios"; : >"$TMP/goose-ratios"
for round in $(seq 1 "$ROUNDS"); do
  OHA="$(oha_rate "$DUR")"
  ASYNC="$(harness async "$DUR" "async-$round")"
  BARE="$(taskset -c 1 target/release/examples/bare_goose "$URL" 32 "$((DUR - 1))" 2>/dev/null | awk '{print $2}')"
  GOOSE="$(harness goose "$DUR" "goose-$round")"
  ratio "$ASYNC" "$OHA" >>"$TMP/async-ratios"; echo >>"$TMP/async-ratios"
  ratio "$GOOSE" "$BARE" >>"$TMP/goose-ratios"; echo >>"$TMP/goose-ratios"
  echo "round $round: oha $OHA, async driver $ASYNC req/s ($(ratio "$ASYNC" "$OHA")x);" \
    "bare goose $BARE, goose adapter $GOOSE req/s ($(ratio "$GOOSE" "$BARE")x)"
done
echo "median async driver / oha (32 connections):     $(median <"$TMP/async-ratios")x"
echo "median goose adapter / bare goose (32 users):   $(median <"$TMP/goose-ratios")x"

rss() { # $1 = seconds; prints "requests max_rss_kb"
  /usr/bin/time -v -o "$TMP/time-$1" taskset -c 1 target/release/nubefact-harness run scenarios/bench-throughput.toml \
    --target "$URL" --token-env BENCH_TOKEN --driver async --duration "$1s" --out "$TMP/rss-$1" >"$TMP/out-$1" 2>/dev/null || true
  local n kb
  n="$(awk '/^total/ {print $2}' "$TMP/out-$1")"
  kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time-$1")"
  echo "$n $kb"
}
# About 100,000 and 1,000,000 requests at the async driver's rate here (~35k req/s).
read -r N1 KB1 <<<"$(rss 3)"
read -r N2 KB2 <<<"$(rss 30)"
echo "harness max RSS: $N1 requests -> $KB1 KB; $N2 requests -> $KB2 KB; ratio $(awk "BEGIN {printf \"%.2f\", $KB2 / $KB1}")"
