#!/bin/bash
# Two builds of clv timed against each other on the whole-process commands of benchmarks/whole-process.sh, alternating
# run by run so that both see the same state of the machine (its speed drifts by up to 45% within minutes:
# docs/performance.md); only such paired figures compare two builds.
# Usage: benchmarks/whole-process-ab.sh OLD_DIR NEW_DIR DATA_DIR [RUNS]
#   OLD_DIR, NEW_DIR  folders holding a clv executable each (e.g. `dotnet publish src/Clv.Probabilistic.Cli -c Release
#                     -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o DIR`, as packed)
#   DATA_DIR          holds s1m.csv and tx10m.csv (benchmarks/whole-process.sh makes them)
#   RUNS              timed runs per command and build after one untimed run each (default 7)
# Environment: ONLY=fit|predict|ggclv|summarize times that command alone.
# Each build works in its own folder under DATA_DIR (ab-old, ab-new) with links to the inputs; prints the sorted wall
# seconds of each, then whether the outputs of the two builds are the same bytes. Run it under `chrt -f 50` on an
# otherwise idle machine.
set -eu
OLD=$1; NEW=$2; DATA=$3; RUNS=${4:-7}
for side in old new; do
  mkdir -p "$DATA/ab-$side"
  ln -sf "$DATA/s1m.csv" "$DATA/ab-$side/s1m.csv"
  ln -sf "$DATA/tx10m.csv" "$DATA/ab-$side/tx10m.csv"
done
(cd "$DATA/ab-old" && "$OLD/clv" fit --model bgnbd --input s1m.csv --time-unit days --output m.json --force > /dev/null)
(cd "$DATA/ab-new" && "$NEW/clv" fit --model bgnbd --input s1m.csv --time-unit days --output m.json --force > /dev/null)
commands=(
  "fit|CLV fit --model bgnbd --input s1m.csv --time-unit days --output m-timed.json --force"
  "predict|CLV predict --model m.json --input s1m.csv --horizon 30 --output p.csv --force"
  "ggclv|CLV fit --model gamma-gamma --input s1m.csv --time-unit days --output gg.json --force && CLV predict --model m.json --spend-model gg.json --input s1m.csv --horizon 12 --horizon-unit months --discount-rate 0.01 --output clv.csv --force"
  "summarize|CLV summarize --input tx10m.csv --time-unit weeks --observation-end 2021-12-30 --output summary.csv --force"
)
times=$(mktemp)
for entry in "${commands[@]}"; do
  IFS='|' read -r name line <<< "$entry"
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ]; then continue; fi
  old_times=""; new_times=""
  for run in $(seq 0 "$RUNS"); do
    for side in old new; do
      if [ $side = old ]; then tool=$OLD; else tool=$NEW; fi
      (cd "$DATA/ab-$side" && /usr/bin/time -o "$times" -f "%e" sh -c "${line//CLV/$tool/clv}" > /dev/null 2>&1)
      if [ "$run" -eq 0 ]; then continue; fi
      if [ $side = old ]; then old_times="$old_times $(cat "$times")"; else new_times="$new_times $(cat "$times")"; fi
    done
  done
  echo "$name old: $(echo $old_times | tr ' ' '\n' | sort -n | tr '\n' ' ')"
  echo "$name new: $(echo $new_times | tr ' ' '\n' | sort -n | tr '\n' ' ')"
done
rm -f "$times"
for file in m-timed.json p.csv gg.json clv.csv summary.csv; do
  if [ -f "$DATA/ab-old/$file" ] && [ -f "$DATA/ab-new/$file" ]; then
    if cmp -s "$DATA/ab-old/$file" "$DATA/ab-new/$file"; then echo "$file: the same bytes"; else echo "$file: differs"; fi
  fi
done
