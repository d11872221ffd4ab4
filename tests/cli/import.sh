#!/usr/bin/env bash
# `micgraph import war-sanctions`: the hand-written fixture into JSON and CSV (report on stderr,
# output that validates), the real data when ../shared has it, and bad input: one line on
# stderr naming the file, exit code 2. Then `import ftm` and `micgraph ownership` on what it
# built, and `import open-psa`, `chokepoints --order K` and `export --format open-psa` on fault
# trees and a bundled dataset.
# Usage: import.sh MICGRAPH FIXTURE_DIR SHARED_DIR WORK_DIR
set -uo pipefail
micgraph=$1
fixture=$2
shared=$3
work=$4
python=/usr/bin/python3
failures=0
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_ok NAME ARGS...: exit 0.
expect_ok() {
  local name=$1
  shift
  if timeout 120 "$micgraph" "$@" > "$work/out" 2> "$work/err"; then
    echo "ok   $name"
  else
    fail "$name: exit code $?: $(head -c 500 "$work/err")"
  fi
}

# expect_bad NAME ARGS...: exit 2, exactly one stderr line starting with "micgraph: ".
expect_bad() {
  local name=$1
  shift
  timeout 60 "$micgraph" "$@" > "$work/out" 2> "$work/err"
  local code=$?
  local lines
  lines=$(wc -l < "$work/err")
  if [ "$code" -ne 2 ]; then
    fail "$name: exit code $code, expected 2 ($(head -c 300 "$work/err"))"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: $lines lines on stderr, expected 1: $(head -c 300 "$work/err")"
  elif ! grep -q '^micgraph: ' "$work/err"; then
    fail "$name: stderr does not start with 'micgraph: ': $(cat "$work/err")"
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}

expect_in_err() {  # expect_in_err TEXT: the last command's stderr holds TEXT
  grep -qF -- "$1" "$work/err" || fail "stderr lacks '$1': $(head -c 1500 "$work/err")"
}

# expect_counts FILE NODES EDGES PRODUCTS: stats --json of an imported graph.
expect_counts() {
  "$micgraph" stats --json "$1" > "$work/stats.json" || fail "stats $1"
  "$python" - "$work/stats.json" "$2" "$3" "$4" <<'PY' || fail "counts of $1"
import json, sys
stats = json.load(open(sys.argv[1]))
nodes, edges, products = map(int, sys.argv[2:5])
assert (stats["nodes"], stats["edges"], stats["by_kind"]["product"]) == (nodes, edges, products), stats
PY
}

# The fixture, into JSON and into a CSV directory.
expect_ok "fixture to JSON" import war-sanctions "$fixture" -o "$work/mini.json"
expect_in_err "graph: 4 products (weapons), 9 firms, 11 components; 11 produces and 14 component_of edges"
expect_in_err "components.csv: 1 row: duplicate row: repeats an earlier row exactly"
expect_in_err "supply_chain_edges.csv: 2 rows: found_inside not imported"
expect_in_err "attribution (in the graph metadata): Fixture Contributors (2026). War & Sanctions mini fixture. CC BY 4.0."
"$micgraph" validate "$work/mini.json" > /dev/null || fail "the imported JSON does not validate"
expect_counts "$work/mini.json" 24 25 4
"$python" -c 'import json,sys; g=json.load(open(sys.argv[1])); assert "CC BY 4.0" in g["graph"]["attribution"], g["graph"]' \
  "$work/mini.json" || fail "no attribution in the JSON graph metadata"
expect_ok "fixture to CSV" import war-sanctions "$fixture" -o "$work/mini-csv"
"$micgraph" validate "$work/mini-csv" > /dev/null || fail "the imported CSV does not validate"
expect_counts "$work/mini-csv" 24 25 4
grep -q "CC BY 4.0" "$work/mini-csv/graph.json" || fail "no attribution in the CSV directory's graph.json"

# The real data, when the shared folder is there.
real=$shared/data/war-sanctions-components
if [ -d "$real" ]; then
  expect_ok "real data" import war-sanctions "$real" -o "$work/real.json"
  expect_in_err "graph: 195 products (weapons), 625 firms, 5570 components; 5570 produces and 5674 component_of edges"
  expect_counts "$work/real.json" 6390 11244 195
else
  echo "skip real data: $real is absent"
fi

# Bad input.
copy() {  # copy NAME: a fresh copy of the fixture
  rm -rf "${work:?}/$1"
  cp -r "$fixture" "$work/$1"
  echo "$work/$1"
}
dir=$(copy no-drones)
rm "$dir/drones.csv"
expect_bad "missing drones.csv" import war-sanctions "$dir" -o "$work/out.json"
expect_in_err "drones.csv: cannot open"
dir=$(copy no-column)
sed -i '1s/,found_in_drones,/,found_in,/' "$dir/components.csv"
expect_bad "missing found_in_drones column" import war-sanctions "$dir" -o "$work/out.json"
expect_in_err "components.csv:1: found_in_drones: missing required column 'found_in_drones'"
dir=$(copy bad-list)
sed -i '3s/"\[""kh-101""\]"/"[""kh-101"", "/' "$dir/components.csv"
expect_bad "malformed JSON list" import war-sanctions "$dir" -o "$work/out.json"
expect_in_err "components.csv:3:9: found_in_drones: expected a JSON list of strings"
dir=$(copy bad-country)
sed -i '2s/,US,/,USA,/' "$dir/manufacturers.csv"
expect_bad "country that is not a code" import war-sanctions "$dir" -o "$work/out.json"
expect_in_err "manufacturers.csv:2:3: country"
expect_bad "missing directory" import war-sanctions "$work/no-such-dir" -o "$work/out.json"
expect_in_err "no-such-dir: not a directory"
expect_bad "import without a data set" import
expect_bad "import of an unknown data set" import frobnicate "$fixture" -o "$work/out.json"
expect_bad "import without -o" import war-sanctions "$fixture"
expect_bad "import without DIR" import war-sanctions -o "$work/out.json"
[ ! -e "$work/out.json" ] || fail "a failed import wrote $work/out.json"

