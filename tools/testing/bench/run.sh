#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The NetVSP benchmark (Documentation/netvsp-bench.rst).
#
#   tools/testing/bench/run.sh [--uml] [--nested]     (default: --uml)
#
# --uml     the KUnit suite hvhost_net_bench under UML: host cost per
#           packet, throughput and signals per packet, guest->host and
#           host->guest, driven by the software test guest.
# --nested  TCP throughput L2<->L1 through hvnet and through virtio-net
#           with vhost-net in the same L1 boot (tools/testing/nested,
#           plan-bench), and their ratio.
#
# The UML build is not the KUnit one: no KASAN/UBSAN, and the benchmark
# option on.  It gets its own kernel tree and build directory under
# $HVHOST_CACHE/bench (default ~/.cache/hvhost/bench) and its own lock,
# so it never changes the shared KUnit build's configuration nor holds
# its lock.  HVHOST_JOBS sets make's -j (default 2).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${HVHOST_CACHE:-$HOME/.cache/hvhost}
BENCH=$CACHE/bench
KSRC=$BENCH/linux
BUILD=$BENCH/build-um
TARBALL=/usr/src/linux-source-6.12.tar.xz
STAMP=$BENCH/linux.stamp

log() { echo "bench: $*" >&2; }

# A private copy of Debian's linux-source-6.12 with hvhost hooked in.
prepare_tree() {
	local now tmp

	[ -f "$TARBALL" ] || {
		log "$TARBALL missing: apt-get install linux-source-6.12"
		exit 1
	}
	now=$(stat -c '%s %Y' "$TARBALL")
	if [ -f "$KSRC/Makefile" ] && [ "$(cat "$STAMP" 2>/dev/null)" != "$now" ]; then
		log "$TARBALL changed: new tree and build"
		rm -rf "$KSRC" "$BUILD"
	fi
	if [ ! -f "$KSRC/Makefile" ]; then
		log "unpacking $TARBALL into $KSRC"
		tmp=$(mktemp -d "$BENCH/unpack.XXXXXX")
		tar -xJf "$TARBALL" -C "$tmp"
		rm -rf "$KSRC"
		mv "$tmp/linux-source-6.12" "$KSRC"
		rmdir "$tmp"
	fi
	echo "$now" > "$STAMP"
	grep -q 'drivers/hvhost/Kconfig' "$KSRC/drivers/Kconfig" ||
		sed -i '$i source "drivers/hvhost/Kconfig"\n' "$KSRC/drivers/Kconfig"
	# shellcheck disable=SC2016 # a make variable, not a shell one
	grep -q 'CONFIG_HVHOST' "$KSRC/drivers/Makefile" ||
		echo 'obj-$(CONFIG_HVHOST) += hvhost/' >> "$KSRC/drivers/Makefile"
	rsync -r --checksum --delete --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='modules.order' --exclude='Module.symvers' \
		--exclude='.*.d' --exclude='*.a' \
		"$REPO/drivers/hvhost/" "$KSRC/drivers/hvhost/"
	mkdir -p "$KSRC/include/uapi/linux"
	if [ -d "$REPO/include/uapi/linux" ]; then
		rsync -r --checksum "$REPO/include/uapi/linux/" "$KSRC/include/uapi/linux/"
	fi
}

# key=value fields of the suite's "hvnet-bench:" lines as a table.
uml_table() {
	printf '%-4s %-10s %8s %7s %11s %7s %11s %6s %6s %9s %9s\n' dir frame \
		packets ns/pkt host-ns/pkt Mbit/s host-Mbit/s kicks irqs \
		kicks/pkt irqs/pkt
	sed -n 's/.*hvnet-bench: //p' "$1" | tr -d '\r' | awk '{
		delete v
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		printf "%-4s %-10s %8s %7s %11s %7s %11s %6s %6s %9s %9s\n",
			$1, $2, v["packets"], v["ns/pkt"], v["host-ns/pkt"],
			v["Mbit/s"], v["host-Mbit/s"], v["kicks"], v["irqs"],
			v["kicks/pkt"], v["irqs/pkt"]
	}'
}

run_uml() {
	local out=$BENCH/uml-last.log rc=0

	mkdir -p "$BENCH"
	exec 9>"$BENCH.lock"
	flock -n 9 || { log "waiting for another benchmark run"; flock 9; }
	prepare_tree
	log "building and running hvhost_net_bench (log $out)"
	rm -f "$BUILD/test.log"
	(cd "$KSRC" && ./tools/testing/kunit/kunit.py run --arch=um \
		--kunitconfig=drivers/hvhost \
		--kunitconfig=drivers/hvhost/netvsp \
		--kunitconfig="$REPO/tools/testing/bench/kunitconfig" \
		--build_dir="$BUILD" --jobs="${HVHOST_JOBS:-2}" --timeout=3600 \
		'hvhost_net_bench') > "$out" 2>&1 || rc=$?
	grep -E '^\[[0-9:]+\] (Testing complete|Elapsed|.*(PASSED|FAILED|CRASHED))' "$out" |
		sed 's/^\[[0-9:]*\] //' >&2 || true
	echo "UML benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	[ -f "$BUILD/test.log" ] && uml_table "$BUILD/test.log"
	exec 9>&-
	[ "$rc" = 0 ] || log "kunit.py failed ($rc): see $out"
	return "$rc"
}

run_nested() {
	"$REPO/tools/testing/nested/bench.sh"
}

main() {
	local uml=0 nested=0 rc=0

	[ $# -eq 0 ] && uml=1
	while [ $# -gt 0 ]; do
		case $1 in
		--uml) uml=1 ;;
		--nested) nested=1 ;;
		*) echo "usage: $0 [--uml] [--nested]" >&2; exit 2 ;;
		esac
		shift
	done
	[ "$uml" = 1 ] && { run_uml || rc=$?; }
	[ "$nested" = 1 ] && { run_nested || rc=$?; }
	return "$rc"
}

main "$@"; exit
