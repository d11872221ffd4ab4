#!/usr/bin/env bash
# Installs the dependencies, builds the micgraph program, the example programs the README runs and
# the Python module, and runs the main analysis on the bundled data: what a G7/EU ban on machine
# tools and their servicing does to Russian cruise-missile production, and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
# The README's tour, in one parallel build: the program, the examples it runs from
# build/examples/ and, where pybind11 was found when build/ was configured (MICGRAPH_PYTHON), the
# module its Python example imports.
cache_on() { grep -Eqi "^$1:BOOL=(ON|1|TRUE|YES|Y)\$" build/CMakeCache.txt; }
targets=(micgraph_cli)
examples=no
if cache_on MICGRAPH_BUILD_EXAMPLES; then
  targets+=(servicing_decay source_views dual_use_suppliers)
  examples=yes
fi
python_module=no
if cache_on MICGRAPH_PYTHON; then
  targets+=(micgraph_python)
  python_module=yes
fi
cmake --build build -j "$jobs" --target "${targets[@]}"
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
echo
echo "Where things are:"
echo "  $micgraph  the program, \`micgraph\` in the README;"
echo "                                 \`cmake --install build --prefix PREFIX\` puts it into PREFIX/bin"
if [ "$examples" = yes ]; then
  echo "  build/examples/                the example programs the README runs"
else
  echo "  (the example programs are off in this build: -DMICGRAPH_BUILD_EXAMPLES=ON builds them)"
fi
if [ "$python_module" = yes ]; then
  echo "  build/python/                  the Python module: PYTHONPATH=build/python /usr/bin/python3"
else
  echo "  (the Python module is off in this build, MICGRAPH_PYTHON: pybind11 was not found when"
  echo "  build/ was configured, or it was turned off; -DMICGRAPH_PYTHON=ON builds it)"
fi