# FollowTheMoney: the hand-written holding fixture, then who its listings block.
tests=$(cd "$fixture/../.." && pwd)
expect_ok "FtM fixture" import ftm "$tests/data/ftm/holding.ftm.json" -o "$work/holding.json"
expect_in_err "graph: 5 firms, 3 persons"
expect_in_err "skipped:"
"$micgraph" validate "$work/holding.json" > /dev/null || fail "the imported FtM graph does not validate"
expect_ok "ownership, OFAC" ownership "$work/holding.json" --listed 'tags=listed:us' --explain c-trader
grep -q "c-trader" "$work/out" || fail "ownership: c-trader not blocked: $(cat "$work/out")"
grep -q "Why c-trader is blocked" "$work/out" || fail "ownership: no explanation: $(cat "$work/out")"
expect_ok "ownership as of 2024" ownership "$work/holding.json" --listed 'tags=listed:us' \
  --as-of 2024-01-01 --explain c-maker
grep -q "is not blocked under this rule" "$work/out" || fail "ownership as of 2024: $(cat "$work/out")"
expect_ok "ownership --json" ownership "$work/holding.json" --listed 'ids=p-founder' --rule uk --json
"$python" - "$work/out" <<'PY' || fail "ownership --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rule"]["name"] == "uk" and d["listed"] == ["p-founder"], d
blocked = {b["id"] for b in d["blocked"]}
assert {"p-founder", "c-holding", "c-maker", "c-trader"} <= blocked, blocked
PY
expect_bad "ownership, unknown rule" ownership "$work/holding.json" --listed 'tags=listed' --rule fatf
expect_bad "ownership, bad date" ownership "$work/holding.json" --listed 'tags=listed' --as-of 2024-13-01
expect_bad "ownership, bad filter" ownership "$work/holding.json" --listed 'colour=red'
expect_bad "ownership without --listed" ownership "$work/holding.json"
expect_bad "ownership, unknown entity" ownership "$work/holding.json" --listed 'tags=listed' --explain c-makr
expect_in_err "c-maker"
expect_bad "FtM, truncated line" import ftm "$tests/data/ftm/bad-truncated.ftm.json" -o "$work/out.json"
expect_bad "FtM, unknown stake out of range" import ftm "$tests/data/ftm/holding.ftm.json" \
  --unknown-stake 0 -o "$work/out.json"
[ ! -e "$work/out.json" ] || fail "a failed import wrote $work/out.json"

# Open-PSA: a fault tree in, its minimal cut sets through chokepoints --order; a bundled
# dataset's target out as a fault tree and back, with the same cut sets.
tree=$tests/fuzz/corpus/open_psa/and-or-atleast.xml
expect_ok "Open-PSA import" import open-psa "$tree" -o "$work/tree.json"
expect_in_err "top gates"
expect_ok "cut sets of a fault tree" chokepoints "$work/tree.json" --order 3 \
  --cuttable 'tags=open-psa:basic-event'
grep -q "Minimal cut sets of up to 3 nodes" "$work/out" || fail "no cut sets table: $(head -c 800 "$work/out")"
expect_ok "cut sets --json" chokepoints "$work/tree.json" --order 3 --cuttable 'tags=open-psa:basic-event' --json
"$python" - "$work/out" <<'PY' || fail "cut sets --json"
import json, sys
d = json.load(open(sys.argv[1]))["cut_sets"]
assert d["max_order"] == 3 and [o["order"] for o in d["orders"]] == [1, 2, 3], d
one = [sorted(s["members"]) for s in d["orders"][0]["sets"]]
assert ["plant-lost"] in one, one
PY
dataset=$(cd "$tests/.." && pwd)/data/cruise-missile-cnc.json
expect_ok "Open-PSA export" export "$dataset" --format open-psa --focus kh-101 -o "$work/kh-101.xml"
expect_in_err "wrote $work/kh-101.xml (open-psa, "
expect_ok "Open-PSA round trip" import open-psa "$work/kh-101.xml" -o "$work/kh-101-tree.json"
"$micgraph" chokepoints "$dataset" --targets kh-101 --order 3 --count-only --json > "$work/graph-counts.json" ||
  fail "chokepoints --count-only on the dataset"
"$micgraph" chokepoints "$work/kh-101-tree.json" --order 3 --count-only --json \
  --cuttable 'tags=open-psa:basic-event' > "$work/tree-counts.json" || fail "chokepoints --count-only on the tree"
"$python" - "$work/graph-counts.json" "$work/tree-counts.json" <<'PY' || fail "the exported tree's cut sets differ"
import json, sys
graph, tree = (json.load(open(path))["cut_sets"] for path in sys.argv[1:3])
counts = lambda d: [o["count"] for o in d["orders"]]
assert counts(graph) == counts(tree) and sum(counts(graph)) > 0, (counts(graph), counts(tree))
assert all(not o["listed"] and o["sets"] == [] for o in graph["orders"]), graph
PY
expect_bad "Open-PSA export without a target" export "$dataset" --format open-psa -o "$work/none.xml"
[ ! -e "$work/none.xml" ] || fail "a failed Open-PSA export wrote $work/none.xml"
expect_bad "Open-PSA, NOT gate refused" import open-psa "$tests/fuzz/corpus/open_psa/refused-not.xml" -o "$work/out.json"
expect_bad "chokepoints --order 0" chokepoints "$dataset" --order 0

echo "$failures failures"
[ "$failures" -eq 0 ]
