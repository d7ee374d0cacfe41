#!/usr/bin/env bash
# Mutation testing check for CI: runs StrykerJS on @track/core (incremental: mutants of unchanged
# code and tests reuse the results in packages/core/stryker-incremental.json) and fails when the
# mutation score is below 85% (`thresholds.break` in packages/core/stryker.config.mjs).
# Usage: bash scripts/mutation-check.sh [--force]   (--force re-tests every mutant)
# Exit code: 0 when the score is at least 85%, Stryker's non-zero code otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
status=0
npx -y pnpm@10.34.8 --filter @track/core exec stryker run "$@" || status=$?
elapsed=$(($(date +%s) - start))
if [ "$status" -eq 0 ]; then
  echo "mutation-check: @track/core mutation score at or above 85% (${elapsed} s)"
else
  echo "mutation-check: @track/core mutation testing failed or scored below 85% (exit ${status}, ${elapsed} s)" >&2
fi
exit "$status"
