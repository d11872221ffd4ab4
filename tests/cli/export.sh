#!/usr/bin/env bash
# micgraph export: every format on the bundled dataset (well-formed SVG naming every focused node,
# PNG and PDF signatures, DOT that Graphviz's own `dot` reads, GraphML with the right counts,
# node-link JSON of a subset that loads back), --focus subsets against a brute-force traversal in
# Python, highlights, and bad input (one stderr line, exit 2, no file left behind).
# Usage: export.sh MICGRAPH SOURCE_DIR WORK_DIR
set -uo pipefail
micgraph=$1
source_dir=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
dataset=$source_dir/data/cruise-missile-cnc.json
scenario=$source_dir/data/scenarios/g7-cnc-ban.json
python=/usr/bin/python3
# fail, run, expect_bad, expect_no_files, finish
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

# Python checks of the outputs (Debian's interpreter; xml.etree is in the standard library).
check() {
  "$python" - "$@" <<'PY'
import json, sys, xml.etree.ElementTree as ET
what, path = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
if what == "svg":
    root = ET.parse(path).getroot()  # raises on malformed XML
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    missing = [i for i in args if i not in titles]
    assert not missing, f"{path}: no <title> for {missing}"
elif what == "png":
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, f"{path}: not a PNG"
elif what == "pdf":
    assert open(path, "rb").read(5) == b"%PDF-", f"{path}: not a PDF"
elif what == "graphml":
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(path).getroot()
    graph = root.find(ns + "graph")
    nodes, edges = len(graph.findall(ns + "node")), len(graph.findall(ns + "edge"))
    assert (nodes, edges) == (int(args[0]), int(args[1])), f"{path}: {nodes} nodes, {edges} edges"
    names = {k.get("attr.name") for k in root.findall(ns + "key")}
    for field in args[2:]:
        assert field in names, f"{path}: no key {field}"
elif what == "counts":
    stats = json.load(open(path))
    assert (stats["nodes"], stats["edges"]) == (int(args[0]), int(args[1])), stats
elif what == "cone":
    # Brute force: distances by relaxing every dependency edge n times, upstream and/or
    # downstream of the focus; the exported subset must be exactly the nodes within depth.
    full, subset, focus, depth, direction = json.load(open(path)), json.load(open(args[0])), args[1].split(","), args[2], args[3]
    depth = float("inf") if depth == "all" else int(depth)
    links = [(l["source"], l["target"]) for l in full["links"] if l["kind"] not in ("owns", "controls")]
    ids = [n["id"] for n in full["nodes"]]
    def distances(forwards):
        d = {i: float("inf") for i in ids}
        for f in focus: d[f] = 0
        for _ in ids:
            for s, t in links:
                a, b = (s, t) if forwards else (t, s)
                d[b] = min(d[b], d[a] + 1)
        return d
    up, down = distances(False), distances(True)
    want = {i for i in ids if i in focus
            or ("up" in direction and up[i] < float("inf") and up[i] <= depth)
            or ("down" in direction and down[i] < float("inf") and down[i] <= depth)}
    got = {n["id"] for n in subset["nodes"]}
    assert got == want, f"exported {len(got)} nodes, brute force {len(want)}: {sorted(got ^ want)[:10]}"
    kept = {(l["source"], l["target"], l["kind"]) for l in full["links"] if l["source"] in want and l["target"] in want}
    got_links = {(l["source"], l["target"], l["kind"]) for l in subset["links"]}
    assert got_links == kept, sorted(got_links ^ kept)[:10]
elif what == "dot-highlights":
    text = open(path).read()
    assert 'color="#e31a1c"' in text and "style=dashed" in text, "no cut edge drawn"
    assert "cut_by=" in text and "new and replacement machining" in text, "no rule named"
    assert "penwidth=4.5" in text and "single_point_of=" in text, "no single point marked"
    assert "capacity_scenario=" in text, "no capacities"
else:
    sys.exit(f"unknown check {what}")
PY
}

