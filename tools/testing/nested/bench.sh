#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The nested half of the NetVSP benchmark (Documentation/netvsp-bench.rst),
# run by tools/testing/bench/run.sh --nested: in one L1 boot, TCP
# throughput between L1 and a stock L2 through virtio-net with vhost-net
# (QEMU inside L1) and through hvhost's NIC (hvvmm), each way, and the
# ratio hvnet/vhost-net.  Under TCG the absolute rates are tiny; only the
# ratio means something.
#
# Environment: lib.sh's, HVHOST_BENCH_SECS (iperf3 seconds per direction,
# default 10) and HVHOST_BENCH_ROUNDS (rounds of both paths, alternating,
# default 2; each path's best round is reported).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

BENCH_SECS=${HVHOST_BENCH_SECS:-10}
BENCH_ROUNDS=${HVHOST_BENCH_ROUNDS:-2}
TIMEOUT=${HVHOST_NESTED_QEMU_TIMEOUT:-2400}
L1_MODULES+=(vhost_net tun)
L2_MODULES+=(virtio_pci virtio_net)
# What QEMU's pc machine loads with -kernel and -nodefaults.
QEMU_FIRMWARE=(bios-256k.bin linuxboot_dma.bin kvmvapic.bin)

# Dynamic binaries $2... into root $1's /usr/bin, with their libraries.
bench_install_bins() {
	local root=$1 b lib
	shift

	for b in "$@"; do
		install -m 0755 "$(readlink -f "$(command -v "$b")")" \
			"$root/usr/bin/$(basename "$b")"
		for lib in $(ldd "$(command -v "$b")" | grep -o '/[^ ]*'); do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	done
}

ensure_bench_packages() {
	command -v iperf3 >/dev/null && return
	log "installing iperf3"
	DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3 >&2
}

# lib.sh's image builders, then what the benchmark adds on top.
eval "lib_build_l2() $(declare -f build_l2 | tail -n +2)"
eval "lib_build_l1() $(declare -f build_l1 | tail -n +2)"

build_l2() {
	local root=$WORK/l2

	lib_build_l2
	install -m 0755 "$NESTED_DIR/l2-bench-init" "$root/init"
	echo "$BENCH_SECS" > "$root/etc/hvhost/bench-secs"
	bench_install_bins "$root" iperf3
	mkcpio "$root" "$WORK/l2.cpio.gz"
	log "L2 bench initramfs $(du -h "$WORK/l2.cpio.gz" | cut -f1)"
}

build_l1() {
	local root=$WORK/l1 f d

	lib_build_l1 "$1"
	echo "$BENCH_ROUNDS" > "$root/etc/hvhost/bench-rounds"
	bench_install_bins "$root" qemu-system-x86_64 iperf3
	# QEMU searches ../share/qemu and ../share/seabios from its binary.
	for f in "${QEMU_FIRMWARE[@]}"; do
		for d in /usr/share/qemu /usr/share/seabios; do
			[ -e "$d/$f" ] || continue
			mkdir -p "$root$d"
			cp -L "$d/$f" "$root$d/"
			break
		done
		[ -e "$root/usr/share/qemu/$f" ] || [ -e "$root/usr/share/seabios/$f" ] ||
			{ log "QEMU firmware $f not found"; exit 1; }
	done
	mkcpio "$root" "$WORK/l1.cpio.gz"
	log "L1 bench initramfs $(du -h "$WORK/l1.cpio.gz" | cut -f1)"
}

# The figures from L2's HVHOST-BENCH lines (side vhostN or hvnetN for
# round N): every round, then each path's best and the ratio per direction.
bench_table() {
	tr -d '\r' < "$LOG" | sed -n 's/.*HVHOST-BENCH \([a-z]*[0-9]*\) \([a-z0-9-]*\) \([0-9.]*\)$/\1 \2 \3/p' |
		awk -v secs="$BENCH_SECS" '
		{
			side = $1; sub(/[0-9]+$/, "", side)
			all[side, $2] = all[side, $2] " " $3
			if (!((side, $2) in best) || $3 + 0 > best[side, $2] + 0)
				best[side, $2] = $3
		}
		END {
			printf "nested TCP (iperf3, %ss each way; TCG: absolute rates are tiny)\n", secs
			printf "%-10s %14s %14s %8s   %s\n", "direction", "vhost-net",
				"hvnet", "ratio", "rounds (Mbit/s)"
			n = split("l2-to-l1 l1-to-l2", d, " ")
			for (i = 1; i <= n; i++) {
				v = best["vhost", d[i]]; h = best["hvnet", d[i]]
				ratio = (v > 0 && h != "") ? sprintf("%.2f", h / v) : "-"
				printf "%-10s %14s %14s %8s   vhost-net:%s hvnet:%s\n", d[i],
					(v == "" ? "-" : v " Mbit/s"),
					(h == "" ? "-" : h " Mbit/s"), ratio,
					all["vhost", d[i]], all["hvnet", d[i]]
			}
		}'
}

ensure_bench_packages
nested_setup bench
# A stalled L1 (TCG's nested SVM, testing.rst) is booted again.
boot_l1_retry
rc=0
expected=(l1-insmod-kvm-amd l1-insmod-vhost_net l1-insmod-tun
	l1-modprobe-hvhost l1-modprobe-hvhost_net l1-bench-iperf3-server
	l1-bench-dev-vhost-net l1-bench-dev-tun)
for r in $(seq "$BENCH_ROUNDS"); do
	expected+=("l2-bench-vhost$r-eth0" "l2-bench-vhost$r-ping-l1"
		"l2-bench-vhost$r-l2-to-l1" "l2-bench-vhost$r-l1-to-l2"
		"l1-bench-vhost$r-qemu-exit")
done
expected+=(l1-bench-kernel-clean)
report "${expected[@]}" || rc=$?
grep -o 'HVHOST-BENCH hvnet skipped.*' "$LOG" | head -n 1 || true
bench_table
echo "log: $LOG"
exit "$rc"
