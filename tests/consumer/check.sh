#!/usr/bin/env bash
# Installs the micgraph build under test into a scratch prefix and builds three programs outside
# the tree against it: one through find_package(micgraph CONFIG) on the installed tree, one that
# links only the header-only micgraph::core, and one through add_subdirectory of the source
# tree (which compiles micgraph's library once more).
# Usage: check.sh SOURCE_DIR BUILD_DIR WORK_DIR CXX_COMPILER
set -euo pipefail
source_dir=$1
build_dir=$2
work=$3
cxx=$4
jobs=$(nproc 2>/dev/null || echo 2)
# The consumers check the CMake wiring, not the code generation: built unoptimised without debug
# information, the add_subdirectory build of the library takes about a third less compiler time.
quick=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0)
graph=$source_dir/tests/data/tiny.json
rm -rf "$work"
mkdir -p "$work"

cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
test -x "$work/prefix/bin/micgraph"
test -f "$work/prefix/include/micgraph/micgraph.hpp"
"$work/prefix/bin/micgraph" validate "$graph" > /dev/null

cmake -S "$source_dir/tests/consumer/find-package" -B "$work/find-package" \
  "${quick[@]}" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/find-package.log"
cmake --build "$work/find-package" -j "$jobs" >> "$work/find-package.log"
out=$("$work/find-package/consumer" "$graph")
echo "find_package: $out"
[[ $out == consumer:*nodes* ]]

# Header-only: a program that links micgraph::core alone (no compiled part, no JSON, no fmt).
cmake -S "$source_dir/tests/consumer/core-only" -B "$work/core-only" \
  "${quick[@]}" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/core-only.log"
cmake --build "$work/core-only" -j "$jobs" >> "$work/core-only.log"
out=$("$work/core-only/core_consumer")
echo "core only: $out"
[[ $out == "core consumer: missile 1.00 -> 0.28" ]]

cmake -S "$source_dir/tests/consumer/add-subdirectory" -B "$work/add-subdirectory" \
  "${quick[@]}" -DCMAKE_CXX_COMPILER="$cxx" -DMICGRAPH_SOURCE_DIR="$source_dir" > "$work/add-subdirectory.log"
cmake --build "$work/add-subdirectory" -j "$jobs" --target consumer >> "$work/add-subdirectory.log"
out=$("$work/add-subdirectory/consumer" "$graph")
echo "add_subdirectory: $out"
[[ $out == consumer:*nodes* ]]
echo "consumers built and ran"
