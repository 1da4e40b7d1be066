#!/usr/bin/env bash
# The check step of action.yml: job summary, SARIF file, then the check in the chosen
# format whose exit code decides the step. Inputs come as environment variables (never
# interpolated into the script).
set -uo pipefail
path="${INPUT_PATH:-.}"
format="${INPUT_FORMAT:-github}"
fail_on="${INPUT_FAIL_ON:-error}"
sarif="${INPUT_SARIF_FILE:-}"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  shipgate check "$path" --format markdown --fail-on never >> "$GITHUB_STEP_SUMMARY" || true
fi
if [ -n "$sarif" ]; then
  shipgate check "$path" --format sarif --fail-on never > "$sarif"
  status=$?
  if [ "$status" -ge 2 ]; then
    echo "::error title=shipgate::writing SARIF failed (exit $status)"
    exit "$status"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
  fi
fi
shipgate check "$path" --format "$format" --fail-on "$fail_on"
