#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every hvhost test tier and print one final line "N passed, N failed".
#
#   tools/testing/run-tests.sh [TIER...]
#
# With TIER arguments (e.g. "oot checkpatch") only those tiers run; CI runs
# them all.
#
# Tiers, in order (a tier whose files are not in the tree is skipped):
#   packages   apt-get install what the tiers need (skipped when installed)
#   kunit      tools/testing/kunit.sh under UML + KASAN + UBSAN; one check per
#              KUnit case, one per parameter of a parameterised case
#   oot        out-of-tree build against Debian's linux-headers with W=1 C=1
#              (one check: no warning at all), then modinfo/vermagic (one
#              check per module)
#   checkpatch checkpatch.pl --strict, one check per source file
#   fuzz       tools/testing/fuzz/run.sh: one check per "fuzz <target>:" line
#   nested     tools/testing/nested/run.sh: one check per HVHOST-TEST marker
#
# Environment:
#   HVHOST_CACHE         caches, scratch builds and logs (~/.cache/hvhost)
#   HVHOST_LOGDIR        logs of this run ($HVHOST_CACHE/logs/<date>)
#   HVHOST_KDIR          kernel headers for the out-of-tree build (the
#                        Debian linux-headers matching linux-source-6.12)
#   HVHOST_FUZZ_SECONDS  seconds per fuzz target (60)
#   HVHOST_SKIP          tiers not to run, e.g. "nested fuzz"; reported
#   HVHOST_JOBS          parallel jobs (nproc, at most 2)
#
# Nothing is written into the repository.  Exit status is 0 only if no check
# failed.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${HVHOST_CACHE:-$HOME/.cache/hvhost}
LOGDIR=${HVHOST_LOGDIR:-$CACHE/logs/$(date -u +%Y%m%d-%H%M%S)-$$}
FUZZ_SECONDS=${HVHOST_FUZZ_SECONDS:-60}
SKIP=" ${HVHOST_SKIP:-} "
ONLY=" $* "
TIERS=" packages kunit oot checkpatch fuzz nested "
for t in "$@"; do
	if [[ $TIERS != *" $t "* ]]; then
		echo "usage: $0 [TIER...], TIER one of:$TIERS" >&2
		exit 2
	fi
done
JOBS=${HVHOST_JOBS:-$(nproc)}
[ "$JOBS" -gt 2 ] && JOBS=2
export HVHOST_CACHE=$CACHE HVHOST_JOBS=$JOBS

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

PASSED=0
FAILED=0
SUMMARY=$LOGDIR/summary

mkdir -p "$LOGDIR" || exit 1
# Keep the logs of the last 20 runs.
if [ -z "${HVHOST_LOGDIR:-}" ]; then
	find "$CACHE/logs" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' |
		sort -rn | tail -n +21 | cut -d' ' -f2- | xargs -r rm -rf --
fi
: >"$SUMMARY"

# check PASS|FAIL NAME: record one check.
check() {
	echo "$1 $2" >>"$SUMMARY"
	if [ "$1" = PASS ]; then
		PASSED=$((PASSED + 1))
	else
		FAILED=$((FAILED + 1))
		echo "  FAIL $2"
	fi
}

# show_log FILE: the end of a failing step's log, for CI output.
show_log() {
	echo "  ---- last lines of $1"
	tail -n "${2:-40}" "$1" | sed 's/^/  | /'
	echo "  ----"
}

# tier NAME FILE...: run tier NAME unless skipped or a file is missing.
tier() {
	local name=$1 f

	shift
	if [ "$ONLY" != "  " ] && [[ $ONLY != *" $name "* ]]; then
		echo "== $name: not selected"
		return 1
	fi
	if [[ $SKIP == *" $name "* ]]; then
		echo "== $name: skipped (HVHOST_SKIP)"
		return 1
	fi
	for f in "$@"; do
		if [ ! -e "$REPO/$f" ]; then
			echo "== $name: skipped ($f is not in the tree)"
			return 1
		fi
	done
	echo "== $name ($(date -u +%T))"
	return 0
}

