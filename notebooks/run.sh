#!/usr/bin/env bash
# Regenerates the outputs committed in the notebooks: the build step of notebooks/README.md, then each notebook run top
# to bottom in the .NET Interactive kernel (dotnet-repl) and written back with its outputs, tidied by
# notebooks/tools/tidy-outputs.cs. Usage: bash notebooks/run.sh [name.ipynb ...] (default: every notebook).
set -euo pipefail
cd "$(dirname "$0")/.."
# A NuGet folder of its own, without the packages of this library, so the notebooks load what was just packed.
export NUGET_PACKAGES="${CLV_NOTEBOOK_NUGET:-${TMPDIR:-/tmp}/clv-notebooks-nuget}"
rm -rf "$NUGET_PACKAGES"/clv.probabilistic*
dotnet tool restore
build_step=$(awk '/^```sh/ { inside = 1; next } inside { print; exit }' notebooks/README.md)
echo "$build_step"
eval "$build_step"

cd notebooks
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(*.ipynb)
out=$(mktemp -d)
status=0
for notebook in "${notebooks[@]}"; do
  echo "running $notebook"
  if ! dotnet dotnet-repl --run "$notebook" --exit-after-run --output-format ipynb --output-path "$out/$notebook"; then
    echo "$notebook: a cell failed (see its outputs)" >&2
    status=1
  fi
  [ -f "$out/$notebook" ] && cp "$out/$notebook" "$notebook"
done
rm -rf "$out"
cd ..
dotnet run notebooks/tools/tidy-outputs.cs -- "${notebooks[@]/#/notebooks/}"
exit $status
