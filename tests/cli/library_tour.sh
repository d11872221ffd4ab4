#!/usr/bin/env bash
# One library behind every front end: the example program library_tour, which calls only the
# public API, prints exactly what `micgraph impact --explain` and `micgraph chokepoints` print,
# as text and as JSON, for every bundled dataset and each of its scenarios.
# Usage: library_tour.sh MICGRAPH LIBRARY_TOUR SOURCE_DIR WORK_DIR
set -euo pipefail
micgraph=$1
tour=$2
source_dir=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
western="countries=DE,JP,TW,CH,US,KR,SE,IT"
cuttable="countries=DE,JP,TW,CH,US,KR,SE,IT,CN,HK"
checked=0
cd "$source_dir"
for dataset in data/*.json; do
  name=$(basename "$dataset" .json)
  scenarios=(data/scenarios/"$name"-*.json)
  [ "$name" = cruise-missile-cnc ] && scenarios+=(data/scenarios/g7-cnc-ban.json)
  target=$(/usr/bin/python3 -c 'import json,sys; print(next(n["id"] for n in json.load(open(sys.argv[1]))["nodes"] if n["kind"] == "product"))' "$dataset")
  for scenario in "${scenarios[@]}"; do
    [ -f "$scenario" ] || continue
    { "$micgraph" impact "$dataset" --scenario "$scenario" --explain "$target"
      "$micgraph" chokepoints "$dataset" --targets "$target" --rank "$western" --top 5 \
        --min-cut "$target" --cuttable "$cuttable"; } > "$work/cli.txt"
    "$tour" "$dataset" "$scenario" "$target" > "$work/library.txt"
    cmp "$work/cli.txt" "$work/library.txt"
    { "$micgraph" impact "$dataset" --scenario "$scenario" --explain "$target" --json
      "$micgraph" chokepoints "$dataset" --targets "$target" --rank "$western" \
        --min-cut "$target" --cuttable "$cuttable" --json; } > "$work/cli.json"
    "$tour" "$dataset" "$scenario" "$target" --json > "$work/library.json"
    cmp "$work/cli.json" "$work/library.json"
    checked=$((checked + 1))
  done
done
[ "$checked" -ge 20 ] || { echo "only $checked dataset/scenario pairs checked"; exit 1; }
echo "library and command line agree on $checked dataset/scenario pairs (text and JSON)"