"$micgraph" stats --json "$dataset" > "$work/stats.json"
read -r nodes edges < <("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["nodes"], d["edges"])' "$work/stats.json")

# Every format of the whole graph, the format named or taken from the extension.
run "dot" export "$dataset" --format dot -o "$work/all.dot" && {
  dot -Tsvg "$work/all.dot" > "$work/all-by-dot.svg" 2> "$work/dot.err" || fail "Graphviz's dot cannot read our DOT: $(head -c 300 "$work/dot.err")"
  grep -q "^wrote $work/all.dot (dot, [0-9.]* [KMG]iB): $nodes nodes, $edges edges" "$work/err" || fail "dot: summary line: $(cat "$work/err")"
}
run "svg" export "$dataset" -o "$work/all.svg" && check svg "$work/all.svg" kh-101 geran-2 jp-fanuc || fail "svg check"
run "png" export "$dataset" --format png -o "$work/all.png" --cluster-by-country && check png "$work/all.png" || fail "png check"
run "pdf" export "$dataset" --format pdf -o "$work/all.pdf" --layout sfdp --no-legend && check pdf "$work/all.pdf" || fail "pdf check"
run "graphml" export "$dataset" -o "$work/all.graphml" && check graphml "$work/all.graphml" "$nodes" "$edges" id kind name country capacity share lead_time_months || fail "graphml check"
run "json" export "$dataset" --format json -o "$work/all.json" && {
  "$micgraph" stats --json "$work/all.json" > "$work/all-stats.json" && check counts "$work/all-stats.json" "$nodes" "$edges" || fail "json: the whole graph does not load back with its counts"
}
run "dot to stdout" export "$dataset" --format dot -o - --focus kh-101 --depth 1 && {
  head -1 "$work/out" | grep -q "^digraph" || fail "dot to stdout: $(head -c 100 "$work/out")"
  [ -s "$work/err" ] && fail "dot to stdout: stderr not empty: $(cat "$work/err")"
}

# --focus subsets against the brute force, in every direction and at several depths.
for depth in 0 1 2 3 all; do
  for direction in up down updown; do
    flags=()
    [ "$depth" != all ] && flags+=(--depth "$depth")
    case $direction in
      down) flags+=(--downstream) ;;
      updown) flags+=(--upstream --downstream) ;;
    esac
    for focus in kh-101 jp-fanuc "cnc-fanuc,ru-engine-plant"; do
      out=$work/focus-$depth-$direction-${focus//,/+}.json
      cases=$((cases + 1))
      if "$micgraph" export "$dataset" --focus "$focus" "${flags[@]}" -o "$out" 2> "$work/err" &&
        check cone "$dataset" "$out" "$focus" "$depth" "$direction"; then
        echo "ok   focus $focus depth $depth $direction"
      else
        fail "focus $focus depth $depth $direction: $(head -c 300 "$work/err")"
      fi
    done
  done
done

# Highlights: a scenario's cuts and losses, single points of failure.
run "scenario and chokepoints in DOT" export "$dataset" --focus kh-101 --scenario "$scenario" --chokepoints -o "$work/kh-101.dot" &&
  { check dot-highlights "$work/kh-101.dot" || fail "dot highlights"; }
run "scenario and chokepoints in SVG" export "$dataset" --focus kh-101 --depth 3 --scenario "$scenario" --chokepoints --cluster-by-country -o "$work/kh-101.svg" &&
  { check svg "$work/kh-101.svg" kh-101 ru-missile-plant mt-5axis-de || fail "svg highlights"; }
run "scenario in GraphML" export "$dataset" --focus kh-101 --depth 2 --scenario "$scenario" --chokepoints -o "$work/kh-101.graphml" && {
  sub_nodes=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$work/focus-2-up-kh-101.json")
  sub_edges=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["links"]))' "$work/focus-2-up-kh-101.json")
  check graphml "$work/kh-101.graphml" "$sub_nodes" "$sub_edges" capacity_baseline capacity_scenario capacity_loss cut_by single_point_of flow_kept present || fail "graphml highlights"
}
run "max-nodes is enough" export "$dataset" --focus kh-101 --depth 1 --max-nodes 20 -o "$work/small.svg"
run "graphml ignores max-nodes" export "$dataset" --max-nodes 5 -o "$work/big.graphml"

# Bad input: one line, exit 2, no output file left behind.
expect_bad "too many nodes" "--max-nodes.*--focus" export "$dataset" --max-nodes 50 -o "$work/refused.png"
[ -e "$work/refused.png" ] && fail "a refused picture left a file"
expect_bad "too many nodes in a focus" "more than --max-nodes 10" export "$dataset" --focus kh-101 --max-nodes 10 -o "$work/refused.svg"
expect_bad "unknown focus id" "unknown node id 'no-such-node'" export "$dataset" --focus kh-101,no-such-node -o "$work/x.svg"
expect_bad "unknown format" "unknown format 'gif'" export "$dataset" --format gif -o "$work/x.gif"
expect_bad "format from an unknown extension" "--format: not given" export "$dataset" -o "$work/x.txt"
expect_bad "unknown layout" "unknown layout engine 'spring'" export "$dataset" --layout spring -o "$work/x.svg"
expect_bad "unwritable output" "cannot write" export "$dataset" --focus kh-101 --depth 1 -o "$work/no-such-dir/x.svg"
expect_bad "depth without focus" "--depth: needs --focus" export "$dataset" --depth 2 -o "$work/x.svg"
expect_bad "downstream without focus" "--downstream: needs --focus" export "$dataset" --downstream -o "$work/x.svg"
expect_bad "missing scenario" "no-such-scenario.json" export "$dataset" --scenario "$work/no-such-scenario.json" -o "$work/x.svg"
expect_bad "bad scenario" "bad-country.json" export "$dataset" --scenario "$source_dir/tests/data/bad-scenarios/bad-country.json" -o "$work/x.svg"
expect_bad "missing graph" "no-such-graph.json" export "$work/no-such-graph.json" -o "$work/x.svg"
expect_bad "export without -o" "output" export "$dataset"
expect_no_files "$work" x.svg x.gif x.txt "*.partial-*"

finish
