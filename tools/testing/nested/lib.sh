# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared by run.sh and demo.sh: fetch the stock Debian 6.12 kernel, build
# hvhost's modules and hvvmm, assemble the L1 and L2 initramfs images and
# boot L1 under QEMU TCG (emulated SVM).  See /work/shared/nested-recipe.md
# and Documentation/vmm.rst.
#
# Environment:
#   HVHOST_NESTED_CACHE  downloads, extracted kernel, logs (default
#                        ~/.cache/hvhost/nested; never inside the repo)
#   HVHOST_NESTED_QEMU_TIMEOUT  hard limit for the L0 QEMU run (s, 800)
#   HVHOST_NESTED_STALL_SECS  console silence (s, 120) after which
#                        watch_stall looks at L1's local APIC three times
#                        over HVHOST_NESTED_STALL_GAP (30) seconds
#   HVHOST_NESTED_QEMU  debian (default): Debian 12's QEMU 7.2 for L0; bpo:
#                        QEMU from bookworm-backports (l0_qemu)
#   HVHOST_NESTED_KVM_AMD_PARAMS  parameters for L1's kvm_amd (none)
#   HVHOST_NESTED_L1_CPUS  L1's vCPUs (1), all on one TCG thread
#   HVHOST_NESTED_PAIR    1: also run two L2 guests at once (see plan-test)
#   HVHOST_NESTED_TRACE   1: also check hvhost's and hvnet's trace events
#                        (plan-test, plan-net; off by default, see run.sh)
#   HVHOST_NESTED_NET_TIMEOUT  the same for run.sh's networking boot (1800)
#   HVHOST_NESTED_NET_MIB  MiB per checked TCP transfer in plan-net (100;
#                        less only for quicker trial runs)
#   HVHOST_NESTED_KMEMLEAK  1: L1 runs a kernel built with kmemleak
#                        (kmemleak-kernel.sh) and each L1 boot ends with a
#                        scan; L2 stays Debian's stock kernel

set -euo pipefail

NESTED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$NESTED_DIR/../../.." && pwd)
CACHE=${HVHOST_NESTED_CACHE:-$HOME/.cache/hvhost/nested}
TIMEOUT=${HVHOST_NESTED_QEMU_TIMEOUT:-800}
STALL_SECS=${HVHOST_NESTED_STALL_SECS:-120}
STALL_GAP=${HVHOST_NESTED_STALL_GAP:-30}
KVM_AMD_PARAMS=${HVHOST_NESTED_KVM_AMD_PARAMS-}
L1_CPUS=${HVHOST_NESTED_L1_CPUS:-1}
# L0's QEMU: Debian 12's own (7.2), or with HVHOST_NESTED_QEMU=bpo the one
# from bookworm-backports, unpacked into the cache (l0_qemu).
QEMU_FROM=${HVHOST_NESTED_QEMU:-debian}
QEMU="qemu-system-x86_64"
QEMU_ARGS=(-nographic)
PAIR=${HVHOST_NESTED_PAIR:-0}
TRACE=${HVHOST_NESTED_TRACE:-0}
KMEMLEAK=${HVHOST_NESTED_KMEMLEAK:-0}
L2_MODULES=(hv_vmbus hv_utils hv_netvsc)
L1_MODULES=(kvm_amd)
# Copied into L1 for plans to modprobe, not loaded at boot.
L1_EXTRA_MODULES=(bridge)
# iproute2's ip (`ip -d`, bridges) and iputils' ping (-M do) in L1 and L2,
# in /bin ahead of busybox's applets.
NET_BINS=(/bin/ip /bin/ping)

log() { echo "nested: $*" >&2; }

