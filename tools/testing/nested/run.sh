#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The nested real-guest test tier: L0 QEMU TCG -> L1 Debian 6.12 with
# kvm_amd + hvhost -> L2 stock Debian 6.12 under hvvmm.  Two L1 boots:
# plan-test (VMBus, echo traffic, a hostile guest) and plan-net (hv_netvsc
# through hvhost's synthetic NIC).  Prints one "HVHOST-TEST name PASS|FAIL"
# line per check and exits nonzero on failure.
#
#   tools/testing/nested/run.sh
#   HVHOST_NESTED_KMEMLEAK=1 tools/testing/nested/run.sh
#
# The second form boots L1 on Debian's 6.12 source built with kmemleak
# (kmemleak-kernel.sh; the first build takes about 40 minutes) and ends
# each L1 boot with a scan after hvhost is unloaded: l1-kmemleak and
# l1-net-kmemleak.
# Needs root (apt-get, no KVM on L0 required).  One run at a time: the L0
# QEMU is single-threaded TCG and takes one core.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

EXPECTED=(
	vmm-selftest-acpi vmm-selftest-aml vmm-selftest-boot
	vmm-selftest-hypercalls vmm-selftest-serial vmm-selftest-platform
	vmm-selftest-nic-parse vmm-selftest-nic-options vmm-selftest-control
	vmm-selftest-reboot
	l1-insmod-irqbypass l1-insmod-kvm l1-insmod-ccp l1-insmod-kvm-amd
	l1-dev-kvm l1-modprobe-hvhost l1-modprobe-hvhost_net
)
tags=(up smp)
[ "$PAIR" = 1 ] && tags+=(pair1 pair2)
for tag in "${tags[@]}"; do
	EXPECTED+=(
		"l2-$tag-cpus" "l2-$tag-hyperv-detected" "l2-$tag-hv-clocksource"
		"l2-$tag-insmod-hv_vmbus" "l2-$tag-vmbus-version-5.3"
		"l2-$tag-vmbus-devices" "l2-$tag-echo-device-offered"
		"l2-$tag-echo-device-class"
		"vmm-$tag-exit-poweroff" "vmm-$tag-synic-enabled"
		"vmm-$tag-initiate-contact-5.3" "vmm-$tag-hvhost-open"
		"vmm-$tag-hvhost-relayed" "vmm-$tag-request-offers"
	)
done
for tag in up smp; do
	EXPECTED+=("l2-$tag-insmod-hvhost_echo_guest" "l2-$tag-echo-traffic"
		"vmm-$tag-echo-kicks-in-kernel")
done
# Trace events, with HVHOST_NESTED_TRACE=1 only: toggling them in L1 came
# before most of the stalls of the day they were added (testing.rst).
[ "$TRACE" = 1 ] && EXPECTED+=(l1-trace-on l1-trace-contact
	l1-trace-version-response l1-trace-offer l1-trace-chan-open
	l1-net-trace-on l1-net-trace-nvsp-init l1-net-trace-rndis-mac)
EXPECTED+=(vmm-smp-synic-enabled-vcpu1)
# The smp guest reboots once (plan-test's start_l2 ... reboot).
EXPECTED+=(vmm-smp-rebooted-once vmm-smp-reboot-initiate-contact-5.3
	l2-smp-reboot-cpus l2-smp-reboot-hyperv-detected
	l2-smp-reboot-insmod-hv_vmbus l2-smp-reboot-vmbus-version-5.3
	l2-smp-reboot-vmbus-devices l2-smp-reboot-echo-device-offered
	l2-smp-reboot-echo-device-class l2-smp-reboot-insmod-hvhost_echo_guest
	l2-smp-reboot-echo-traffic)
for c in payload-too-big payload-huge message-type-0 message-type-2 \
	payload-short conn-id-old conn-id-unknown conn-id-huge msgtype-unknown \
	input-misaligned input-crosses-page post-fast flood signal-many \
	post-after-abuse; do
	EXPECTED+=("l2-hostile-$c")
done
EXPECTED+=(l2-hostile-insmod-hv_vmbus l2-hostile-vmbus-version-5.3
	l2-hostile-insmod-hvhost_hostile vmm-hostile-exit-poweroff
	l1-rmmod-hvhost_net l1-rmmod-hvhost l1-hvhost-unloaded l1-kernel-clean)

# plan-net and l2-net, in the order they run.
EXPECTED+=(l1-net-insmod-irqbypass l1-net-insmod-kvm l1-net-insmod-ccp
	l1-net-insmod-kvm-amd l1-net-dev-kvm l1-net-modprobe-hvhost
	l1-net-modprobe-hvhost_net l1-net-modprobe-bridge
	l1-net-port-created l1-net-port-kind l1-net-link-add-refused
	l2-net-netvsc-bound l2-net-eth0 l2-net-mac l2-net-link-up
	l1-net-carrier l2-net-ping-l1 l1-net-ping-l2
	l1-net-bridge-port l1-net-bridge-ping-l2 l2-net-bridge-ping-l1
	l1-net-tcp-l2-to-l1 l1-net-tcp-l1-to-l2-sent l2-net-tcp-l1-to-l2
	l1-net-mtu-9000 l2-net-mtu-9000 l2-net-ping-9000 l1-net-ping-9000
	l2-net-rmmod-hv_netvsc l2-net-modprobe-hv_netvsc
	l2-net-reload-netvsc-bound l2-net-reload-eth0 l2-net-reload-mac
	l2-net-reload-link-up l2-net-reload-ping-l1 l1-net-reload-ping-l2
	l1-net-port-del l1-net-port-gone l2-net-hot-remove l1-net-readd
	l2-net-readd-netvsc-bound l2-net-readd-eth0 l2-net-readd-mac
	l2-net-readd-link-up l2-net-readd-ping-l1 l1-net-readd-ping-l2
	l1-net-vmm-del l1-net-vmm-del-port-gone l2-net-vmm-del l1-net-vmm-readd
	l2-net-vmm-readd-netvsc-bound l2-net-vmm-readd-eth0 l2-net-vmm-readd-mac
	l2-net-vmm-readd-link-up l2-net-vmm-readd-ping-l1 l1-net-vmm-readd-ping-l2
	vmm-net-rebooted l1-net-reboot-port-kept l2-net-reboot-netvsc-bound
	l2-net-reboot-eth0 l2-net-reboot-mac l2-net-reboot-link-up
	l2-net-reboot-ping-l1 l1-net-reboot-ping-l2
	l2-net-in-flight vmm-net-exit-poweroff vmm-net-hvhost-open
	l1-net-port-gone-at-exit l1-net-rmmod-hvhost_net l1-net-rmmod-hvhost
	l1-net-kernel-clean)

[ "$KMEMLEAK" = 1 ] && EXPECTED+=(l1-kmemleak l1-kmemleak-probe
	l1-net-kmemleak l1-net-kmemleak-probe)

nested_setup test
boot_l1_retry
logs=("$LOG")
secs=$L1_SECS

# The networking boot: its own plan, its own L1 check names (l1-net-...).
build_l1 net
LOG=$CACHE/logs/net-$(date -u +%Y%m%dT%H%M%SZ).log
L1_APPEND=hvhost.l1=net TIMEOUT=${HVHOST_NESTED_NET_TIMEOUT:-1800} boot_l1_retry
logs+=("$LOG")
L1_SECS=$((secs + L1_SECS))

LOG=$WORK/both.log
cat "${logs[@]}" > "$LOG"
report "${EXPECTED[@]}"
