#!/bin/sh
# The four whole-process commands of benchmarks/whole-process.sh timed side by side with the Python reference library
# lifetimes in one run (issue 17; docs/performance.md, "Side by side with lifetimes").
# Usage: benchmarks/whole-process-vs-lifetimes.sh CLV DATA_DIR LIFETIMES_PATH [RUNS]
#   CLV            the clv executable to time (as packed: a `dotnet publish -r linux-x64 -p:PublishReadyToRun=true` output)
#   DATA_DIR       holds s1m.csv (10^6 customers) and tx10m.csv (10^7 transactions) of benchmarks/whole-process.sh;
#                  the outputs of both sides are written there
#   LIFETIMES_PATH a directory with the packages lifetimes and autograd (put on PYTHONPATH; not part of this repository)
#   RUNS           timed runs per command and side (default 5); lifetimes' summarize runs at most LIFETIMES_SUMMARIZE_RUNS
#                  times (default 2), as it takes minutes
# Environment: PYTHON (default /usr/bin/python3, with numpy, scipy, pandas and dill).
# Each command runs once untimed as a warm-up (lifetimes' summarize not), then the timed runs alternate clv and
# lifetimes; each line gives wall and CPU seconds and peak memory. Both sides start from the same files: the purchase
# model is fitted once beforehand (clv: m.json; lifetimes: lt-bg.pkl with its own save_model), as whole-process.sh does.
# At the end the outputs are compared (not timed) and lifetimes' in-memory predict time is listed.
set -eu
CLV=$1; DATA=$2; LIFETIMES=$3; RUNS=${4:-5}
PY=${PYTHON:-/usr/bin/python3}
LT_SUMMARIZE_RUNS=${LIFETIMES_SUMMARIZE_RUNS:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
LT="env PYTHONPATH=$LIFETIMES PYTHONWARNINGS=ignore $PY $HERE/whole-process-lifetimes.py"
[ -f "$DATA/s1m.csv" ] && [ -f "$DATA/tx10m.csv" ] || { echo "$DATA needs s1m.csv and tx10m.csv (benchmarks/whole-process.sh makes them)" >&2; exit 1; }
cd "$DATA"
COMPUTE_LOG=$DATA/lt-compute.log
: > "$COMPUTE_LOG"

"$CLV" fit --model bgnbd --input s1m.csv --time-unit days --output m.json --force > /dev/null
$LT fit s1m.csv lt-bg.pkl

timed() {
  label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" sh -c "{ $*; } > /dev/null"
}

# side_by_side NAME CLV_COMMAND LIFETIMES_COMMAND [LIFETIMES_RUNS] [WARM_UP_LIFETIMES]
side_by_side() {
  name=$1; ours=$2; theirs=$3; their_runs=${4:-$RUNS}; warm_theirs=${5:-yes}
  sh -c "$ours" > /dev/null 2>&1
  if [ "$warm_theirs" = yes ]; then sh -c "$theirs" > /dev/null 2>&1; fi
  i=0
  while [ $i -lt "$RUNS" ]; do
    timed "$name clv" "$ours"
    if [ $i -lt "$their_runs" ]; then timed "$name lifetimes" "$theirs"; fi
    i=$((i + 1))
  done
}

side_by_side fit \
  "$CLV fit --model bgnbd --input s1m.csv --time-unit days --output m-timed.json --force" \
  "$LT fit s1m.csv lt-bg-timed.pkl"
: > "$COMPUTE_LOG"
side_by_side predict \
  "$CLV predict --model m.json --input s1m.csv --horizon 30 --output p.csv --force" \
  "LIFETIMES_COMPUTE_LOG=$COMPUTE_LOG $LT predict lt-bg.pkl s1m.csv 30 lt-p.csv"
side_by_side gamma-gamma+clv \
  "$CLV fit --model gamma-gamma --input s1m.csv --time-unit days --output gg.json --force && $CLV predict --model m.json --spend-model gg.json --input s1m.csv --horizon 12 --horizon-unit months --discount-rate 0.01 --output clv.csv --force" \
  "$LT ggclv lt-bg.pkl s1m.csv lt-gg.pkl lt-clv.csv"
side_by_side summarize \
  "$CLV summarize --input tx10m.csv --time-unit weeks --observation-end 2021-12-30 --output summary.csv --force" \
  "$LT summarize tx10m.csv 2021-12-30 lt-summary.csv" "$LT_SUMMARIZE_RUNS" no

echo "lifetimes' in-memory computation alone (predict runs, warm-up included):"
cat "$COMPUTE_LOG"
$LT compare .