# took START: "N s" since START (seconds since the epoch).
took() {
	echo "$(($(date +%s) - $1)) s"
}

#
# Packages.
#
BASE_PKGS=(linux-source-6.12 build-essential flex bison bc libelf-dev
	libssl-dev sparse rsync cpio kmod xz-utils python3 perl codespell)
FUZZ_PKGS=(clang llvm libclang-rt-14-dev)
NESTED_PKGS=(qemu-system-x86 qemu-utils busybox-static)

# headers_pkg: the linux-headers package matching linux-source-6.12.
headers_pkg() {
	local v newest

	v=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	[ -n "$v" ] ||
		v=$(apt-cache policy linux-source-6.12 | awk '/Candidate:/ {print $2}')
	newest=$(apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
		grep -E '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
		sort -V | tail -n 1)
	if [ -n "$v" ] && [ "$v" != "(none)" ]; then
		echo "linux-headers-${v%%-*}+deb12-amd64"
	else
		echo "$newest"
	fi
}

installed() {
	local p

	for p in "$@"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = \
			"install ok installed" ] || return 1
	done
}

# kernel_release: the Debian kernel release the headers build for.
kernel_release() {
	local v

	v=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	echo "${v%%-*}+deb12-amd64"
}

apt() {
	$SUDO env DEBIAN_FRONTEND=noninteractive \
		apt-get -q -o DPkg::Lock::Timeout=900 "$@"
}

# apt_install PKG...: update the lists, then install PKG... and the headers.
apt_install() {
	local hdr

	apt update || return
	hdr=$(headers_pkg)
	[ -n "$hdr" ] || return
	echo "headers: $hdr"
	# Recommends are left out (qemu's would pull in a desktop); what
	# the tiers need is listed explicitly.  Installed packages stay as they
	# are.
	apt install -y --no-install-recommends --no-upgrade "$@" "$hdr"
}

do_packages() {
	local log=$LOGDIR/packages.log hdr t0
	local -a pkgs=("${BASE_PKGS[@]}")

	t0=$(date +%s)
	[ -e "$REPO/tools/testing/fuzz/Makefile" ] && pkgs+=("${FUZZ_PKGS[@]}")
	[ -e "$REPO/tools/testing/nested/run.sh" ] &&
		pkgs+=("${NESTED_PKGS[@]}")
	hdr=$(headers_pkg)
	if [ -n "$hdr" ] && installed "${pkgs[@]}" "$hdr"; then
		echo "  all installed ($hdr)"
		check PASS "packages: installed"
		return
	fi
	if apt_install "${pkgs[@]}" >"$log" 2>&1; then
		check PASS "packages: installed"
	else
		check FAIL "packages: apt-get"
		show_log "$log"
	fi
	echo "  packages: $(took "$t0")"
}

#
# KUnit.
#

# count_kunit JSON: print "PASS|FAIL|SKIP name" per leaf case.
count_kunit() {
	python3 - "$1" <<'EOF'
import json, sys

def walk(group, path):
    for case in group.get("test_cases", []):
        print(case["status"], path + case["name"])
    for sub in group.get("sub_groups", []):
        walk(sub, path + sub["name"] + ".")

walk(json.load(open(sys.argv[1])), "")
EOF
}

