#!/usr/bin/env bash
# Builds micgraph and runs every test (GoogleTest suites, CLI checks, consumer projects).
# Usage: scripts/test.sh [BUILD_DIR [EXTRA_CMAKE_ARGS...]]   (BUILD_DIR defaults to build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
