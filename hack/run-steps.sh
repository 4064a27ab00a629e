#!/usr/bin/env bash
# Usage: [STEPS_NAME=NAME] hack/run-steps.sh LOGDIR STEP...   (what `make test` runs)
#
# Run `make STEP` for each STEP, even after one fails, so that one run reports every problem;
# keep each step's output in LOGDIR/STEP.log, then print a summary and fail if any step failed.
# A step that has nothing to test yet prints a line starting with "SKIPPED:".
# The first steps build what the others need: when one of them (venv, tree) fails, stop there.
set -uo pipefail

logs=$1
shift
make=${MAKE:-make}
# What the summary calls this run (`make core-2.16` runs its steps through here too).
name=${STEPS_NAME:-make test}
mkdir -p "$logs"
failed=()
skipped=()
report=()

for step in "$@"; do
    echo "==== make $step"
    start=$SECONDS
    if "$make" --no-print-directory "$step" 2>&1 | tee "$logs/$step.log"; then
        if grep -q '^SKIPPED:' "$logs/$step.log"; then
            result=skipped
            skipped+=("$step")
        else
            result=ok
        fi
    else
        result=FAILED
        failed+=("$step")
    fi
    report+=("$(printf '%-15s %-8s %4ss' "$step" "$result" $((SECONDS - start)))")
    if [[ $result == FAILED && ($step == venv || $step == tree) ]]; then
        break
    fi
done

echo "==== $name summary"
printf '  %s\n' "${report[@]}"
passed=$((${#report[@]} - ${#failed[@]} - ${#skipped[@]}))
echo "steps: $passed passed, ${#failed[@]} failed, ${#skipped[@]} skipped"
if ((${#failed[@]})); then
    echo "$name: FAILED: ${failed[*]} (logs in $logs)"
    exit 1
fi
echo "$name: all steps passed${skipped[0]:+ (skipped: ${skipped[*]})}"
