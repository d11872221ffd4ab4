#!/usr/bin/env bash
# Installs every Debian 12 package that micgraph's build, tests, examples and benchmarks use.
# Idempotent: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  build-essential g++ cmake make pkg-config
  libboost-graph-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libgraphviz-dev graphviz
  libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  # Open-PSA MEF (fault-tree XML) interchange; SCRAM is the second oracle of the cut-set tests
  # and the fault-tree tool of bench/compare/cut_sets.py.
  libpugixml-dev scram
  # libFuzzer for scripts/fuzz.sh: clang 16, as Debian's default clang 14 cannot compile the
  # <ranges> of libstdc++ 12; llvm-16 for the symbolizer of its sanitizer reports.
  clang-16 libclang-rt-16-dev llvm-16
  python3 python3-networkx python3-igraph
  # The Python package (python/): pybind11 for the module, setuptools and wheel for
  # `pip install ./python`, numpy, pandas, NetworkX 2.8.8 and pytest for the package and its
  # tests; all for Debian's /usr/bin/python3.
  python3-dev pybind11-dev python3-pybind11 python3-setuptools python3-wheel python3-pip
  python3-numpy python3-pandas python3-pytest
  # The browser test of the HTML reports (tests/cli/report_browser.sh): headless Chromium.
  chromium
)

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
else
  sudo=(sudo)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
