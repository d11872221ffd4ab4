#!/usr/bin/env bash
# Every bad input gets one line on stderr naming the file and the problem, exit code 2, and no
# crash or hang: each file or directory in tests/data/bad through `validate`, plain and --json,
# plus usage errors.
# Usage: bad_inputs.sh MICGRAPH BAD_DIR BAD_SCENARIO_DIR GRAPH
set -uo pipefail
micgraph=$1
bad_dir=$2
bad_scenarios=$3
graph=$4
failures=0
cases=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_bad NAME ARGS...: exit 2, exactly one stderr line starting with "micgraph: ".
expect_bad() {
  local name=$1
  shift
  cases=$((cases + 1))
  timeout 60 "$micgraph" "$@" > "$scratch/out" 2> "$scratch/err"
  local code=$?
  local lines
  lines=$(wc -l < "$scratch/err")
  if [ "$code" -ne 2 ]; then
    fail "$name: exit code $code, expected 2 ($(head -c 300 "$scratch/err"))"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: $lines lines on stderr, expected 1: $(head -c 300 "$scratch/err")"
  elif ! grep -q '^micgraph: ' "$scratch/err"; then
    fail "$name: stderr does not start with 'micgraph: ': $(cat "$scratch/err")"
  elif grep -q 'json\.exception' "$scratch/err"; then
    fail "$name: a code internal to the JSON library in the message: $(cat "$scratch/err")"
  else
    echo "ok   $name: $(cat "$scratch/err")"
  fi
}

