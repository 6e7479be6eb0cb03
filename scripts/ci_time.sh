#!/usr/bin/env bash
# `make ci-time`: CI's own script (.ci/run), in CI's order, with each pass's time printed as it ends and a summary
# against CI's 90 minutes. Two passes run side by side each take about as long as alone, so only this order tells
# what CI will wait for (a submission once ran past 90 minutes that side-by-side checks had put at 48).
set -uo pipefail
cd "$(dirname "$0")/.."
BUDGET=$((90 * 60))
started=$(date +%s)
.ci/run 2>&1 | {
  pass="services and installs"; since=$started; summary=""
  while IFS= read -r line; do
    printf '%s\n' "$line"
    if [[ $line == "== "* ]]; then
      now=$(date +%s)
      summary+=$(printf '  %-28s %5d s\n' "$pass" $((now - since)))$'\n'
      pass=${line#== }; since=$now
    fi
  done
  now=$(date +%s)
  summary+=$(printf '  %-28s %5d s\n' "$pass" $((now - since)))$'\n'
  printf '\n[ci-time] each pass, in CI order:\n%s' "$summary"
  total=$((now - started))
  printf '[ci-time] total %d min %02d s of CI'"'"'s %d min (%d%%)\n' $((total / 60)) $((total % 60)) $((BUDGET / 60)) \
    $((100 * total / BUDGET))
}
exit "${PIPESTATUS[0]}"
