#!/usr/bin/env bash
# Whole commands as users run them: every micgraph command with its default options, timed as a
# whole process (wall time and peak resident memory, from /usr/bin/time) on one generated graph
# loaded from its .mgb snapshot, with each command's ratio to `stats` on the same file in the
# same run (absolute times on shared machines are noisy; the ratios much less so).
#
# Usage: bench/commands.sh [--nodes N] [--large] [--rounds R] [--build DIR] [--work DIR]
#   --nodes N   graph size (default 1,000,000); --large: 10,000,000
#   --rounds R  runs of each command; the table keeps the fastest (default 3)
#   --build DIR the build holding tools/micgraph/micgraph (default: build)
#   --work DIR  where the graph and the outputs go (default: /tmp/micgraph-commands-N)
# Prints a Markdown table (command, wall, ratio to stats, user and system CPU, peak memory) on
# stdout, each command's figures from its fastest run, then, when the build holds micgraph_bench,
# the bare BFS over the same graph (the memory-bound reference, `micgraph_bench --snapshot`);
# progress on stderr. The graph is made once per size and kept in the work folder for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=1000000
rounds=3
build=build
work=
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --large) nodes=10000000; shift ;;
    --rounds) rounds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: bench/commands.sh [--nodes N] [--large] [--rounds R] [--build DIR] [--work DIR]" >&2
       exit 2 ;;
  esac
done
micgraph=$(realpath "$build/tools/micgraph/micgraph")
[ -x "$micgraph" ] || { echo "no $micgraph: build the micgraph_cli target first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (Debian package time)" >&2; exit 2; }
work=${work:-/tmp/micgraph-commands-$nodes}
mkdir -p "$work"
scenario=$(realpath bench/scenarios/g7-into-russia.json)
json=$work/graph.json
graph=$work/graph.mgb
if [ ! -f "$graph" ]; then
  echo "generating $nodes nodes (seed 7) and converting to .mgb ..." >&2
  "$micgraph" generate --nodes "$nodes" --seed 7 -o "$json" >&2
  "$micgraph" convert "$json" "$graph" >&2
fi

# name | arguments (the graph is $graph, outputs go to $work)
commands=(
  "validate|validate $graph"
  "stats|stats $graph"
  "impact|impact $graph --scenario $scenario"
  "impact --explain|impact $graph --scenario $scenario --explain p0"
  "impact --samples 100|impact $graph --scenario $scenario --samples 100"
  "impact --compare-views|impact $graph --scenario $scenario --compare-views western,russian,chinese"
  "timeline --months 36|timeline $graph --scenario $scenario --months 36"
  "chokepoints|chokepoints $graph"
  "chokepoints --order 2|chokepoints $graph --order 2"
  "chokepoints --order 3 --targets p0|chokepoints $graph --order 3 --targets p0"
  "design|design $graph"
  "ownership --listed tags=sanctioned:us-sdn|ownership $graph --listed tags=sanctioned:us-sdn"
  "export --focus p0 (SVG)|export $graph --focus p0 --depth 2 -o $work/focus.svg"
  "convert .json to .mgb|convert $json $work/converted.mgb"
  "convert .mgb to .json|convert $graph $work/converted.json"
)

declare -A wall peak user system
for entry in "${commands[@]}"; do
  name=${entry%%|*}
  read -r -a args <<< "${entry#*|}"
  best=
  for ((round = 1; round <= rounds; ++round)); do
    # %e: wall seconds, %M: peak resident set in KiB, %U and %S: user and system CPU seconds
    # (both threads; system time is mostly the kernel zeroing the pages a command first touches).
    if ! /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$micgraph" "${args[@]}" \
        > "$work/stdout.txt" 2> "$work/stderr.txt"; then
      echo "FAILED: micgraph ${args[*]}" >&2
      cat "$work/stderr.txt" >&2
      exit 1
    fi
    read -r seconds kib user_seconds system_seconds < <(tail -n 1 "$work/time.txt")
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$seconds
      peak[$name]=$kib
      user[$name]=$user_seconds
      system[$name]=$system_seconds
    fi
  done
  wall[$name]=$best
  echo "$name: ${best} s, $(( peak[$name] / 1024 )) MiB" >&2
done

edges=$("$micgraph" stats "$graph" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["edges"])')
echo "| command ($nodes nodes, $edges edges, from .mgb) | wall | ratio to stats | user CPU | system CPU | peak memory |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for entry in "${commands[@]}"; do
  name=${entry%%|*}
  awk -v name="$name" -v t="${wall[$name]}" -v s="${wall[stats]}" -v kib="${peak[$name]}" \
    -v u="${user[$name]}" -v k="${system[$name]}" \
    'BEGIN { printf "| `%s` | %.2f s | %.1f | %.2f s | %.2f s | %d MiB |\n", name, t, (s > 0 ? t / s : 0), u, k, kib / 1024 }'
done

# The reference: a bare BFS over the snapshot's forward CSR, in one process, its median time.
bench=$(dirname "$micgraph")/../../bench/micgraph_bench
if [ -x "$bench" ]; then
  bfs=$("$bench" --snapshot="$graph" --benchmark_filter='BM_BareBfs/snapshot' --benchmark_repetitions=3 \
          --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null |
        /usr/bin/python3 -c 'import json,sys
rows = [b for b in json.load(sys.stdin)["benchmarks"] if b.get("aggregate_name") == "median"]
print("%.1f ms" % rows[0]["real_time"])') || bfs=
  if [ -n "$bfs" ]; then
    echo
    echo "Bare BFS over the same graph (micgraph_bench --snapshot, median of 3): $bfs"
  fi
fi
