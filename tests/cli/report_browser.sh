#!/usr/bin/env bash
# The HTML reports in a real browser: headless Chromium (Debian's chromium) opens every report
# that cli_report wrote (report.sh) and report_browser.py checks each one after its scripts ran,
# with a screenshot beside it. Skipped (exit 77) when Chromium is not installed.
# Usage: report_browser.sh MANIFEST [CHROMIUM]
set -euo pipefail
manifest=$1
chromium=${2:-${CHROMIUM:-/usr/bin/chromium}}
if ! [ -x "$chromium" ]; then
  echo "SKIP: no Chromium at $chromium (Debian package chromium; scripts/install-deps.sh)"
  exit 77
fi
if ! [ -s "$manifest" ]; then
  echo "FAIL: no reports listed in $manifest (cli_report writes them)"
  exit 1
fi
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/report_browser.py" "$chromium" "$manifest"
