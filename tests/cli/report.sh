#!/usr/bin/env bash
# micgraph report: one HTML page for every bundled dataset and each of its scenarios (with the
# timeline, Monte Carlo bands and the views side by side), checked as HTML by Python's parser
# (sections, rows, nothing that fetches), the page on stdout, and bad input (one stderr line,
# exit 2, no file left behind and an older report kept as it was). Writes the pages and a
# manifest of their sections into WORK_DIR/reports for the browser test (report_browser.sh).
# Usage: report.sh MICGRAPH SOURCE_DIR WORK_DIR
set -uo pipefail
micgraph=$1
source_dir=$2
work=$3
rm -rf "$work"
mkdir -p "$work/reports"
python=/usr/bin/python3
# fail, run, expect_bad, expect_no_files, finish
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

# check PAGE SECTION...: the page parses, has these sections, product rows, one inline script,
# and no element or attribute that fetches anything.
check() {
  "$python" - "$@" <<'PY'
import sys
from html.parser import HTMLParser
path, sections = sys.argv[1], sys.argv[2:]
fetching_elements = {"img", "iframe", "embed", "object", "audio", "video", "source", "link",
                     "image", "use", "base"}
fetching_attributes = {"src", "srcset", "data", "poster", "xlink:href", "action", "background"}
class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.problems, self.scripts, self.rows, self.table = set(), [], 0, 0, None
        self.links = 0
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in fetching_elements:
            self.problems.append(f"<{tag}>")
        for name in attrs:
            if name in fetching_attributes or name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
        href = attrs.get("href")
        if href is not None:
            if not (href.startswith("#") or href.startswith("https://") or href.startswith("http://")):
                self.problems.append(f"href {href}")
            if not href.startswith("#"):
                self.links += 1
        if tag == "script":
            self.scripts += 1
        if tag == "table":
            self.table = attrs.get("id")
        if tag == "tr" and self.table == "products-table":
            self.rows += 1
page = Page()
page.feed(open(path, encoding="utf-8").read())
page.close()
missing = [s for s in sections if s not in page.ids]
assert not missing, f"{path}: sections missing: {missing}"
assert page.rows > 1, f"{path}: no product rows"
assert page.scripts == 1, f"{path}: {page.scripts} scripts"
assert not page.problems, f"{path}: {page.problems[:5]}"
PY
}

# Every dataset with each of its scenarios (the files named after it; the cruise-missile
# dataset also takes the G7 ban, the microelectronics bans and the Hong Kong listing).
base_sections=rules,products,losses,chains,chokepoints,evidence
cd "$source_dir" || exit 1
: > "$work/reports/manifest.txt"
reports=0
for dataset in data/*.json; do
  name=$(basename "$dataset" .json)
  scenarios=(data/scenarios/"$name"-*.json)
  [ "$name" = cruise-missile-cnc ] && scenarios+=(data/scenarios/g7-cnc-ban.json
    data/scenarios/western-microelectronics-ban*.json data/scenarios/hk-distributor-listing.json)
  for scenario in "${scenarios[@]}"; do
    [ -f "$scenario" ] || continue
    page=$work/reports/$(basename "$scenario" .json).html
    if run "report $name $(basename "$scenario")" report "$dataset" --scenario "$scenario" \
      --months 24 --samples 100 --compare-views western,russian,chinese -o "$page"; then
      grep -q "^wrote $page (html, [0-9.]* [KMG]iB): " "$work/err" || fail "summary line: $(cat "$work/err")"
      sections=$base_sections,timeline,monte-carlo,views
      grep -q 'No product loses capacity' "$page" || sections=$sections,picture
      check "$page" ${sections//,/ } || fail "$page: HTML check"
      echo "$page $sections" >> "$work/reports/manifest.txt"
      reports=$((reports + 1))
    fi
  done
done
[ "$reports" -ge 30 ] || fail "only $reports reports written"

dataset=$source_dir/data/cruise-missile-cnc.json
scenario=$source_dir/data/scenarios/g7-cnc-ban.json
run "to stdout" report "$dataset" --scenario "$scenario" -o - && {
  head -1 "$work/out" | grep -q '^<!DOCTYPE html>' || fail "to stdout: $(head -c 100 "$work/out")"
  [ -s "$work/err" ] && fail "to stdout: stderr not empty: $(cat "$work/err")"
}
run "targets, no picture" report "$dataset" --scenario "$scenario" --targets kh-101,geran-2 \
  --focus-nodes 0 --top 1 --explain-top 1 -o "$work/targets.html" && {
  check "$work/targets.html" rules products chokepoints || fail "targets: HTML check"
  grep -q 'id="picture"' "$work/targets.html" && fail "--focus-nodes 0 drew a picture"
  grep -q 'Geran-2' "$work/targets.html" || fail "--targets: geran-2 not listed"
}

# Bad input: one line, exit 2, no file left, an older report kept.
echo "an older report" > "$work/kept.html"
expect_bad "missing scenario" "no-such-scenario.json" report "$dataset" --scenario "$work/no-such-scenario.json" -o "$work/kept.html"
expect_bad "scenario not given" "scenario" report "$dataset" -o "$work/x.html"
expect_bad "bad scenario" "bad-country.json" report "$dataset" --scenario "$source_dir/tests/data/bad-scenarios/bad-country.json" -o "$work/x.html"
expect_bad "unknown target" "--targets.*unknown node id 'no-such-node'" report "$dataset" --scenario "$scenario" --targets kh-101,no-such-node -o "$work/kept.html"
expect_bad "unknown view" "--compare-views.*martian" report "$dataset" --scenario "$scenario" --compare-views western,martian -o "$work/kept.html"
expect_bad "unwritable output" "cannot write" report "$dataset" --scenario "$scenario" -o "$work/no-such-dir/x.html"
expect_bad "output is a directory" "cannot write" report "$dataset" --scenario "$scenario" -o "$work/reports"
expect_bad "missing graph" "no-such-graph.json" report "$work/no-such-graph.json" --scenario "$scenario" -o "$work/x.html"
expect_bad "no output" "output" report "$dataset" --scenario "$scenario"
expect_bad "zero months" "months" report "$dataset" --scenario "$scenario" --months 0 -o "$work/x.html"
[ "$(cat "$work/kept.html")" = "an older report" ] || fail "a failed report changed an older one"
expect_no_files "$work" x.html "*.partial-*" "reports/*.partial-*" "no-such-dir"

finish