for entry in "$bad_dir"/*; do
  name=$(basename "$entry")
  expect_bad "$name" validate "$entry"
  if ! grep -qF "$name" "$scratch/err"; then fail "$name: the message does not name the file"; fi
  expect_bad "$name --json" validate --json "$entry"
  if ! /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["valid"] is False and d["errors"]' < "$scratch/out"; then
    fail "$name --json: stdout is not {\"valid\": false, \"errors\": [..]}"
  fi
  expect_bad "$name stats" stats "$entry"
done

scenario_cases=0
for scenario in "$bad_scenarios"/*.json; do
  name=$(basename "$scenario")
  scenario_cases=$((scenario_cases + 1))
  expect_bad "scenario $name" impact "$graph" --scenario "$scenario"
  if ! grep -qF "$name" "$scratch/err"; then
    fail "scenario $name: the message does not name the file"
  fi
  expect_bad "scenario $name --json" impact "$graph" --scenario "$scenario" --json
done
if [ "$scenario_cases" -lt 10 ]; then
  fail "expected at least 10 bad scenario files, found $scenario_cases"
fi
expect_bad "explain an unknown node" impact "$graph" --scenario "$bad_scenarios/../../../data/scenarios/hk-distributor-listing.json" --explain no-such-node
expect_bad "missing scenario file" impact "$graph" --scenario "$scratch/no-such-scenario.json"
expect_bad "impact without --scenario" impact "$graph"

expect_bad "chokepoints of an unknown target" chokepoints "$graph" --targets missile,no-such-node
expect_bad "chokepoints of order 0" chokepoints "$graph" --order 0
expect_bad "a mistyped command" impactt "$graph"
grep -q "unknown command 'impactt' (did you mean 'impact'?); see micgraph --help" "$scratch/err" ||
  fail "a mistyped command: no suggestion: $(cat "$scratch/err")"
expect_bad "a mistyped import source" import ftmm x -o "$scratch/x.json"
grep -q "did you mean 'ftm'?); see micgraph import --help" "$scratch/err" ||
  fail "a mistyped import source: no suggestion: $(cat "$scratch/err")"
expect_bad "impact without a scenario" impact "$graph"
grep -q "(see micgraph impact --help)" "$scratch/err" ||
  fail "a usage error does not point at the subcommand's help: $(cat "$scratch/err")"
expect_bad "min-cut of an unknown node" chokepoints "$graph" --min-cut no-such-node
expect_bad "cuttable filter without =" chokepoints "$graph" --min-cut missile --cuttable countries
expect_bad "cuttable filter with an unknown field" chokepoints "$graph" --min-cut missile --cuttable "colour=red"
expect_bad "rank filter with a bad country" chokepoints "$graph" --rank "countries=germany"
expect_bad "chokepoints with a bad confidence" chokepoints "$graph" --min-confidence 2
expect_bad "chokepoints of a missing file" chokepoints "$scratch/no-such-graph.json"
sed 's/"category": "firm\/integrator"}/"category": "firm\/integrator", "cost": "high"}/' "$graph" > "$scratch/costly.json"
grep -q '"cost": "high"' "$scratch/costly.json" || fail "costly.json fixture not made"
expect_bad "cut cost that is not a number" chokepoints "$scratch/costly.json" --min-cut missile --cost-attr cost
sed 's/"category": "firm\/integrator"}/"category": "firm\/integrator", "cost": -3}/' "$graph" > "$scratch/negative.json"
expect_bad "negative cut cost" chokepoints "$scratch/negative.json" --min-cut missile --cost-attr cost
expect_bad "design with an unknown kind" design "$graph" --cuttable "kinds=warship"
expect_bad "design with no matching candidate" design "$graph" --cuttable "ids=missile" --cut edges
expect_bad "design with a bad enforcement" design "$graph" --enforcement 1.5
expect_bad "design with budget 0" design "$graph" --budget 0
expect_bad "design with a bad cut kind" design "$graph" --cut rules
expect_bad "design on 0 threads" design "$graph" --threads 0
expect_bad "chokepoints on 0 threads" chokepoints "$graph" --threads 0
expect_bad "impact on 0 threads" impact "$graph" --scenario "$bad_scenarios/../../../data/scenarios/g7-cnc-ban.json" --samples 10 --threads 0
expect_bad "design of an unknown target" design "$graph" --targets nowhere
expect_bad "design from a missing scenario" design "$graph" --scenario "$scratch/none.json"
g7=$bad_scenarios/../../../data/scenarios/g7-cnc-ban.json
expect_bad "timeline without --scenario" timeline "$graph"
expect_bad "timeline of 0 months" timeline "$graph" --scenario "$g7" --months 0
expect_bad "timeline of an unknown node" timeline "$graph" --scenario "$g7" --nodes nowhere
expect_bad "timeline with a negative mean life" timeline "$graph" --scenario "$g7" --mean-life -3
expect_bad "timeline with --json and --csv" timeline "$graph" --scenario "$g7" --json --csv
expect_bad "timeline plot into a missing directory" timeline "$graph" --scenario "$g7" --plot "$scratch/no/such/dir/chart.svg"
sed 's/"kind": "services"}/"kind": "services", "mean_life_months": "long"}/' "$graph" > "$scratch/bad-life.json"
grep -q '"mean_life_months": "long"' "$scratch/bad-life.json" || fail "bad-life.json fixture not made"
expect_bad "services edge with a non-numeric mean life" timeline "$scratch/bad-life.json" --scenario "$g7"
sed 's/"kind": "services"}/"kind": "services", "mean_life_months": 5000}/' "$graph" > "$scratch/long-life.json"
expect_bad "services edge with a mean life of over a century" timeline "$scratch/long-life.json" --scenario "$g7"
grep -q "mean_life_months: expected months in \[0, 1200\], got 5000" "$scratch/err" ||
  fail "a mean life of 5000 months: the message does not give the range: $(cat "$scratch/err")"
expect_bad "impact with 0 samples" impact "$graph" --scenario "$g7" --samples 0
expect_bad "impact comparing an unknown view" impact "$graph" --scenario "$g7" --compare-views western,martian
expect_bad "impact with samples and views at once" impact "$graph" --scenario "$g7" --samples 10 --compare-views western
expect_bad "missing file" validate "$scratch/no-such-graph.json"
echo "not a graph" > "$scratch/graph.txt"
expect_bad "unknown format" validate "$scratch/graph.txt"
# Binary snapshots: garbage, a JSON file named .mgb, truncated, another format version, a
# damaged array; each through validate, stats and convert.
"$micgraph" convert "$graph" "$scratch/good.mgb" 2> /dev/null || fail "convert to .mgb failed"
echo "not a snapshot" > "$scratch/garbage.mgb"
cp "$graph" "$scratch/json-named.mgb"
size=$(stat -c %s "$scratch/good.mgb")
head -c $((size - 50)) "$scratch/good.mgb" > "$scratch/truncated.mgb"
head -c 1000 "$scratch/good.mgb" > "$scratch/truncated-table.mgb"
head -c 40 "$scratch/good.mgb" > "$scratch/truncated-header.mgb"
cp "$scratch/good.mgb" "$scratch/version-9.mgb"
printf '\x09' | dd of="$scratch/version-9.mgb" bs=1 seek=8 conv=notrunc 2> /dev/null
cp "$scratch/good.mgb" "$scratch/damaged.mgb"
printf '\x5a' | dd of="$scratch/damaged.mgb" bs=1 seek=$((size - 100)) conv=notrunc 2> /dev/null
: > "$scratch/empty.mgb"
for snapshot in garbage json-named truncated truncated-table truncated-header version-9 damaged empty; do
  expect_bad "snapshot $snapshot" validate "$scratch/$snapshot.mgb"
  if ! grep -qF "$snapshot.mgb" "$scratch/err"; then fail "snapshot $snapshot: the message does not name the file"; fi
  expect_bad "snapshot $snapshot stats" stats "$scratch/$snapshot.mgb"
  expect_bad "snapshot $snapshot convert" convert "$scratch/$snapshot.mgb" "$scratch/out.json"
done
expect_bad "snapshot of another version names it" validate "$scratch/version-9.mgb"
grep -q "format version 9, this build reads version 3" "$scratch/err" || fail "version-9.mgb: the message does not give the versions"
expect_bad "convert of a missing file" convert "$scratch/no-such.mgb" "$scratch/out.json"
expect_bad "convert without an output" convert "$graph"
expect_bad "no subcommand"
expect_bad "unknown subcommand" frobnicate
expect_bad "validate without a file" validate
expect_bad "generate without --nodes" generate -o "$scratch/g.json"
expect_bad "generate with a bad fraction" generate --nodes 100 --single-source 1.5 -o "$scratch/g.json"
expect_bad "generate with too few tiers" generate --nodes 100 --tiers 2 -o "$scratch/g.json"

file_cases=$(ls "$bad_dir" | wc -l)
echo "$cases cases ($file_cases bad files and directories), $failures failures"
if [ "$file_cases" -lt 25 ]; then
  echo "FAIL: expected at least 25 bad-input files and directories, found $file_cases"
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ]
