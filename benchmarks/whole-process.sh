#!/bin/sh
# Whole-process timings of the clv commands behind issue 17's speed goals (docs/performance.md, last section).
# Usage: benchmarks/whole-process.sh CLV DATA_DIR [RUNS]
#   CLV       the clv executable to time (e.g. a `dotnet publish -r linux-x64 -p:PublishReadyToRun=true` output, as packed)
#   DATA_DIR  where the synthetic inputs are written once (s1m.csv: 10^6 customers; tx10m.csv: 10^7 transactions)
# Each command runs once as a warm-up, then RUNS times (default 5) under /usr/bin/time; the lines give wall and CPU seconds.
set -eu
CLV=$1; DATA=$2; RUNS=${3:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DATA"
if [ ! -f "$DATA/s1m.csv" ] || [ ! -f "$DATA/tx10m.csv" ]; then
  dotnet build "$HERE/Clv.Probabilistic.Benchmarks" -c Release > /dev/null
  BENCH="$HERE/Clv.Probabilistic.Benchmarks/bin/Release/net10.0/Clv.Probabilistic.Benchmarks"
  [ -f "$DATA/s1m.csv" ] || "$BENCH" write-summary "$DATA/s1m.csv"
  [ -f "$DATA/tx10m.csv" ] || "$BENCH" write-transactions "$DATA/tx10m.csv"
fi
cd "$DATA"
"$CLV" fit --model bgnbd --input s1m.csv --time-unit days --output m.json --force > /dev/null
run() {
  name=$1; shift
  sh -c "$*" > /dev/null 2>&1
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" sh -c "{ $*; } > /dev/null"
    i=$((i + 1))
  done
}
run fit "$CLV fit --model bgnbd --input s1m.csv --time-unit days --output m-timed.json --force"
run predict "$CLV predict --model m.json --input s1m.csv --horizon 30 --output p.csv --force"
run gamma-gamma+clv "$CLV fit --model gamma-gamma --input s1m.csv --time-unit days --output gg.json --force && $CLV predict --model m.json --spend-model gg.json --input s1m.csv --horizon 12 --horizon-unit months --discount-rate 0.01 --output clv.csv --force"
run summarize "$CLV summarize --input tx10m.csv --time-unit weeks --observation-end 2021-12-30 --output summary.csv --force"
