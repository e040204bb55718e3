# The launcher checks' two assertions, sourced by ./v4j test (run_tests) and by
# org.v4j.itest/launcher-checks (in the guest). Each prints "ok   NAME" or "FAIL NAME: ..." with the
# command's output, and counts into the caller's $passed and $failed.

# check NAME EXPECTED-EXIT REGEX COMMAND...: the exit code, and a line of the output matching REGEX.
check() {
  local name=$1 want=$2 regex=$3 got rc=0; shift 3
  got=$("$@" 2>&1) || rc=$?
  if [ "$rc" = "$want" ] && grep -qE "$regex" <<<"$got"; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name: exit $rc, output:"; echo "$got" | sed 's/^/     /'; failed=$((failed + 1))
  fi
}

# check_lines NAME EXPECTED-EXIT COMMAND...: the exit code, and each regex of $want_lines matching a line.
check_lines() {
  local name=$1 want=$2 got rc=0 regex missing=""; shift 2
  got=$("$@" 2>&1) || rc=$?
  for regex in "${want_lines[@]}"; do grep -qE "$regex" <<<"$got" || missing+=" [$regex]"; done
  if [ "$rc" = "$want" ] && [ -z "$missing" ]; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name: exit $rc, missing$missing, output:"; echo "$got" | sed 's/^/     /'; failed=$((failed + 1))
  fi
}