do_kunit() {
	local log=$LOGDIR/kunit.log json=$LOGDIR/kunit.json res=$LOGDIR/kunit.cases
	local rc t0 st name f n=0 bad=0

	t0=$(date +%s)
	rm -f "$json"
	# Every directory's .kunitconfig, merged, so that no suite is left out.
	local -a cfgs=()
	while read -r f; do
		cfgs+=("--kunitconfig=${f%/.kunitconfig}")
	done < <(cd "$REPO" && find drivers/hvhost -mindepth 2 \
		-name .kunitconfig | sort)
	timeout 3600 bash "$REPO/tools/testing/kunit.sh" "${cfgs[@]}" \
		--json="$json" >"$log" 2>&1
	rc=$?
	if [ -s "$json" ] && count_kunit "$json" >"$res" 2>>"$log"; then
		while read -r st name; do
			case $st in
			PASS) check PASS "kunit: $name" ;;
			SKIP) echo "SKIP kunit: $name" >>"$SUMMARY" ;;
			*) check FAIL "kunit: $name ($st)"; bad=$((bad + 1)) ;;
			esac
			n=$((n + 1))
		done <"$res"
	fi
	# A build failure, a crash that lost cases, or no cases at all is a
	# failure even when no case reported one.
	if [ "$n" -eq 0 ]; then
		check FAIL "kunit: no test results (exit status $rc)"
		bad=1
	elif [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		check FAIL "kunit: kunit.py exit status $rc"
		bad=1
	fi
	if [ "$bad" -ne 0 ]; then
		echo "  ---- failures in $log"
		grep -E -A2 'FAILED at|\[(FAILED|CRASHED)\]|BUG:|KASAN|UBSAN|Kernel panic|error:' \
			"$log" | head -n 80 | sed 's/^/  | /'
		show_log "$log" 10
	fi
	grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time)' "$log" |
		sed 's/^/  /'
	echo "  kunit: $n cases, $(took "$t0")"
}

#
# Out-of-tree build.
#
do_oot() {
	local log=$LOGDIR/oot.log scratch=$CACHE/oot kdir kver ko vm t0 n=0

	t0=$(date +%s)
	kdir=${HVHOST_KDIR:-/usr/src/linux-headers-$(kernel_release)}
	kver=$(cat "$kdir/include/config/kernel.release" 2>/dev/null)
	rm -rf "$scratch"
	mkdir -p "$scratch"
	# 6.12 has no MO=: objects land beside the sources, so build a copy.
	rsync -a --delete --exclude .git "$REPO/" "$scratch/"
	make -C "$scratch" KDIR="$kdir" W=1 C=1 >"$log" 2>&1
	local rc=$?
	if [ "$rc" -eq 0 ] &&
	   ! grep -qiE '(^|[ :])(warning|error)[: ]' "$log"; then
		check PASS "oot: build W=1 C=1 against $kver, no warnings"
	else
		check FAIL "oot: build W=1 C=1 against $kver (exit $rc)"
		grep -iE '(^|[ :])(warning|error)[: ]' "$log" | head -n 30 |
			sed 's/^/  | /'
		show_log "$log" 20
	fi
	while read -r ko; do
		n=$((n + 1))
		vm=$(modinfo -F vermagic "$ko" 2>>"$log")
		if [[ $vm == "$kver SMP "*"mod_unload modversions"* ]] &&
		   [ "$(modinfo -F license "$ko")" = GPL ]; then
			check PASS "oot: modinfo ${ko#"$scratch"/}"
		else
			check FAIL "oot: modinfo ${ko#"$scratch"/}: vermagic '$vm'"
		fi
	done < <(find "$scratch/drivers" -name '*.ko' | sort)
	[ "$n" -gt 0 ] || check FAIL "oot: no module built"
	echo "  oot: $n modules, logs $log, $(took "$t0")"
}

#
# checkpatch.
#

# Two documented exceptions: the fuzz shim headers stand in for the
# kernel's own (READ_ONCE through volatile, bare barriers) and would be
# flagged the way the kernel's headers are, and libFuzzer fixes the name of
# a fuzzer's entry point (LLVMFuzzerTestOneInput).
CHECKPATCH_EXCLUDE='^tools/testing/fuzz/include/'
CHECKPATCH_CAMELCASE_OK='^tools/testing/fuzz/'

source_files() {
	if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$REPO" ls-files -- drivers include tools
	else
		(cd "$REPO" && find drivers include tools -type f 2>/dev/null)
	fi | grep -E '(\.[ch]|/Kconfig|/Kbuild)$' |
		grep -vE "$CHECKPATCH_EXCLUDE" | sort
}

