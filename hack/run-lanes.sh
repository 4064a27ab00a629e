#!/usr/bin/env bash
# Usage: hack/run-lanes.sh LOGDIR "FIRST STEPS" "MAIN LANE STEPS" "OTHER LANE STEPS"   (what `make test` runs)
#
# Run the first steps (what both lanes need: the venv and the tree), then the two lanes side by side, each with
# hack/run-steps.sh (every step even after one fails, a summary at the end). The machine has two cores and most steps
# keep one busy, so two lanes take about half the time of one. The main lane prints as it goes; the other lane writes
# LOGDIR/other-lane.log, and its summary (and the last lines of the log of each step that failed) is printed at the end.
# Fails when any step failed.
set -uo pipefail

logs=$1
read -ra first <<<"$2"
read -ra main_lane <<<"$3"
read -ra other_lane <<<"$4"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$logs"
rm -f "$logs/failed-steps"
start=$SECONDS

STEPS_NAME='make test (first steps)' "$here/run-steps.sh" "$logs" "${first[@]}" || exit 1

STEPS_NAME='make test (other lane)' "$here/run-steps.sh" "$logs" "${other_lane[@]}" >"$logs/other-lane.log" 2>&1 &
other=$!
echo "==== other lane (${other_lane[*]}) runs beside this one: $logs/other-lane.log"
STEPS_NAME='make test (main lane)' "$here/run-steps.sh" "$logs" "${main_lane[@]}"
main_status=$?
wait "$other"
other_status=$?

echo "==== other lane: ${other_lane[*]}"
for step in "${other_lane[@]}"; do
    if grep -q "^  $step  *FAILED" "$logs/other-lane.log"; then
        echo "---- the end of $logs/$step.log"
        tail -n 60 "$logs/$step.log"
    fi
done
sed -n '/^==== make test (other lane) summary/,$p' "$logs/other-lane.log"
# Last, what made each failed step fail, in a few lines (a CI page may show only the end of the output): pytest's
# FAILED lines, a play's fatal lines (the last ones: the failures a test expects come before) and ansible-test's
# FATAL line, a tool's ERROR lines.
if [[ -f $logs/failed-steps ]]; then
    while IFS= read -r step; do
        echo "---- why $step failed ($logs/$step.log):"
        grep -E '^(FAILED |FATAL: |ERROR[: ]|E  |fatal: |failed: |[A-Za-z.]*Error: )' "$logs/$step.log" | cut -c1-240 |
            tail -n 12
    done <"$logs/failed-steps"
fi
echo "==== make test: $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s in all"
if ((main_status || other_status)); then
    echo "make test: FAILED (main lane: exit $main_status, other lane: exit $other_status)"
    exit 1
fi
echo "make test: every step of both lanes passed"
