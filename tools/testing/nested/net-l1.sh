# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=dash
# L1's helpers for the networking plans (plan-net, plan-demo): run one L2
# guest under hvvmm with the NIC NET_MAC and follow its console.

NET_CTL=/tmp/hvvmm-net.ctl
NET_VMM_FLAGS=--verbose		# plan-demo: none

# net_start_l2 TAG SECS [reboot]: boot the guest in the background for at
# most SECS; its console and hvvmm's log go to $NET_OUT (and, live, to
# ours), its exit status to $NET_RC.  "reboot": the guest reboots once
# when told to (l2-init's hvhost.reboot=1) and hvvmm restarts it with
# hvhost.boot=2 (plan-test's start_l2 does the same).
#
# net_memcg_setup: a cgroup v2 memory controller for hvvmm, so that the
# kernel memory hvhost charges to the VMM (GFP_KERNEL_ACCOUNT: channels,
# GPADLs, the NIC, its port) can be read while it runs and after it exits.
NET_CG=/sys/fs/cgroup/vmm
net_memcg_setup() {
	mkdir -p /sys/fs/cgroup
	mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	mkdir -p "$NET_CG"
}

# net_memcg_report WHEN: the cgroup's kernel memory, in bytes.
net_memcg_report() {
	[ -r "$NET_CG/memory.stat" ] || return 0
	echo "HVHOST-L1: memcg $1: $(grep -E '^(kernel|slab_unreclaimable|slab_reclaimable|vmalloc|percpu) ' "$NET_CG/memory.stat" | tr '\n' ' ')"
}

net_start_l2() {
	NET_OUT=/tmp/vmm-$1.out
	NET_RC=/tmp/vmm-$1.rc
	rm -f "$NET_RC"
	: > "$NET_OUT"
	c="console=ttyS0 quiet panic=-1 hvhost.tag=$1 hvhost.cpus=1"
	if [ "${3:-}" = reboot ]; then
		set -- "$1" "$2" --max-reboots 1 --cmdline "$c hvhost.reboot=1" \
			--reboot-cmdline "$c hvhost.boot=2"
	else
		set -- "$1" "$2" --reboot exit --cmdline "$c"
	fi
	secs=$2
	shift 2
	(
		# This subshell (and so hvvmm) into the VMM's cgroup, if any.
		echo 0 > "$NET_CG/cgroup.procs" 2>/dev/null
		# shellcheck disable=SC2086 # empty or one word
		timeout "$secs" hvvmm --kernel /l2/vmlinuz --initrd /l2/initrd.gz \
			--mem 512 --cpus 1 $NET_VMM_FLAGS --echo 1 \
			--nic "mac=$NET_MAC" --control "$NET_CTL" "$@" \
			>> "$NET_OUT" 2>&1
		echo $? > "$NET_RC"
	) &
	tail -f "$NET_OUT" &
	NET_TAIL=$!
}

# Let the live copy catch up, then end it.
net_stop_l2() {
	sleep 1
	kill "$NET_TAIL" 2>/dev/null
}

# net_wait_out SECS STRING: wait for STRING in hvvmm's output; fails at
# once if hvvmm has exited without printing it.
net_wait_out() {
	n=$(($1 * 5))
	while [ "$n" -gt 0 ]; do
		grep -qF "$2" "$NET_OUT" && return 0
		if [ -e "$NET_RC" ]; then
			grep -qF "$2" "$NET_OUT" && return 0
			echo "HVHOST-L1: hvvmm exited before '$2'" > /dev/console
			return 1
		fi
		usleep 200000
		n=$((n - 1))
	done
	echo "HVHOST-L1: no '$2' after $1 s" > /dev/console
	return 1
}

# net_signal_l2 WORD: tell L2 (waiting in net_wait_l1) to go on.
net_signal_l2() {
	n=120
	while [ "$n" -gt 0 ] && [ ! -e "$NET_RC" ]; do
		echo "$1" | timeout 5 nc "$NET_L2" "$NET_PORT_SYNC" > /dev/null 2>&1 &&
			return 0
		usleep 500000
		n=$((n - 1))
	done
	echo "HVHOST-L1: could not tell L2 '$1'" > /dev/console
	return 1
}

# net_port_addr DEV: NET_L1/24 on DEV, up.
net_port_addr() {
	ip link set "$1" up
	ip addr add "$NET_L1/24" dev "$1"
}

net_ping_l2() {
	ping -c 1 -W 1 "$NET_L2"
}

# net_guest_wait SECS COMMAND...: net_wait_for, but give up at once when
# the guest has ended.
net_guest_wait() {
	n=$(($1 * 5))
	shift
	while [ "$n" -gt 0 ] && [ ! -e "$NET_RC" ]; do
		"$@" >/dev/null 2>&1 && return 0
		usleep 200000
		n=$((n - 1))
	done
	"$@" >/dev/null 2>&1
}

# net_set_mtu DEV MTU: set it and read it back.
net_set_mtu() {
	ip link set "$1" mtu "$2" && grep -qx "$2" "/sys/class/net/$1/mtu"
}

# net_is_kind DEV KIND and net_has_master DEV MASTER, from `ip -d link`.
net_is_kind() {
	ip -d link show "$1" | grep -qw "$2"
}

net_has_master() {
	ip -d link show "$1" | grep -q "master $2 "
}

net_port_gone() {
	! test -e "/sys/class/net/$1"
}

# net_control COMMAND: send COMMAND to hvvmm's control FIFO and wait for
# its answer; succeeds if the answer is "ok".  hvhost refuses to re-add an
# instance (EBUSY) until the guest has released the rescinded channel,
# which may come a moment after its device is gone: an error answer is
# retried for 30 s.
net_control() {
	n=30
	while [ "$n" -gt 0 ] && [ ! -e "$NET_RC" ]; do
		before=$(grep -cF "control: $1:" "$NET_OUT")
		echo "$1" > "$NET_CTL"
		net_wait_for 10 net_answered "$1" "$before"
		[ "$(grep -F "control: $1:" "$NET_OUT" | tail -n 1 |
		     sed 's/.*: \(ok\|error\) .*/\1/')" = ok ] && return 0
		sleep 1
		n=$((n - 1))
	done
	return 1
}

# net_answered COMMAND N: hvvmm has answered COMMAND more than N times.
net_answered() {
	[ "$(grep -cF "control: $1:" "$NET_OUT")" -gt "$2" ]
}

# net_readd: the NIC back through hvvmm, as port hvnet0.
net_readd() {
	net_control "nic-add mac=$NET_MAC" &&
		grep -F "control: nic-add mac=$NET_MAC:" "$NET_OUT" | tail -n 1 |
		grep -q "ok port hvnet0 "
}

# net_progress_start / net_progress_stop: while a transfer runs, print the
# port's counters every 30 s, so that a slow transfer and a stalled one
# look different in the log.
net_progress_start() {
	(
		while sleep 30; do
			echo "HVHOST-L1: $(net_stats hvnet0)"
		done
	) &
	NET_PROGRESS=$!
}

net_progress_stop() {
	kill "$NET_PROGRESS" 2>/dev/null
}
