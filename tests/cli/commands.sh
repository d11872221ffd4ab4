#!/usr/bin/env bash
# The commands on good input: validate every bundled dataset, stats (plain and --json with the
# contract's fields), generate in both formats and load the result back, convert between JSON,
# CSV and .mgb.
# Usage: commands.sh MICGRAPH SOURCE_DIR WORK_DIR
set -euo pipefail
micgraph=$1
source_dir=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
python=/usr/bin/python3

check_json() {  # check_json FILE FIELD...: the document has these top-level fields
  local file=$1
  shift
  "$python" - "$file" "$@" <<'PY'
import json, sys
document = json.load(open(sys.argv[1]))
missing = [field for field in sys.argv[2:] if field not in document]
if missing:
    sys.exit(f"{sys.argv[1]}: missing fields {missing}")
PY
}

shopt -s nullglob
datasets=("$source_dir"/data/*.json "$source_dir/tests/data/tiny.json" "$source_dir/tests/data/tiny-csv")
for dataset in "${datasets[@]}"; do
  "$micgraph" validate "$dataset"
  "$micgraph" validate --json "$dataset" > "$work/validate.json"
  check_json "$work/validate.json" valid errors warnings
  "$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] is True and d["errors"] == [], d' "$work/validate.json"
  "$micgraph" stats "$dataset" > /dev/null
  "$micgraph" stats --json "$dataset" > "$work/stats.json"
  check_json "$work/stats.json" nodes edges by_kind by_edge_kind by_country sources sinks cyclic_components
done

# impact: every bundled scenario on its dataset (data/scenarios/<dataset>-<what>.json; the
# unprefixed ones are for cruise-missile-cnc.json), plain and --json with the contract's fields
# (every node listed), and an explanation of the dataset's first product.
dataset=$source_dir/data/cruise-missile-cnc.json
for scenario in "$source_dir"/data/scenarios/*.json; do
  target=$dataset
  for candidate in "$source_dir"/data/*.json; do
    name=$(basename "$candidate" .json)
    case $(basename "$scenario") in "$name"-*) target=$candidate ;; esac
  done
  "$micgraph" stats --json "$target" > "$work/stats.json"
  first_product=$("$python" -c 'import json,sys; print(next(n["id"] for n in json.load(open(sys.argv[1]))["nodes"] if n["kind"] == "product"))' "$target")
  "$micgraph" impact "$target" --scenario "$scenario" > "$work/impact.txt"
  grep -q "Products by capacity lost" "$work/impact.txt"
  "$micgraph" impact "$target" --scenario "$scenario" --json --explain "$first_product" > "$work/impact.json"
  "$python" - "$work/impact.json" "$work/stats.json" "$first_product" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
stats = json.load(open(sys.argv[2]))
for field in ("scenario", "nodes", "explanations"):
    assert field in result, field
assert len(result["nodes"]) == stats["nodes"], (len(result["nodes"]), stats["nodes"])
for node in result["nodes"]:
    assert set(("id", "kind", "baseline", "capacity", "loss")) <= set(node), node
    assert abs(node["baseline"] - node["capacity"] - node["loss"]) < 1e-12, node
    assert 0 <= node["capacity"] <= node["baseline"] + 1e-12, node
assert sys.argv[3] in result["explanations"]
PY
done
"$micgraph" stats --json "$dataset" > "$work/stats.json"
# The G7 machine-tool ban explained: the missile's loss runs back through the plant's 5-axis
# machining to the cut servicing of the installed base.
"$micgraph" impact "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --explain kh-101 > "$work/explain.txt"
grep -q "input '5-axis machining' fell short" "$work/explain.txt"
grep -q 'cut by rule 1 "spare parts, software support and controllers for the installed base", 10.0% leaks' "$work/explain.txt"

# chokepoints: the contract's --json fields, every product a target, ids that exist; the human
# tables; an evidence filter; the cheapest cut restricted to a coalition.
"$micgraph" chokepoints "$dataset" --order 2 --min-cut kh-101 --json > "$work/chokepoints.json"
"$python" - "$work/chokepoints.json" "$dataset" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
ids = {node["id"] for node in graph["nodes"]}
products = {node["id"] for node in graph["nodes"] if node["kind"] == "product"}
for field in ("targets", "ranking", "pairs", "concentration", "articulation_points", "bridges",
              "betweenness"):
    assert field in result, field
assert {t["id"] for t in result["targets"]} == products, result["targets"]
for target in result["targets"]:
    assert target["single_points"] and set(target["single_points"]) <= ids, target
for row in result["ranking"]:
    assert set(("id", "kind", "country", "targets_stopped", "capacity_removed")) <= set(row), row
    assert row["id"] in ids and row["capacity_removed"] >= 0, row
for pair in result["pairs"]:
    assert set(("a", "b", "targets_stopped")) <= set(pair) and pair["a"] != pair["b"], pair
for row in result["concentration"]:
    assert set(("category", "hhi_firms", "hhi_countries", "top_country", "top_country_share")) <= set(row), row
    assert 0 < row["hhi_firms"] <= 1 and 0 < row["hhi_countries"] <= 1, row
assert set(result["articulation_points"]) <= ids
assert len(result["betweenness"]) == len(ids) and result["betweenness_estimated"] is False
cut = result["min_cuts"][0]
assert cut["target"] == "kh-101" and cut["exact"] and cut["cost"] == 1, cut
PY
"$micgraph" chokepoints "$dataset" --targets kh-101 --rank "countries=DE,JP,TW,CH,US,KR" \
  --min-cut kh-101 --cuttable "countries=DE,JP,TW,CH,US,KR,SE,IT" > "$work/chokepoints.txt"
grep -q "Single points of failure of 1 target:" "$work/chokepoints.txt"
grep -q "svc-fanuc-software" "$work/chokepoints.txt"
grep -q "none: it depends only on nodes that may not be cut" "$work/chokepoints.txt"
"$micgraph" chokepoints "$dataset" --views western --min-confidence 0.5 --betweenness-samples 10 --json > "$work/filtered.json"
"$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["betweenness_estimated"] and d["betweenness_samples"] == 10, d' "$work/filtered.json"

# design: greedy picks with their gains, from scratch and on top of a scenario, nodes and edges.
"$micgraph" design "$dataset" --targets kh-101 --budget 2 \
  --cuttable "categories=firm/cnc-supplier,firm/machine-tool-maker" --json > "$work/design.json"
"$python" - "$work/design.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
picks = result["picks"]
assert len(picks) == 2 and picks[0]["id"] == "jp-fanuc", picks
assert abs(picks[0]["gain"] - 0.52) < 1e-12 and picks[1]["gain"] <= picks[0]["gain"] + 1e-12, picks
assert abs(result["baseline"] - picks[1]["remaining"] - picks[0]["gain"] - picks[1]["gain"]) < 1e-12
PY
"$micgraph" design "$dataset" --budget 3 --cut edges --enforcement 0.9 \
  --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" > "$work/design.txt"
grep -q 'on top of "' "$work/design.txt"
grep -q -- "->" "$work/design.txt"

# timeline: the contract's --json shape (month 0 the baseline), CSV, the SVG chart; month 0 of
# every product equals the impact baseline.
"$micgraph" timeline "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --months 24 \
  --mean-life 18 --json > "$work/timeline.json"
"$micgraph" impact "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --json > "$work/g7.json"
"$python" - "$work/timeline.json" "$work/g7.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
impact = {node["id"]: node for node in json.load(open(sys.argv[2]))["nodes"]}
assert result["months"] == 24 and result["scenario"], result
assert {node["kind"] for node in result["nodes"]} == {"product"}, result["nodes"]
for node in result["nodes"]:
    series = node["capacity"]
    assert len(series) == 25 and all(0 <= c <= 1 for c in series), node
    assert abs(series[0] - impact[node["id"]]["baseline"]) < 1e-12, node
PY
"$micgraph" timeline "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --months 6 \
  --nodes kh-101,ru-missile-plant --csv > "$work/timeline.csv"
head -1 "$work/timeline.csv" | grep -q "^id,kind,month_0,month_1,.*,month_6$"
test "$(wc -l < "$work/timeline.csv")" -eq 3
"$micgraph" timeline "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --months 12 \
  --plot "$work/timeline.svg" > "$work/timeline.txt"
grep -q "below 50% from" "$work/timeline.txt"
"$python" -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert "kh-101" in open(sys.argv[1]).read()' "$work/timeline.svg"

# Renamed options (README, "Options and status lines"): the old spelling still works for one
# release, with one warning naming the new one; the answer is the same.
"$micgraph" design "$dataset" --targets kh-101 --budget 2 \
  --candidates "categories=firm/cnc-supplier,firm/machine-tool-maker" --json \
  > "$work/design-old.json" 2> "$work/design-old.err"
cmp "$work/design.json" "$work/design-old.json"
grep -q "^micgraph: warning: 'design --candidates' is now '--cuttable'" "$work/design-old.err"
"$micgraph" validate "$dataset" --max-warnings=0 > "$work/validate-old.txt" 2> "$work/validate-old.err"
grep -q "'validate --max-warnings' is now '--top'" "$work/validate-old.err"
"$micgraph" validate "$dataset" --top 0 > "$work/validate-new.txt"
cmp "$work/validate-old.txt" "$work/validate-new.txt"
# --top N: N rows and a line saying how many more; --top 0: every row, in every command.
g7=$source_dir/data/scenarios/g7-cnc-ban.json
"$micgraph" impact "$dataset" --scenario "$g7" --top 1 > "$work/top1.txt"
grep -q "^  ... 1 more (--top, --json)" "$work/top1.txt"
"$micgraph" impact "$dataset" --scenario "$g7" --top 0 > "$work/top0.txt"
if grep -q "more (--top" "$work/top0.txt"; then echo "FAIL: --top 0 left rows out" >&2; exit 1; fi
"$micgraph" chokepoints "$dataset" --top 0 > "$work/top0.txt"
if grep -q "more (--top" "$work/top0.txt"; then echo "FAIL: --top 0 left rows out" >&2; exit 1; fi
"$micgraph" design "$dataset" --budget 3 --scenario "$g7" --cuttable "countries=US,DE,JP" --top 1 \
  > "$work/top1.txt"
grep -q "^  ... 2 more (--top, --json)" "$work/top1.txt"
"$micgraph" timeline "$dataset" --scenario "$g7" --months 3 --top 1 > "$work/top1.txt"
grep -q "^  ... 1 more (--top, --json, --csv)" "$work/top1.txt"
# A file written: one status line on stderr, `wrote PATH (FORMAT, SIZE): ...`; stdout keeps the
# result alone.
"$micgraph" timeline "$dataset" --scenario "$g7" --months 3 --plot "$work/chart.svg" \
  > "$work/timeline.txt" 2> "$work/timeline.err"
grep -q "^wrote $work/chart.svg (svg, [0-9.]* KiB): 2 nodes over 3 months$" "$work/timeline.err"
if grep -q "chart.svg" "$work/timeline.txt"; then echo "FAIL: a status line on stdout" >&2; exit 1; fi

# An input of 32 MiB or more: the program starts itself again with glibc's allocator on huge
# pages (tools/micgraph/memory.cpp); the answers are the same as without.
"$micgraph" generate --nodes 100000 --seed 3 -o "$work/large.json" 2> /dev/null
[ "$(stat -c %s "$work/large.json")" -ge $((32 << 20)) ]
"$micgraph" stats "$work/large.json" --json > "$work/large-huge.json"
MICGRAPH_HUGE_PAGES=0 "$micgraph" stats "$work/large.json" --json > "$work/large-plain.json"
cmp "$work/large-huge.json" "$work/large-plain.json"
rm "$work/large.json"

# --threads: the same answers on one thread and on several.
"$micgraph" generate --nodes 3000 --seed 5 -o "$work/threads.json" > /dev/null
"$micgraph" chokepoints "$work/threads.json" --betweenness-samples 24 --threads 1 --json > "$work/chokepoints-1.json"
"$micgraph" chokepoints "$work/threads.json" --betweenness-samples 24 --threads 2 --json > "$work/chokepoints-2.json"
cmp "$work/chokepoints-1.json" "$work/chokepoints-2.json"
"$micgraph" design "$work/threads.json" --budget 3 --threads 1 --json > "$work/design-1.json"
"$micgraph" design "$work/threads.json" --budget 3 --threads 3 --json > "$work/design-3.json"
cmp "$work/design-1.json" "$work/design-3.json"

# impact --samples: the contract's extra fields; --compare-views: one capacity per view.
"$micgraph" impact "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --samples 200 \
  --seed 3 --json > "$work/samples.json"
"$micgraph" impact "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" --samples 200 \
  --seed 3 --threads 1 --json > "$work/samples-1.json"
cmp "$work/samples.json" "$work/samples-1.json"
"$python" - "$work/samples.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
assert result["samples"] == 200
for node in result["nodes"]:
    assert set(("mean", "p05", "p95", "p_stop")) <= set(node), node
    assert 0 <= node["p05"] <= node["p95"] <= 1 and 0 <= node["p_stop"] <= 1, node
PY
"$micgraph" impact "$dataset" --scenario "$source_dir/data/scenarios/g7-cnc-ban.json" \
  --compare-views western,russian --json > "$work/views.json"
"$python" - "$work/views.json" "$work/stats.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
stats = json.load(open(sys.argv[2]))
assert result["views"] == ["western", "russian"] and len(result["nodes"]) == stats["nodes"]
for node in result["nodes"]:
    assert set(node["capacity"]) == {"western", "russian"}, node
PY

# generate: deterministic per seed, both formats, loadable, same counts either way.
"$micgraph" generate --nodes 2000 --seed 7 -o "$work/generated.json"
"$micgraph" generate --nodes 2000 --seed 7 -o "$work/again.json"
cmp "$work/generated.json" "$work/again.json"
"$micgraph" generate --nodes 2000 --seed 7 -o "$work/generated-csv"
test -f "$work/generated-csv/nodes.csv" && test -f "$work/generated-csv/edges.csv"
"$micgraph" stats --json "$work/generated.json" > "$work/a.json"
"$micgraph" stats --json "$work/generated-csv" > "$work/b.json"
"$micgraph" stats --json "$work/generated-csv/nodes.csv" > "$work/c.json"
cmp "$work/a.json" "$work/b.json"
cmp "$work/a.json" "$work/c.json"
"$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["nodes"] == 2000, d' "$work/a.json"
"$micgraph" validate "$work/generated.json"

# convert: JSON -> .mgb -> JSON and CSV -> .mgb -> CSV give back the same bytes; generate writes
# .mgb directly; every command reads it and answers as on the JSON.
"$micgraph" convert "$dataset" "$work/missile.json" 2> "$work/convert.txt"
grep -q "^read .*: [0-9]* nodes, [0-9]* edges in" "$work/convert.txt"
"$micgraph" convert "$work/missile.json" "$work/missile.mgb" 2> "$work/convert.txt"
grep -q "^wrote .*missile.mgb (mgb, " "$work/convert.txt"
"$micgraph" convert "$work/missile.mgb" "$work/missile-back.json" 2> /dev/null
cmp "$work/missile.json" "$work/missile-back.json"
"$micgraph" convert "$work/generated-csv" "$work/generated.mgb" 2> /dev/null
"$micgraph" convert "$work/generated.mgb" "$work/generated-back-csv" 2> /dev/null
cmp "$work/generated-csv/nodes.csv" "$work/generated-back-csv/nodes.csv"
cmp "$work/generated-csv/edges.csv" "$work/generated-back-csv/edges.csv"
"$micgraph" generate --nodes 2000 --seed 7 -o "$work/generated-direct.mgb" 2> /dev/null
"$micgraph" convert "$work/generated-direct.mgb" "$work/generated-direct.json" 2> /dev/null
cmp "$work/generated.json" "$work/generated-direct.json"
"$micgraph" validate "$work/missile.mgb"
"$micgraph" stats --json "$work/generated.mgb" > "$work/d.json"
"$python" - "$work/a.json" "$work/d.json" <<'PY'
import json, sys
a, d = (json.load(open(path)) for path in sys.argv[1:])
for field in ("nodes", "edges", "by_kind", "by_edge_kind", "by_country", "sources", "sinks", "cyclic_components"):
    assert a[field] == d[field], field
for stats in (a, d):
    memory = stats["memory"]
    parts = memory["topology"] + memory["node_properties"] + memory["edge_properties"] + memory["strings"]
    assert parts == stats["memory_bytes"], (parts, stats["memory_bytes"])
    without = (stats["memory_bytes"] - memory["strings"]) / stats["edges"]
    assert abs(memory["bytes_per_edge_without_strings"] - without) < 1e-9, memory
PY
g7=$source_dir/data/scenarios/g7-cnc-ban.json
"$micgraph" impact "$work/missile.json" --scenario "$g7" --json > "$work/impact-json.json"
"$micgraph" impact "$work/missile.mgb" --scenario "$g7" --json > "$work/impact-mgb.json"
cmp "$work/impact-json.json" "$work/impact-mgb.json"
"$micgraph" chokepoints "$work/missile.mgb" --json > /dev/null
"$micgraph" --help > /dev/null
"$micgraph" --version
echo "commands ok"
