# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
# Sourced by the L1 and L2 /init scripts (busybox sh, PID 1).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
KVER=$(uname -r)

# mark NAME PASS|FAIL [detail]
mark() {
	echo "HVHOST-TEST $1 $2${3:+ ($3)}"
}

# check NAME COMMAND...: PASS if COMMAND succeeds.
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		mark "$name" PASS
	else
		mark "$name" FAIL
	fi
}

# Load the modules listed in /etc/hvhost/modules, each with the parameters
# in /etc/hvhost/<name>.params if there is one; $1 is a test-name prefix.
load_modules() {
	while read -r m; do
		n=$(basename "$m" .ko)
		a=
		[ ! -e "/etc/hvhost/$n.params" ] || a=$(cat "/etc/hvhost/$n.params")
		# shellcheck disable=SC2086 # $a: zero or more name=value words
		if insmod "/lib/modules/$KVER/$m" $a 2>/tmp/insmod.err; then
			mark "$1-insmod-$n" PASS
		else
			mark "$1-insmod-$n" FAIL "$(tr "\n" " " < /tmp/insmod.err)"
		fi
	done < /etc/hvhost/modules
}

# Trace events (Documentation/hvhost: vmbus.rst, netvsp.rst): trace_on
# SYSTEM empties the trace buffer and enables SYSTEM's events; trace_off
# SYSTEM disables them; trace_has REGEX looks for an event line, and
# trace_show SYSTEM puts that system's lines in the log.
TRACEFS=/sys/kernel/tracing
trace_on() {
	[ -e $TRACEFS/trace ] || mount -t tracefs tracefs $TRACEFS 2>/dev/null
	echo > $TRACEFS/trace
	echo 1 > "$TRACEFS/events/$1/enable"
}
trace_off() {
	echo 0 > "$TRACEFS/events/$1/enable"
}
trace_has() {
	grep -qE "$1" $TRACEFS/trace
}
trace_show() {
	grep -E " $1_" $TRACEFS/trace | head -n 40 | sed "s/^ */HVHOST-TRACE: /"
}

# kmemleak, in an L1 kernel built with it (HVHOST_NESTED_KMEMLEAK=1).
KMEMLEAK=/sys/kernel/debug/kmemleak

# Before hvhost loads: no automatic scans (their dmesg lines would fail the
# plans' kernel-clean checks), and what the boot leaked is forgotten.
kmemleak_arm() {
	[ -e $KMEMLEAK ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	[ -e $KMEMLEAK ] || return 0
	echo scan=off > $KMEMLEAK
	echo scan > $KMEMLEAK
	echo clear > $KMEMLEAK
	echo "HVHOST-L1: kmemleak armed after $(cut -d' ' -f1 /proc/uptime)s"
}

# After the modules are gone: nothing unreferenced since kmemleak_arm.
# kmemleak reports only objects older than 5 s, and an object must look
# unreferenced in two scans; the reports go to the log.
kmemleak_clean() {
	sleep 6
	echo scan > $KMEMLEAK
	echo scan > $KMEMLEAK
	cat $KMEMLEAK > /tmp/kmemleak.txt
	sed 's/^/L1-KMEMLEAK: /' /tmp/kmemleak.txt
	echo "HVHOST-L1: kmemleak: $(grep -c '^unreferenced object' /tmp/kmemleak.txt) unreferenced objects"
	[ ! -s /tmp/kmemleak.txt ]
}

# The positive control: hvhost_leakprobe loses four 256-byte objects on
# load; the scan after its unload must report at least one (a stale
# pointer copy may hide some) and nothing that is not one of them.
kmemleak_probe() {
	echo clear > $KMEMLEAK
	insmod /etc/hvhost/hvhost_leakprobe.ko || return 1
	rmmod hvhost_leakprobe || return 1
	kmemleak_clean && return 1
	n=$(grep -c '^unreferenced object' /tmp/kmemleak.txt)
	[ "$n" -ge 1 ] && [ "$n" -le 4 ] &&
		[ "$(grep -c '(size 256)' /tmp/kmemleak.txt)" = "$n" ] &&
		[ "$(grep -c 'comm "insmod"' /tmp/kmemleak.txt)" = "$n" ]
}

power_off() {
	sync
	poweroff -f
	# Not reached unless power-off failed: let panic=-1 end the run.
	echo "HVHOST: poweroff failed"
	exit 1
}
