# Shared assertions of the command-line tests, sourced by them after they set `micgraph` (the
# program) and `work` (a scratch directory). Each assertion counts a case in `cases` and a
# failure in `failures`; a test ends with `finish`.
# shellcheck shell=bash

failures=0
cases=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run NAME ARGS...: exit 0 expected.
run() {
  local name=$1
  shift
  cases=$((cases + 1))
  if ! timeout 120 "$micgraph" "$@" > "$work/out" 2> "$work/err"; then
    fail "$name: exit code $?, stderr: $(head -c 400 "$work/err")"
    return 1
  fi
  echo "ok   $name"
}

# expect_bad NAME PATTERN ARGS...: exit 2, one stderr line starting with "micgraph: " and
# matching PATTERN (grep -E).
expect_bad() {
  local name=$1 pattern=$2
  shift 2
  cases=$((cases + 1))
  timeout 120 "$micgraph" "$@" > "$work/out" 2> "$work/err"
  local code=$?
  local lines
  lines=$(wc -l < "$work/err")
  if [ "$code" -ne 2 ]; then
    fail "$name: exit code $code, expected 2 ($(head -c 300 "$work/err"))"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: $lines lines on stderr, expected 1: $(head -c 300 "$work/err")"
  elif ! grep -q '^micgraph: ' "$work/err"; then
    fail "$name: stderr does not start with 'micgraph: ': $(cat "$work/err")"
  elif ! grep -qE -- "$pattern" "$work/err"; then
    fail "$name: stderr does not match '$pattern': $(cat "$work/err")"
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}

# expect_no_files DIR PATTERN...: nothing in DIR matches a PATTERN (a glob), e.g. the output of
# a failed command or its temporary.
expect_no_files() {
  local dir=$1
  shift
  local pattern leftover
  for pattern in "$@"; do
    for leftover in "$dir"/$pattern; do
      [ -e "$leftover" ] && fail "left behind: $leftover"
    done
  done
}

# finish: the tally, and the exit code of the test.
finish() {
  echo "$cases cases, $failures failures"
  [ "$failures" -eq 0 ]
}
