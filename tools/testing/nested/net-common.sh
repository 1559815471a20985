# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh disable=SC2034 # the NET_ values are for the files that source this
# Shared by the networking plans of L1 (plan-net, plan-demo) and L2
# (l2-net), and by lib.sh on L0: one synthetic NIC between L1 and L2.
# POSIX sh (busybox in L1 and L2, bash on L0); defines, runs nothing.

NET_MAC=00:15:5d:c0:00:10
# hvvmm's instance GUID for that MAC (tools/vmm/nic.c).
NET_INST=6876686e-0000-4000-8000-00155dc00010
NET_L1=10.99.0.1
NET_L2=10.99.0.2
NET_PORT_SYNC=5099		# L1 -> L2 barrier (net_signal_l2/net_wait_l1)
NET_PORT_UP=5001		# L2 -> L1 transfer
NET_PORT_DOWN=5002		# L1 -> L2 transfer
NET_PORT_FLIGHT=5003		# the transfer a power-off cuts
NET_MIB=100			# size of a checked transfer (see below)

# Debian's static busybox runs its own applet for a bare command name even
# when /bin holds a real binary (FEATURE_PREFER_APPLETS): iproute2's ip and
# iputils' ping (lib.sh's NET_BINS) are called by path.
ip() {
	/bin/ip "$@"
}

ping() {
	/bin/ping "$@"
}

# net_stream BLOCK COUNT: COUNT MiB and a bit of deterministic data, each
# copy of the 1 MiB random BLOCK preceded by its number, so that lost or
# repeated chunks change the checksum.
net_stream() {
	i=0
	while [ "$i" -lt "$2" ]; do
		printf '%08d' "$i"
		cat "$1"
		i=$((i + 1))
	done
}

# net_wait_for SECS COMMAND...: poll COMMAND every 0.2 s for SECS seconds.
net_wait_for() {
	n=$(($1 * 5))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		usleep 200000
		n=$((n - 1))
	done
	return 1
}

# Seconds since boot with two decimals, for throughput lines.
net_now() {
	cut -d' ' -f1 /proc/uptime
}

# net_rate MIB T0 T1: "S.SSs M.M MB/s" (MiB per second, 1 decimal).
net_rate() {
	awk -v m="$1" -v a="$2" -v b="$3" 'BEGIN {
		d = b - a; if (d <= 0) d = 0.01
		printf "%.2fs %.1f MB/s", d, m * 1.048576 / d }'
}

# The test data in L1 and L2 (lib.sh's net_data), and the transfer size
# it was made for (HVHOST_NESTED_NET_MIB, for quicker trial runs).
NET_BLOCK=/etc/hvhost/net-block
[ -f /etc/hvhost/net-mib ] && NET_MIB=$(cat /etc/hvhost/net-mib)

# /tmp/hold, opened read-write, is a stdin that never ends: busybox nc
# closes its sending side when stdin ends, so a receiver must not see EOF.
net_hold() {
	[ -p /tmp/hold ] || mkfifo /tmp/hold
}

# net_send HOST PORT MIB: send the stream; nc returns when the peer has
# read everything and closed.
net_send() {
	net_stream "$NET_BLOCK" "$3" | nc "$1" "$2"
}

# net_receive PORT: start a checksumming receiver in the background; it is
# done when /tmp/rx-PORT.done exists.
net_receive() {
	net_hold
	rm -f "/tmp/rx-$1.sum" "/tmp/rx-$1.done"
	( nc -l -p "$1" 0<>/tmp/hold | sha256sum > "/tmp/rx-$1.sum"
	  touch "/tmp/rx-$1.done" ) &
	net_wait_for 10 net_listening "$1"
}

# net_listening PORT: something listens on TCP PORT.
net_listening() {
	netstat -tln | grep -q ":$1 "
}

# net_stats DEV: one line of the interface's and TCP's counters.
net_stats() {
	d=/sys/class/net/$1/statistics
	echo "$1: rx $(cat "$d/rx_packets") packets $(cat "$d/rx_bytes") bytes" \
		"dropped $(cat "$d/rx_dropped"), tx $(cat "$d/tx_packets") packets" \
		"$(cat "$d/tx_bytes") bytes dropped $(cat "$d/tx_dropped");" \
		"TCP $(awk '/^Tcp:/ { if (h) { print "out", $12, "retrans", $13, "in", $11; exit } h = 1 }' /proc/net/snmp)"
}

# net_received_ok PORT: the receiver got exactly the NET_MIB stream.
net_received_ok() {
	[ "$(cut -d' ' -f1 "/tmp/rx-$1.sum")" = "$(cat /etc/hvhost/net-stream.sha256)" ]
}
