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

# Load the modules listed in /etc/hvhost/modules; $1 is a test-name prefix.
load_modules() {
	while read -r m; do
		n=$(basename "$m" .ko)
		if insmod "/lib/modules/$KVER/$m" 2>/tmp/insmod.err; then
			mark "$1-insmod-$n" PASS
		else
			mark "$1-insmod-$n" FAIL "$(tr "\n" " " < /tmp/insmod.err)"
		fi
	done < /etc/hvhost/modules
}

power_off() {
	sync
	poweroff -f
	# Not reached unless power-off failed: let panic=-1 end the run.
	echo "HVHOST: poweroff failed"
	exit 1
}