do_checkpatch() {
	local log=$LOGDIR/checkpatch.log cp=$CACHE/linux/scripts/checkpatch.pl
	local f out opts="--no-tree --strict -q --terse" res t0 n=0

	t0=$(date +%s)
	: >"$log"
	if [ ! -f "$cp" ]; then
		# No kernel tree yet (kunit skipped): take just checkpatch
		# and its data files from the source tarball.
		mkdir -p "$CACHE/checkpatch"
		tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$CACHE/checkpatch" \
			--strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch \
			>>"$log" 2>&1
		cp=$CACHE/checkpatch/scripts/checkpatch.pl
	fi
	if [ ! -f "$cp" ]; then
		check FAIL "checkpatch: no checkpatch.pl"
		show_log "$log"
		return
	fi
	echo "  $cp $opts" >>"$log"
	# checkpatch is slow (minutes for the whole tree): $JOBS files at a
	# time, each result in $res/<n>.out and <n>.rc, reported in order.
	res=$LOGDIR/checkpatch.d
	# checkpatch writes a CamelCase cache into its working directory:
	# run it in a scratch view of the checkout (same relative paths, so
	# the same path-dependent rules), with git pointed at the real repo.
	mkdir -p "$res/tree"
	for f in drivers include tools; do
		[ -e "$REPO/$f" ] && ln -sfn "$REPO/$f" "$res/tree/$f"
	done
	local gitdir
	gitdir=$(git -C "$REPO" rev-parse --absolute-git-dir 2>/dev/null)
	# shellcheck disable=SC2016 # the job's script expands its own variables
	source_files | awk '{ print NR, $0 }' |
		CP=$cp OPTS=$opts RES=$res CC_OK=$CHECKPATCH_CAMELCASE_OK \
		GITDIR=$gitdir xargs -P "$JOBS" -L 1 bash -c '
			extra=
			[[ $2 =~ $CC_OK ]] && extra="--ignore CAMELCASE"
			[ -z "$GITDIR" ] || export GIT_DIR=$GITDIR
			cd "$RES/tree" && perl "$CP" $OPTS $extra -f "$2" \
				>"$RES/$1.out" 2>"$RES/$1.err"
			echo $? >"$RES/$1.rc"
			grep -v "^find: ./include.: No such file" "$RES/$1.err" \
				>>"$RES/$1.out"' checkpatch-job
	while read -r f; do
		n=$((n + 1))
		out=$(cat "$res/$n.out" 2>/dev/null)
		if [ "$(cat "$res/$n.rc" 2>/dev/null)" = 0 ]; then
			check PASS "checkpatch: $f"
		else
			check FAIL "checkpatch: $f"
			printf '  | %s\n' "${out//$'\n'/$'\n'  | }"
		fi
		[ -z "$out" ] || echo "$out" >>"$log"
	done < <(source_files)
	echo "  checkpatch: $n files, $(took "$t0")"
	do_codespell
}

# One check: codespell over every tracked text file.  (checkpatch's own
# --codespell costs seconds per hundred lines; the tool takes one second for
# the whole tree with the same dictionary.)  "inflight" is the kernel's own
# word for requests in flight (blk-mq, TCP) and names hvhost fields too.
do_codespell() {
	local log=$LOGDIR/codespell.log

	if ! command -v codespell >/dev/null; then
		check FAIL "codespell: not installed"
		return
	fi
	if (cd "$REPO" && git ls-files | grep -v '/corpus/' |
	    xargs -d '\n' codespell --builtin clear -L inflight) >"$log" 2>&1; then
		check PASS "codespell: every tracked file"
	else
		check FAIL "codespell: every tracked file"
		sed 's/^/  | /' "$log"
	fi
}

