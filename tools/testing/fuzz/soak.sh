#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A longer soak of every fuzz target:
#
#   tools/testing/fuzz/soak.sh [seconds per target, default 600]
#
# Runs run.sh (same builds, corpora and artifacts in $O, which grow from
# one soak to the next), printing its lines as each target finishes, and
# adds the total:
#   fuzz <target>: N execs, C crashes, line coverage X%
#   soak: T execs over K targets in S s, C crashes
# Exits 1 if any target crashed.
set -euo pipefail

secs=${1:-600}
FUZZ=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
rc=0
"$FUZZ/run.sh" "$secs" | tee "$out" || rc=$?
awk -v s=$(($(date +%s) - start)) '
/^fuzz [^ ]+: / { n++; e += $3; c += $5 }
END { printf "soak: %d execs over %d targets in %d s, %d crashes\n", e, n, s, c }' "$out"
exit $rc
