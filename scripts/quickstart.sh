#!/usr/bin/env bash
# Installs the dependencies, builds the micgraph program and runs the main analysis on the
# bundled data: what a G7/EU ban on machine tools and their servicing does to Russian
# cruise-missile production, and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j "$jobs" --target micgraph_cli
micgraph=build/tools/micgraph/micgraph
dataset=data/cruise-missile-cnc.json
echo "\$ micgraph validate $dataset"
"$micgraph" validate "$dataset"
echo
scenario=data/scenarios/g7-cnc-ban.json
echo "\$ micgraph impact $dataset --scenario $scenario"
"$micgraph" impact "$dataset" --scenario "$scenario"
echo
echo "(why: add --explain kh-101; every node as JSON: --json)"