#
# Fuzzing.
#
do_fuzz() {
	local log=$LOGDIR/fuzz.log line name rc t0 n=0 bad=0

	t0=$(date +%s)
	# The whole tier must stay under 10 minutes, builds and coverage
	# replays included: each target gets FUZZ_SECONDS, fewer when there
	# are so many targets that 420 s would not cover them.
	local secs=$FUZZ_SECONDS nt
	nt=$(make -s -C "$REPO/tools/testing/fuzz" list-targets 2>/dev/null | wc -w)
	if [ "$nt" -gt 0 ] && [ $((secs * nt)) -gt 420 ]; then
		secs=$((420 / nt))
	fi
	echo "  $nt targets, $secs s each"
	timeout 570 bash "$REPO/tools/testing/fuzz/run.sh" "$secs" >"$log" 2>&1
	rc=$?
	while read -r line; do
		n=$((n + 1))
		name=${line#fuzz }
		name=${name%%:*}
		if [[ $line =~ [^0-9]0\ crashes ]]; then
			check PASS "fuzz: $name"
		else
			check FAIL "fuzz: $name"
			bad=$((bad + 1))
		fi
		echo "  $line"
	done < <(grep -E '^fuzz [^ :]+:' "$log")
	if [ "$n" -eq 0 ]; then
		check FAIL "fuzz: no target reported (exit status $rc)"
		bad=1
	elif [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		check FAIL "fuzz: run.sh exit status $rc"
		bad=1
	fi
	[ "$bad" -eq 0 ] || show_log "$log"
	echo "  fuzz: $n targets, logs $log, $(took "$t0")"
}

#
# Nested real-guest tier.
#
do_nested() {
	local log=$LOGDIR/nested.log res=$LOGDIR/nested.marks st name rc t0
	local n=0 bad=0

	t0=$(date +%s)
	timeout "${HVHOST_NESTED_TIMEOUT:-3600}" \
		bash "$REPO/tools/testing/nested/run.sh" >"$log" 2>&1
	rc=$?
	# Markers may appear twice (guest console and the harness's own
	# summary): one check per name, failed if any line failed.
	tr -d '\r' <"$log" |
		sed -nE 's/.*HVHOST-TEST ([^ ]+) (PASS|FAIL)( .*)?$/\2 \1/p' |
		awk '{ if ($1 == "FAIL" || !($2 in s)) s[$2] = $1 }
		     END { for (k in s) print s[k], k }' | sort -k2 >"$res"
	while read -r st name; do
		n=$((n + 1))
		check "$st" "nested: $name"
		[ "$st" = PASS ] || bad=$((bad + 1))
	done <"$res"
	if [ "$n" -eq 0 ]; then
		check FAIL "nested: no markers (exit status $rc)"
		bad=1
	elif [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		check FAIL "nested: run.sh exit status $rc"
		bad=1
	fi
	[ "$bad" -eq 0 ] || show_log "$log" 60
	echo "  nested: $n checks, logs $log, $(took "$t0")"
}

# repo_state: every changed, untracked or ignored file of the checkout.
repo_state() {
	git -C "$REPO" status --porcelain --ignored 2>/dev/null
}

# One check: no tier wrote into the checkout (every output belongs in
# $HVHOST_CACHE or /tmp).
check_repo_clean() {
	local diff

	git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || return
	if diff=$(repo_state | diff "$LOGDIR/repo.before" -); then
		check PASS "repo: no tier wrote into the checkout"
	else
		check FAIL "repo: files appeared or changed in the checkout"
		printf '  | %s\n' "${diff//$'\n'/$'\n'  | }"
	fi
}

# main() is parsed whole before it runs and "exit" is on its line, so edits
# to this file during a run are harmless.
main() {
	local start

	start=$(date +%s)
	echo "hvhost tests: repo $REPO, cache $CACHE, logs $LOGDIR"
	repo_state >"$LOGDIR/repo.before"
	tier packages && do_packages
	tier kunit tools/testing/kunit.sh drivers/hvhost/.kunitconfig &&
		do_kunit
	tier oot Makefile drivers/hvhost/Kbuild && do_oot
	tier checkpatch && do_checkpatch
	tier fuzz tools/testing/fuzz/Makefile tools/testing/fuzz/run.sh &&
		do_fuzz
	tier nested tools/testing/nested/run.sh && do_nested
	check_repo_clean
	echo "== total $(took "$start"); every check: $SUMMARY"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

main "$@"; exit
