#!/usr/bin/env bash
# Usage: [STEPS_NAME=NAME] hack/run-steps.sh LOGDIR STEP...   (what `make test` runs)
#
# Run `make STEP` for each STEP, even after one fails, so that one run reports every problem;
# keep each step's output in LOGDIR/STEP.log (and the name of each that failed in LOGDIR/failed-steps), then print a
# summary and fail if any step failed.
# A step that could not test something prints a line starting with "SKIPPED:" (what and why: a Python or a core this
# machine lacks); one that found a problem it does not fail on prints "REPORTED:" (the canary on a pre-release). The
# step is then reported as skipped or reported, and the summary repeats each such line, so that nothing is left out
# silently.
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
notes=()

for step in "$@"; do
    echo "==== make $step"
    start=$SECONDS
    if "$make" --no-print-directory "$step" 2>&1 | tee "$logs/$step.log"; then
        if grep -q '^REPORTED:' "$logs/$step.log"; then
            result=reported
        elif grep -q '^SKIPPED:' "$logs/$step.log"; then
            result=skipped
            skipped+=("$step")
        else
            result=ok
        fi
    else
        result=FAILED
        failed+=("$step")
        echo "$step" >>"$logs/failed-steps"
    fi
    report+=("$(printf '%-15s %-8s %4ss' "$step" "$result" $((SECONDS - start)))")
    while IFS= read -r line; do
        notes+=("$step: $line")
    done < <(grep -E '^(SKIPPED|REPORTED):' "$logs/$step.log" | sort -u)
    if [[ $result == FAILED && ($step == venv || $step == tree) ]]; then
        break
    fi
done

echo "==== $name summary"
printf '  %s\n' "${report[@]}"
if ((${#notes[@]})); then
    printf '  %s\n' "${notes[@]}"
fi
passed=$((${#report[@]} - ${#failed[@]} - ${#skipped[@]}))
echo "steps: $passed passed, ${#failed[@]} failed, ${#skipped[@]} skipped"
if ((${#failed[@]})); then
    echo "$name: FAILED: ${failed[*]} (logs in $logs)"
    exit 1
fi
echo "$name: all steps passed${skipped[0]:+ (skipped: ${skipped[*]})}"
