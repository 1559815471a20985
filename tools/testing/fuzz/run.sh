#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fuzz every hvhost userspace target for a bounded time and report:
#
#   tools/testing/fuzz/run.sh [seconds per target, default 60]
#
# prints, per target,
#   fuzz <target>: N execs, C crashes, line coverage X%
# where coverage is measured on the target's kernel sources only (the
# <target>-srcs of the Makefile) by replaying the corpus through a
# -fprofile-instr-generate build.  Builds, corpora and crash artifacts live
# in $O (default $HVHOST_CACHE/fuzz), never in the repository; the seeds
# in corpus/<target>/ are copied into the working corpus first.
# Exits 1 if any target crashed.
set -euo pipefail

secs=${1:-60}
FUZZ=$(cd "$(dirname "$0")" && pwd)
CACHE=${HVHOST_CACHE:-$HOME/.cache/hvhost}
O=$(mkdir -p "${O:-$CACHE/fuzz}" && cd "${O:-$CACHE/fuzz}" && pwd)
PROFDATA=$(command -v llvm-profdata-14 || command -v llvm-profdata)
COV=$(command -v llvm-cov-14 || command -v llvm-cov)

make -s -C "$FUZZ" O="$O" all
failed=0
for t in $(make -s -C "$FUZZ" list-targets); do
	work=$O/work/$t
	mkdir -p "$work/corpus" "$work/artifacts"
	rm -f "$work/artifacts/"* "$work/"*.profraw
	if [ -d "$FUZZ/corpus/$t" ]; then
		cp -n "$FUZZ/corpus/$t/"* "$work/corpus/" 2>/dev/null || true
	fi

	rc=0
	"$O/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" "$work/corpus" \
		>"$work/fuzz.log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$work/fuzz.log" | tail -n1)
	crashes=$(find "$work/artifacts" -type f | wc -l)
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1	# died without an artifact: still a failure
	fi

	LLVM_PROFILE_FILE="$work/cov-%p.profraw" "$O/cov/fuzz_$t" -runs=0 \
		"$work/corpus" >"$work/cov.log" 2>&1 || true
	"$PROFDATA" merge -sparse -o "$work/cov.profdata" "$work/"*.profraw
	# shellcheck disable=SC2046
	cover=$("$COV" export -summary-only -instr-profile="$work/cov.profdata" \
		"$O/cov/fuzz_$t" $(make -s -C "$FUZZ" "srcs-$t") |
		python3 -c 'import json,sys
print("%.1f" % json.load(sys.stdin)["data"][0]["totals"]["lines"]["percent"])')

	echo "fuzz $t: ${execs:-0} execs, $crashes crashes, line coverage $cover%"
	if [ "$crashes" -ne 0 ]; then
		echo "  log: $work/fuzz.log; artifacts: $work/artifacts/" >&2
		failed=1
	fi
done
exit $failed