ensure_packages() {
	local need=()

	command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
	command -v cpio >/dev/null || need+=(cpio)
	command -v socat >/dev/null || need+=(socat)
	if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
		need+=(busybox-static)
	fi
	command -v xz >/dev/null || need+=(xz-utils)
	[ -x /bin/ip ] || need+=(iproute2)
	[ -x /bin/ping ] || need+=(iputils-ping)
	if [ ${#need[@]} -gt 0 ]; then
		log "installing ${need[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >&2
	fi
}

# With HVHOST_NESTED_QEMU=bpo: fetch qemu-system-x86 and its data from
# bookworm-backports into $CACHE/qemu-bpo with a private apt source list and
# package lists (the machine's apt configuration is not touched), and use
# that binary for L0.  Its libraries are all in Debian 12; SeaBIOS is the
# machine's.  Sets QEMU and QEMU_ARGS.
l0_qemu() {
	local dir=$CACHE/qemu-bpo p
	local -a apt

	[ "$QEMU_FROM" = bpo ] || return 0
	if [ ! -f "$dir/.done" ]; then
		log "fetching QEMU from bookworm-backports into $dir"
		rm -rf "$dir"
		mkdir -p "$dir/lists/partial" "$dir/debs" "$dir/root"
		echo "deb http://deb.debian.org/debian bookworm-backports main" > "$dir/sources.list"
		apt=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=-
			-o "Dir::State::Lists=$dir/lists")
		apt-get "${apt[@]}" update >&2
		(cd "$dir/debs" && apt-get "${apt[@]}" download \
			qemu-system-x86/bookworm-backports \
			qemu-system-common/bookworm-backports \
			qemu-system-data/bookworm-backports >&2)
		for p in "$dir"/debs/*.deb; do
			dpkg-deb -x "$p" "$dir/root"
		done
		touch "$dir/.done"
	fi
	QEMU=$dir/root/usr/bin/qemu-system-x86_64
	# No display, VGA or audio: QEMU would look for those modules in the
	# machine's 7.2 directory too, and abort on the first it finds there.
	QEMU_ARGS=(-L "$dir/root/usr/share/qemu" -L /usr/share/seabios
		-display none -vga none -audio none -serial stdio)
	log "L0 QEMU: $("$QEMU" --version | head -n 1)"
}

# Newest linux-image-6.12.N+deb12-amd64-unsigned the archive offers.
newest_kver() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
		sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12-amd64\)-unsigned .*/\1/p' |
		sort -V | tail -n 1
}

# Sets KVER and KIMG (extracted image with modules.dep).
fetch_kernel() {
	KVER=${HVHOST_NESTED_KVER:-$(newest_kver)}
	[ -n "$KVER" ] || { log "no linux-image-6.12.*+deb12-amd64-unsigned found"; exit 1; }
	KIMG=$CACHE/kimg-$KVER
	mkdir -p "$CACHE"
	if [ ! -f "$KIMG/.done" ]; then
		log "fetching linux-image-$KVER-unsigned"
		rm -rf "$KIMG"
		(cd "$CACHE" && apt-get download "linux-image-$KVER-unsigned" >&2)
		dpkg-deb -x "$CACHE"/linux-image-"$KVER"-unsigned_*.deb "$KIMG"
		depmod -b "$KIMG" "$KVER"
		touch "$KIMG/.done"
	fi
	if [ ! -d "/usr/src/linux-headers-$KVER" ]; then
		log "installing linux-headers-$KVER"
		DEBIAN_FRONTEND=noninteractive apt-get install -y "linux-headers-$KVER" >&2
	fi
}

# Build hvhost.ko out of tree against the matching headers, and hvvmm.
build_ours() {
	local src=$WORK/src

	mkdir -p "$src"
	rsync -a --delete --exclude .git "$REPO/" "$src/"
	log "building hvhost modules for $L1_KVER"
	make -s -C "$L1_BUILD" M="$src/drivers/hvhost" \
		CONFIG_HVHOST=m -j2 modules >&2
	log "building hvvmm and running its self-tests"
	make -s -C "$src/tools/vmm" -j2 hvvmm selftest >&2
	"$src/tools/vmm/selftest" > "$WORK/selftest.out" 2>&1 || true
	HVHOST_KOS=$(find "$src/drivers/hvhost" -name '*.ko')
	log "building the hostile-guest module"
	make -s -C "/usr/src/linux-headers-$KVER" \
		M="$src/tools/testing/nested/hostile" -j2 modules >&2
	HOSTILE_KO=$src/tools/testing/nested/hostile/hvhost_hostile.ko
	log "building the echo-traffic module"
	make -s -C "/usr/src/linux-headers-$KVER" \
		M="$src/tools/testing/nested/echo" -j2 modules >&2
	ECHO_KO=$src/tools/testing/nested/echo/hvhost_echo_guest.ko
	HVVMM=$src/tools/vmm/hvvmm
	LEAKPROBE_KO=
	if [ "$KMEMLEAK" = 1 ]; then
		log "building the kmemleak probe module"
		make -s -C "$L1_BUILD" \
			M="$src/tools/testing/nested/leakprobe" -j2 modules >&2
		LEAKPROBE_KO=$src/tools/testing/nested/leakprobe/hvhost_leakprobe.ko
	fi
}

# Copy modules (and their dependencies, in load order) decompressed into
# root $1; the order goes to $1/etc/hvhost/modules.
install_modules() {
	local root=$1 m f rel
	shift

	mkdir -p "$root/etc/hvhost" "$root/lib/modules/$KVER"
	: > "$root/etc/hvhost/modules"
	for m in "$@"; do
		modprobe --show-depends -d "$KIMG" -S "$KVER" "$m" |
			sed -n 's/^insmod \([^ ]*\).*/\1/p'
	done | awk '!seen[$0]++' | while read -r f; do
		rel=${f#"$KIMG/lib/modules/$KVER/"}
		rel=${rel%.xz}
		mkdir -p "$root/lib/modules/$KVER/$(dirname "$rel")"
		xz -dc "$f" > "$root/lib/modules/$KVER/$rel"
		echo "$rel" >> "$root/etc/hvhost/modules"
	done
}

# Copy modules (and their dependencies) decompressed into root $1 without
# listing them for loading at boot; run depmod on that root afterwards.
install_extra_modules() {
	local root=$1 m f rel
	shift

	for m in "$@"; do
		modprobe --show-depends -d "$KIMG" -S "$KVER" "$m" |
			sed -n 's/^insmod \([^ ]*\).*/\1/p'
	done | awk '!seen[$0]++' | while read -r f; do
		rel=${f#"$KIMG/lib/modules/$KVER/"}
		rel=${rel%.xz}
		mkdir -p "$root/lib/modules/$KVER/$(dirname "$rel")"
		xz -dc "$f" > "$root/lib/modules/$KVER/$rel"
	done
}

# Dynamic binaries $2... into root $1's /bin, with the libraries they need.
install_bins() {
	local root=$1 b lib
	shift

	for b in "$@"; do
		install -m 0755 "$(readlink -f "$b")" "$root/bin/$(basename "$b")"
		for lib in $(ldd "$b" | grep -o '/[^ ]*'); do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	done
}

# The networking plans' shared script and test data: a 1 MiB random block
# and the SHA-256 of the NET_MIB MiB stream net_stream makes of it.
net_data() {
	if [ ! -f "$WORK/net-block" ]; then
		head -c 1048576 /dev/urandom > "$WORK/net-block"
		# shellcheck source=net-common.sh
		echo "${HVHOST_NESTED_NET_MIB:-100}" > "$WORK/net-mib"
		(. "$NESTED_DIR/net-common.sh"
		 net_stream "$WORK/net-block" "$(cat "$WORK/net-mib")" |
			sha256sum | cut -d' ' -f1) > "$WORK/net-stream.sha256"
	fi
}

# Root $1 gets what the networking plans need on both levels.
install_net() {
	local root=$1

	net_data
	install -m 0644 "$NESTED_DIR/net-common.sh" "$WORK/net-block" \
		"$WORK/net-stream.sha256" "$WORK/net-mib" "$root/etc/hvhost/"
	install_bins "$root" "${NET_BINS[@]}"
}

base_root() {
	local root=$1

	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,usr/bin,usr/sbin}
	cp /bin/busybox "$root/bin/busybox"
	mkdir -p "$root/etc/hvhost"
	install -m 0644 "$NESTED_DIR/common-init.sh" "$root/etc/hvhost/"
}

mkcpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 > "$2"
}

build_l2() {
	local root=$WORK/l2

	base_root "$root"
	install -m 0755 "$NESTED_DIR/l2-init" "$root/init"
	install_modules "$root" "${L2_MODULES[@]}"
	install -m 0644 "$HOSTILE_KO" "$ECHO_KO" "$root/etc/hvhost/"
	install -m 0644 "$NESTED_DIR/l2-net" "$root/etc/hvhost/"
	install_net "$root"
	# For `modprobe hv_netvsc` after an rmmod.
	cp "$KIMG/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} \
		"$root/lib/modules/$KVER/"
	depmod -b "$root" "$KVER"
	mkcpio "$root" "$WORK/l2.cpio.gz"
	log "L2 initramfs $(du -h "$WORK/l2.cpio.gz" | cut -f1)"
}

# $1: plan name (a file tools/testing/nested/plan-<name>)
build_l1() {
	local root=$WORK/l1 plan=$1 ko
	local l2_vmlinuz=$KIMG/boot/vmlinuz-$KVER
	# L1's own kernel and modules from here on (the install helpers).
	local KIMG=$L1_KIMG KVER=$L1_KVER

	rm -rf "$root"
	base_root "$root"
	install -m 0755 "$NESTED_DIR/l1-init" "$root/init"
	mkdir -p "$root/etc/hvhost"
	install -m 0644 "$NESTED_DIR/plan-$plan" "$root/etc/hvhost/plan"
	install -m 0644 "$NESTED_DIR/net-l1.sh" "$root/etc/hvhost/"
	install_modules "$root" "${L1_MODULES[@]}"
	install_extra_modules "$root" "${L1_EXTRA_MODULES[@]}"
	install_net "$root"
	mkdir -p "$root/lib/modules/$KVER/updates"
	for ko in $HVHOST_KOS; do
		install -m 0644 "$ko" "$root/lib/modules/$KVER/updates/"
	done
	cp "$KIMG/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} \
		"$root/lib/modules/$KVER/"
	depmod -b "$root" "$KVER"
	install -m 0755 "$HVVMM" "$root/usr/bin/hvvmm"
	echo "$KVM_AMD_PARAMS" > "$root/etc/hvhost/kvm-amd.params"
	[ -z "$LEAKPROBE_KO" ] || install -m 0644 "$LEAKPROBE_KO" "$root/etc/hvhost/"
	mkdir -p "$root/l2"
	cp "$l2_vmlinuz" "$root/l2/vmlinuz"
	cp "$WORK/l2.cpio.gz" "$root/l2/initrd.gz"
	mkcpio "$root" "$WORK/l1.cpio.gz"
	log "L1 initramfs $(du -h "$WORK/l1.cpio.gz" | cut -f1)"
}

# monitor CMD: one command to L0 QEMU's human monitor; prints its answer.
monitor() {
	printf '%s\n' "$1" | socat -t 2 - "UNIX-CONNECT:$WORK/mon.sock" 2>/dev/null |
		tr -d '\r' | grep -v '^(qemu)\|^QEMU [0-9].*monitor' || true
}

# watch_stall PID: while L0 QEMU (PID) runs, look for a stall of TCG's
# emulated nested SVM (Documentation/testing.rst, "Faults of the emulated
# platform"): L1's pending interrupts are never taken, so L1 makes no
# progress of its own, while its vCPU spins inside an L2 guest, keeps
# re-entering one, or sits halted.  When the console has been silent for
# $STALL_SECS, three looks at L1's local APIC over $STALL_GAP seconds
# decide: the same vector waiting in IRR at every look is a stall (a CPU
# takes a deliverable interrupt within microseconds).  Then the local
# APIC and the registers go into the log as HVHOST-STALL lines,
# $WORK/stalled is created and QEMU is stopped.  Anything else is left
# running.
watch_stall() {
	local pid=$1 size=-1 now quiet=0 irr b

	while kill -0 "$pid" 2>/dev/null; do
		sleep 10
		now=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
		if [ "$now" != "$size" ]; then
			size=$now quiet=0
			continue
		fi
		quiet=$((quiet + 10))
		[ "$quiet" -ge "$STALL_SECS" ] || continue
		quiet=0
		# Three looks at L1's local APIC, STALL_GAP apart in all: the same
		# vector waiting in IRR at every look means L1 is not taking its
		# interrupts.
		irr=$(monitor 'info lapic' | grep '^IRR')
		for _ in 1 2; do
			grep -q '(none)' <<< "$irr" && break
			sleep $((STALL_GAP / 2))
			[ "$(monitor 'info lapic' | grep '^IRR')" = "$irr" ] || irr='(none)'
		done
		if [ -z "$irr" ] || grep -q '(none)' <<< "$irr"; then
			continue
		fi
		b=$(monitor 'info registers')
		{
			echo "HVHOST-STALL L1 made no progress: console silent for ${STALL_SECS}s, interrupt waiting in IRR for ${STALL_GAP}s"
			monitor 'info lapic'
			echo "$b"
		} | sed 's/^/HVHOST-STALL | /' >> "$LOG"
		: > "$WORK/stalled"
		kill "$pid" 2>/dev/null
		return 0
	done
}

# Boot L1 (recipe: TCG, emulated SVM with NPT, one vCPU, no NIC).  The whole
# run is bounded by $TIMEOUT; the console goes to $LOG.
boot_l1() {
	local start rc=0 qemu watcher

	log "booting L1 (timeout ${TIMEOUT}s), log $LOG"
	start=$(date +%s)
	rm -f "$WORK/mon.sock" "$WORK/stalled"
	# Appending (O_APPEND), so that watch_stall's lines are never
	# overwritten by QEMU's own writes.
	: > "$LOG"
	timeout -k 10 "$TIMEOUT" "$QEMU" "${QEMU_ARGS[@]}" \
		-accel tcg,thread=single -machine pc \
		-cpu EPYC,+svm,+npt,-nrip-save -smp "$L1_CPUS" -m 4G \
		-no-reboot -nic none \
		-monitor "unix:$WORK/mon.sock,server=on,wait=off" \
		-kernel "$L1_KIMG/boot/vmlinuz-$L1_KVER" -initrd "$WORK/l1.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet hvhost.pair=$PAIR hvhost.trace=$TRACE ${L1_APPEND:-}" \
		< /dev/null >> "$LOG" 2>&1 &
	qemu=$!
	watch_stall "$qemu" &
	watcher=$!
	wait "$qemu" || rc=$?
	kill "$watcher" 2>/dev/null || true
	wait "$watcher" 2>/dev/null || true
	L1_SECS=$(( $(date +%s) - start ))
	echo "$L1_SECS" > "$WORK/l1.secs"	# for callers that ran us in the background
	[ "$rc" = 124 ] && log "L0 QEMU hit the ${TIMEOUT}s timeout"
	log "L0 QEMU exited $rc after ${L1_SECS}s"
	return 0
}

# boot_l1_retry: boot_l1, and again while watch_stall stopped a stalled
# L1, at most HVHOST_NESTED_STALL_RETRIES (2) more times.  Each stalled
# run's log is kept as $LOG.stalled (then .stalled2, ...) and named on
# stdout; its checks do not count.  L1_SECS covers every boot.
boot_l1_retry() {
	local spent=0 tries=0 kept
	local max=${HVHOST_NESTED_STALL_RETRIES:-2}

	boot_l1
	while [ -e "$WORK/stalled" ] && [ "$tries" -lt "$max" ]; do
		tries=$((tries + 1))
		spent=$((spent + L1_SECS))
		kept=$LOG.stalled
		[ "$tries" = 1 ] || kept=$LOG.stalled$tries
		mv "$LOG" "$kept"
		echo "HVHOST-NOTE L1 stalled in TCG's nested SVM after ${L1_SECS}s (registers in $kept); booting it again ($tries of $max)"
		boot_l1
	done
	L1_SECS=$((spent + L1_SECS))
	echo "$L1_SECS" > "$WORK/l1.secs"
	if [ -e "$WORK/stalled" ]; then
		echo "HVHOST-NOTE L1 stalled again, $tries retries spent (registers in $LOG)"
	fi
	return 0
}

# Print one HVHOST-TEST line per expected check (missing ones FAIL), then
# any other check the run reported, and return nonzero if any failed.
# $@: expected test names.
report() {
	local clean=$WORK/console.txt name line fails=0
	declare -A want=()

	cat "$WORK/selftest.out" > "$clean"
	tr -d '\r' < "$LOG" >> "$clean"
	for name in "$@"; do
		want[$name]=1
		line=$(grep -o "HVHOST-TEST $name \(PASS\|FAIL\).*" "$clean" | tail -n 1 || true)
		if [ -z "$line" ]; then
			echo "HVHOST-TEST $name FAIL (no result)"
			fails=$((fails + 1))
		else
			echo "$line"
			case $line in *" FAIL"*) fails=$((fails + 1)) ;; esac
		fi
	done
	while read -r line; do
		name=$(echo "$line" | cut -d' ' -f2)
		[ -n "${want[$name]:-}" ] && continue
		echo "$line"
		case $line in *" FAIL"*) fails=$((fails + 1)) ;; esac
	done < <(grep -o 'HVHOST-TEST [^ ]* \(PASS\|FAIL\).*' "$clean" | awk '!seen[$2]++')
	grep -o 'HVHOST-TIME .*' "$clean" | awk '!seen[$0]++' || true
	echo "HVHOST-TIME l0-total ${L1_SECS:-$(cat "$WORK/l1.secs")}s"
	if [ "$fails" -gt 0 ]; then
		echo "---- relevant lines from $LOG ----"
		grep -E 'HVHOST-|hvvmm:|L1-DMESG|L1-KMEMLEAK|L2-DMESG|Call Trace|BUG|Oops|panic|WARNING' "$clean" |
			grep -v 'HVHOST-TEST' | tail -n 80 || true
	fi
	return "$fails"
}

# L1's kernel: Debian's stock one, or with HVHOST_NESTED_KMEMLEAK=1 the
# same source built with kmemleak.  Sets L1_KVER, L1_KIMG and L1_BUILD.
l1_kernel() {
	L1_KVER=$KVER
	L1_KIMG=$KIMG
	L1_BUILD=/usr/src/linux-headers-$KVER
	if [ "$KMEMLEAK" = 1 ]; then
		# shellcheck source=kmemleak-kernel.sh
		. "$NESTED_DIR/kmemleak-kernel.sh"
		kml_kernel
	fi
}

nested_setup() {
	ensure_packages
	l0_qemu
	fetch_kernel
	l1_kernel
	WORK=$(mktemp -d "$CACHE/work.XXXXXX")
	mkdir -p "$CACHE/logs"
	LOG=$CACHE/logs/$1-$(date -u +%Y%m%dT%H%M%SZ).log
	trap 'rm -rf "$WORK"' EXIT
	build_ours
	build_l2
	build_l1 "$1"
}
